"""Canonical, process-independent digests of what an output is made from (never Python's
hash()): equal digests across builds mean the old file can be kept unrendered."""
from __future__ import annotations

import dataclasses
import hashlib
import operator
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Callable, Mapping

from .model import Article, Story
from .plan import Page


_SCALAR_TYPES = (str, int, float, bool, type(None), datetime, date)


class Digester:
    """Canonical, process-independent digests of page contexts (never Python's hash())."""

    def __init__(self, article_tokens: Mapping[str, str]):
        self.article_tokens = article_tokens  # source → content digest
        self._stories: dict[int, str] = {}
        self._articles: dict[int, str] = {}
        self._sequences: dict[int, tuple[Any, str]] = {}
        self._exact: dict[type, Callable[[Any], str]] = {
            **dict.fromkeys(_SCALAR_TYPES, repr), list: self._sequence, tuple: self._sequence,
            dict: self._mapping, MappingProxyType: self._mapping, Article: self.article, Story: self.story}

    def article(self, a: Article) -> str:
        key = id(a)
        if key not in self._articles:
            self._articles[key] = f"A({a.source},{self.article_tokens.get(a.source, '')},{a.slug})"
        return self._articles[key]

    def story(self, s: Story) -> str:
        key = id(s)
        if key not in self._stories:
            wires = sorted((k, tuple(self.article(c) for c in v)) for k, v in s.wire_copies.items())
            self._stories[key] = f"S({s.slug},{[self.article(a) for a in s.members]},{wires})"
        return self._stories[key]

    def value(self, v: Any) -> str:
        exact = self._exact.get(type(v))  # runs for every value of 20,000 page contexts
        if exact is not None:
            return exact(v)
        if isinstance(v, Article):
            return self.article(v)
        if isinstance(v, Story):
            return self.story(v)
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
        self._sequences[id(v)] = (v, text)  # holding v keeps its id from being reused
        return text

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
        return hashlib.sha1(f"{path}|{settings}|{parts}".encode("utf-8", "surrogatepass")).hexdigest()


def same(a: Any, b: Any) -> bool:
    """Whether two page contexts are made of the very same articles and stories and equal
    everything else, so that their digests are equal without working them out: what
    lets a long-lived process skip digesting the pages an edit did not touch."""
    if a is b:
        return True
    t = type(a)
    if t is not type(b) or t is Article or t is Story:
        return False
    if t is list or t is tuple:
        return len(a) == len(b) and (all(map(operator.is_, a, b)) or all([same(x, y) for x, y in zip(a, b)]))
    if t is dict or t is MappingProxyType:
        return a.keys() == b.keys() and all([same(x, b[k]) for k, x in a.items()])
    if t is str:
        return a == b
    return (t in _SCALAR_TYPES or dataclasses.is_dataclass(a)) and repr(a) == repr(b)  # as value() sees them
