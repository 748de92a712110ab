"""Canonical, process-independent digests of what an output is made from (never Python's
hash()): equal digests across builds mean the old file can be kept unrendered."""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Callable, Mapping, Sequence

from ..model import Article, Link, Provider, Story, Topic
from ..reuse.memo import Last, differing
from .charts import Activity
from .plan import Links, Page

_SCALAR_TYPES = (str, int, float, bool, type(None), datetime, date)


def _short(text: str) -> str:
    """A digest of `text` short enough to repeat in every page's text that shows it."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


class Digester:
    """Canonical, process-independent digests of page contexts (never Python's hash())."""

    def __init__(self, article_tokens: Mapping[str, str], links: Links | None = None, last: Last | None = None):
        """`links`: what a page's outlets show (their records, pages and logos: `provider`);
        `last`: the previous build's call, in a long-lived process. Its article and story
        digests are taken for the very same objects, while the outlets' records are the same:
        an object the parse cache and the story grouping handed back unchanged was made from
        the same file content."""
        last = last.result if last is not None and last.result.links == links else None
        self.article_tokens = article_tokens  # source → content digest
        self.links = links
        self._stories: dict[int, tuple[Story, str]] = {}
        self._articles: dict[int, tuple[Article, str]] = {}
        self._providers: dict[int, tuple[Provider, str]] = {}
        self._last_stories = last._stories if last else {}
        self._last_articles = last._articles if last else {}
        self._keys: dict[str, tuple[str, str, str]] = {}
        self._last_keys = last._keys if last else {}
        self._sequences: dict[int, tuple[Any, str]] = {}
        self._exact: dict[type, Callable[[Any], str]] = {
            **dict.fromkeys(_SCALAR_TYPES, repr), list: self._sequence, tuple: self._sequence,
            dict: self._mapping, MappingProxyType: self._mapping, Article: self.article, Story: self.story,
            Provider: self.provider, Link: self.link}

    def provider(self, p: Provider | None) -> str:
        """What a badge of `p` shows: the site's record of the outlet (Links.known), whether
        that has a page, whether its logo is a file of the site. Not the whole registry: an
        outlet's first article re-renders the pages that show that outlet, not every page."""
        if p is None or self.links is None:
            return repr(p)
        links = self.links
        known = links.known(p)  # mostly the registry's own record: one text per outlet
        held = self._providers.get(id(known))  # the entry holds it, so its id stays its own
        if held is None:
            logo = known.logo.url if known.logo else ""
            text = f"{known!r},{known.slug in links.provider_pages},{logo in links.missing_logos}"
            held = self._providers[id(known)] = (known, _short(text))
        return held[1]

    def link(self, item: Link) -> str:
        return f"L({item!r},{self.provider(item.provider)})"

    def article(self, a: Article) -> str:
        held = self._articles.get(id(a))  # the entry holds the article, so its id stays its own
        if held is None:
            held = self._last_articles.get(id(a))
            if held is None or held[0] is not a:
                # its outlet's name as the page prints it ("Read the full article at"), and its badges
                shown = [a.provider, *(r.provider for r in a.related)]
                outlets = _short(",".join([a.provider.name, *map(self.provider, shown)]))
                held = (a, f"A({a.source},{self.article_tokens.get(a.source, '')},{a.slug},{outlets})")
            self._articles[id(a)] = held
        return held[1]

    def story(self, s: Story) -> str:
        held = self._stories.get(id(s))
        if held is None:
            held = self._last_stories.get(id(s))
            if held is None or held[0] is not s:
                wires = sorted((k, tuple(self.article(c) for c in v)) for k, v in s.wire_copies.items())
                held = (s, f"S({s.slug},{[self.article(a) for a in s.members]},{wires})")
            self._stories[id(s)] = held
        return held[1]

    def value(self, v: Any) -> str:
        exact = self._exact.get(type(v))  # runs for every value of 20,000 page contexts
        if exact is not None:
            return exact(v)
        if isinstance(v, Article):
            return self.article(v)
        if isinstance(v, Story):
            return self.story(v)
        if isinstance(v, Provider):
            return self.provider(v)
        if isinstance(v, Link):
            return self.link(v)
        if isinstance(v, _SCALAR_TYPES):  # subclasses, e.g. Markup
            return repr(v)
        if isinstance(v, (list, tuple)):
            return self._sequence(v)
        if isinstance(v, Mapping):
            return self._mapping(v)
        if dataclasses.is_dataclass(v):
            return repr(v)
        raise TypeError(f"cannot digest {type(v).__name__} in a page context")

    def _sequence(self, v: list | tuple) -> str:
        held = self._sequences.get(id(v))  # lists shared by pages (a story's "Earlier in" lists) are done once
        if held is not None and held[0] is v:
            return held[1]
        exact, parts = self._exact, []
        for x in v:  # value() inlined for the exact types: lists of stories are most of it
            f = exact.get(type(x))
            parts.append(f(x) if f is not None else self.value(x))
        text = "[" + ",".join(parts) + "]"
        if type(v) is list:  # lists are what pages share; a tuple is one page's own
            self._sequences[id(v)] = (v, text)  # holding v keeps its id from being reused
        return text

    def forget_sequences(self) -> None:
        """Drop the lists' texts once the pages are digested: they pay only within that pass,
        and held on they would be 40 MB at 10,000 articles, through rendering (whose forked
        workers inherit them) and, in the preview server, until the next build."""
        self._sequences.clear()

    def _mapping(self, v: Mapping) -> str:
        exact, parts = self._exact, []
        for k, x in sorted(v.items()):
            f = exact.get(type(x))
            parts.append(f"{k!r}:{f(x) if f is not None else self.value(x)}")
        return "{" + ",".join(parts) + "}"

    def page(self, page: Page, templates: str, settings: str) -> str:
        text = f"{page.output}|{page.template}|{templates}|{settings}|{self.value(page.context)}"
        return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()

    def key(self, path: str, parts: str, settings: str) -> str:
        """The digest of a generated file (feed, API) from what it is made of."""
        held = self._last_keys.get(path)
        if held is None or held[0] != parts or held[1] != settings:
            held = (parts, settings, hashlib.sha1(f"{path}|{settings}|{parts}".encode("utf-8", "surrogatepass")).hexdigest())
        self._keys[path] = held
        return held[2]


# Types whose equal values have equal reprs (so equal digests): no float (-0.0 == 0.0), no
# datetime (equal instants in two time zones), no dataclass that may hold either.
_EQUAL_IS_SAME = frozenset({str, int, date, Topic, Activity})


def same(a: Any, b: Any) -> bool:
    """Whether two page contexts are made of the very same articles and stories and equal
    everything else, so that their digests are equal without working them out: what
    lets a long-lived process skip digesting the pages an edit did not touch. Runs for
    every page of every rebuild, so identical items are skipped without a call."""
    if a is b:
        return True
    t = type(a)
    if t is not type(b) or t is Article or t is Story:
        return False
    if t is dict or t is MappingProxyType:
        if a.keys() != b.keys():
            return False
        for k, x in a.items():
            y = b[k]
            if x is not y and not same(x, y):
                return False
        return True
    if t is list or t is tuple:
        if len(a) != len(b):
            return False
        for x, y in zip(a, b):
            if x is not y and not same(x, y):
                return False
        return True
    if t in _EQUAL_IS_SAME:
        return a == b
    return (t in _SCALAR_TYPES or dataclasses.is_dataclass(a)) and repr(a) == repr(b)  # as value() sees them


@dataclass(frozen=True)
class PageDigests:
    """Each page's digest, in plan order, with what they were worked out from."""

    keys: dict[str, tuple[str, str, str]]  # template → (name, closure, settings)
    links: Links | None  # the digester's: what the pages' outlets showed
    pages: list[Page]
    outputs: list[str]
    digests: list[str]
    by_output: dict[str, tuple[tuple[str, str, str], Any, str]]  # output → (key, context, digest)

    def by_page(self) -> dict[str, str]:
        return dict(zip(self.outputs, self.digests))


def page_digests(pages: Sequence[Page], closures: Mapping[str, str], settings: str, d: Digester,
                 last: Last | None = None) -> PageDigests:
    """Each page's digest. `closures`: each template's digest with all it uses
    (render.template_closures). `last` (this stage's previous call, in a long-lived process)
    gives it unworked for a page made of the very same objects with the same templates and
    settings. When there are as many pages as last time, only those that are not the very
    page objects of last time in the same places are looked at (found by a C-level pass,
    not a loop of 20,000: the plan hands back the pages an edit did not touch)."""
    keys = {name: (name, closure, settings) for name, closure in closures.items()}
    was = last.result if last is not None and last.result.links == d.links else None  # an outlet's record changed
    try:
        if was is not None and keys == was.keys and len(pages) == len(was.pages):
            outputs, digests, held = was.outputs.copy(), was.digests.copy(), was.by_output
            for i in differing(pages, was.pages):
                p = pages[i]  # a stale entry of `held` is used only for a page of its very output and context
                outputs[i], digests[i] = p.output, _digest(p, keys[p.template], held, d, settings)
            return PageDigests(keys, d.links, list(pages), outputs, digests, held)
        held, fresh = was.by_output if was is not None else {}, {}
        digests = [_digest(p, keys[p.template], held, d, settings, fresh) for p in pages]
        return PageDigests(keys, d.links, list(pages), [p.output for p in pages], digests, fresh)
    finally:
        d.forget_sequences()


def _digest(p: Page, key: tuple[str, str, str], held: dict[str, tuple], d: Digester, settings: str,
            fresh: dict[str, tuple] | None = None) -> str:
    """A page's digest: the held one when the page's output has the same template key and
    a context the same as the held entry's (digest.same), else worked out."""
    last = held.get(p.output)
    if last is not None and (last[1] is p.context or same(last[1], p.context)) and last[0] == key:
        digest = last[2]
    else:
        digest = d.page(p, key[1], settings)
    (held if fresh is None else fresh)[p.output] = (key, p.context, digest)
    return digest
