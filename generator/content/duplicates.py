"""One article, one page. Files that give the same article (the same normalised webUrl or
originalUrl) are one article: scrapers save an article again in another folder (everyday-cc
keeps copies under `_archive/_news/` and `_news/`, each with part of the related links), and
an outlet's piece may come as front matter, plain text and an HTML page alike.

The newer file wins (updatedDateTime, else publishedDateTime), then the richer one, then the
path that sorts first: a rule of the files' contents alone, so the choice does not depend on
the order files are read in, and an incremental build makes the choice a clean one makes.
The winner's fields stand; what it lacks the others fill in; related lists are merged. The
other files are reported as duplicates of it."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Sequence

from ..model import Article, Diagnostic, Link
from ..report import Report
from ..reuse.memo import Last, differing
from ..terms import article_terms
from ..urls import normalise_url

# fields the winner takes from the others when it has none (the body goes with its text)
_FILLED = ("excerpt", "updated", "web_url", "original_url", "amp_web_url", "cdn_amp_web_url", "category",
           "quality", "heat", "locale", "images", "byline", "dateline")
_EPOCH = datetime.min.replace(tzinfo=timezone.utc)


@dataclass
class Merged:
    articles: list[Article]  # by source path, one per article
    duplicates: dict[str, str] = field(default_factory=dict)  # source of a duplicate → source of its article
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)  # source of a merged article → all its files
    diagnostics: list[Diagnostic] = field(default_factory=list)
    dropped: list[Article] = field(default_factory=list)  # the duplicates' own articles
    members: list[list[int]] = field(default_factory=list)  # indices of the input, one list per article of several files
    merges: dict[tuple[int, ...], tuple[tuple[Article, ...], Article]] = field(default_factory=dict)  # files' ids → merged

    def into(self, report: Report, tokens: dict[str, str] | None) -> None:
        """The duplicates' outcome and note; a merged article's content token is its files'
        together, so its pages change when any of them does."""
        for source in self.duplicates:
            report.outcomes[source] = "duplicate"
        report.diagnostics.extend(self.diagnostics)
        if tokens is not None:
            for source, files in self.groups.items():
                tokens[source] = "+".join(tokens.get(f, "") for f in files)


def merge_duplicates(articles: Sequence[Article], related_limit: int, last: Last | None = None) -> Merged:
    """`articles` by source path. `last` (this stage's previous call) only saves work: an
    edit that leaves every article's URLs as they were leaves the groups as they were, so
    only the articles that are not the very objects of last time are looked at (found in
    C), not the URLs of all 10,000; and a group whose files are the very same objects keeps
    the very same merged article."""
    was, held_merges = (last.inputs[0], last.result.merges) if last is not None else ((), {})
    if last is not None and len(articles) == len(was) and all(
            articles[i].url_keys == was[i].url_keys for i in differing(articles, was)):
        groups = last.result.members  # type: ignore[union-attr]
    else:
        groups = _groups(articles)
    out = Merged(list(articles), members=groups)
    made = out.merges
    dropped: list[int] = []
    for members in groups:
        files = tuple(sorted((articles[i] for i in members), key=_precedence))
        key = tuple(map(id, files))
        held = held_merges.get(key)
        merged = held[1] if held is not None and all(map(_is, held[0], files)) else _merged(files, related_limit)
        made[key] = (files, merged)
        winner = files[0]
        out.groups[winner.source] = tuple(sorted(a.source for a in files))
        for i in members:
            if articles[i] is winner:
                out.articles[i] = merged
            else:
                dropped.append(i)
                other = articles[i]
                out.duplicates[other.source] = winner.source
                out.dropped.append(other)
                out.diagnostics.append(Diagnostic(other.source, 0, "file", "info",
                                                  f"a duplicate of {winner.source} (the same {_shared(other, winner)}); "
                                                  f"merged into its page"))
    for i in sorted(dropped, reverse=True):
        del out.articles[i]
    out.diagnostics.sort(key=lambda d: d.path)
    return out


def _groups(articles: Sequence[Article]) -> list[list[int]]:
    """The articles that share a URL identity, as lists of indices (each in order)."""
    first: dict[str, int] = {}  # URL identity → the first article (by path) that has it
    parent: dict[int, int] = {}
    for i, a in enumerate(articles):  # the bare loop: 10,000 articles when files come or go
        for key in a.url_keys:
            j = first.setdefault(key, i)
            if j != i and not (key.endswith("/") and key.count("/") == 3):  # "//host/", a front page, names no one article
                parent[_root(parent, i)] = _root(parent, j)
    groups: dict[int, set[int]] = {}
    for i in parent:
        root = _root(parent, i)
        groups.setdefault(root, {root}).add(i)
    return [sorted(members) for _, members in sorted(groups.items())]


def _root(parent: dict[int, int], i: int) -> int:
    while parent.get(i, i) != i:
        parent[i] = parent.get(parent[i], parent[i])
        i = parent[i]
    return i


def _is(a: object, b: object) -> bool:
    return a is b


def _precedence(a: Article) -> tuple:
    """The winner first: the newer, then the richer, then the path that sorts first."""
    newest = max(a.published, a.updated or a.published)
    return (-newest.timestamp(), -_richness(a), -len(a.related), -len(a.body_text) - len(a.excerpt), a.source)


def _richness(a: Article) -> int:
    return sum(1 for name in _FILLED if getattr(a, name) not in (None, "", ())) + bool(a.body_html)


def _shared(a: Article, b: Article) -> str:
    """Which of their URLs the two files share, as the schema names it."""
    def key(x: Article, name: str) -> str | None:
        url = getattr(x, name)
        return normalise_url(url) if url else None

    for name, label in (("web_url", "webUrl"), ("original_url", "originalUrl")):
        if key(a, name) is not None and key(a, name) == key(b, name):
            return label
    return "URL"


def _merged(files: tuple[Article, ...], limit: int) -> Article:
    """The winner (files[0]) with what it lacks filled in from the others, in order, and
    every file's related links."""
    winner, changes = files[0], {}
    for name in _FILLED:
        if getattr(winner, name) in (None, "", ()):
            value = next((getattr(a, name) for a in files[1:] if getattr(a, name) not in (None, "", ())), None)
            if value is not None:
                changes[name] = value
    if not winner.body_html:
        donor = next((a for a in files[1:] if a.body_html), None)
        if donor is not None:
            changes.update(body_html=donor.body_html, body_text=donor.body_text)
    related = _related(files, limit)
    if [link.key for link in related] != [link.key for link in winner.related]:
        changes["related"] = related
    if not changes:
        return winner
    merged = dataclasses.replace(winner, **changes)
    if {"excerpt", "body_html"} & changes.keys():
        merged = dataclasses.replace(merged, terms=article_terms(merged.title, merged.excerpt, merged.body_text))
    return merged


def _related(files: Sequence[Article], limit: int) -> tuple[Link, ...]:
    """Every file's related links, once each (the winner's copy of a link first), none
    pointing at the article itself; newest first, as each file's own list is."""
    own = {key for a in files for key in a.url_keys}
    links: dict[str, Link] = {}
    for a in files:
        for link in a.related:
            if link.key not in own:
                links.setdefault(link.key, link)
    return tuple(sorted(links.values(), key=lambda l: (l.published or _EPOCH, l.url), reverse=True)[:limit])
