"""Providers: one identity per outlet. Domains are the key; site overrides give display
names and logos, and aliases fold "AP" and "Associated Press" into one provider."""
from __future__ import annotations

import dataclasses
import operator
import re
import zlib
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from ..config import ProviderOverride
from ..model import Article, Image, Provider, pixels
from ..reuse.memo import Last
from ..text import slugify
from ..urls import clean_domain

_DOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")


def provider_slug(domain: str, name: str) -> str:
    """A path segment: the domain itself when it is a plain host name."""
    if _DOMAIN.match(domain):
        return domain
    return slugify(domain) or slugify(name) or "unknown"


def monogram_hue(domain: str) -> int:
    """A stable hue per outlet; crc32 rather than hash() so it is the same in every process."""
    return zlib.crc32(domain.encode("utf-8")) % 360


@dataclass(frozen=True)
class ProviderDirectory:
    """Resolves raw provider data against the overrides in site.toml / providers.toml.

    Each distinct outlet is one object: a corpus names a few hundred outlets in tens of
    thousands of articles and related links, and the parse cache pickles a shared object
    once per file instead of once per mention."""

    overrides: Mapping[str, ProviderOverride]
    _made: dict[tuple[str, str, Image | None], Provider] = dataclasses.field(
        default_factory=dict, compare=False, repr=False)

    def _alias_domain(self, name: str) -> str:
        key = name.strip().lower()
        for domain, o in sorted(self.overrides.items()):
            if key == o.name.lower() or key in (a.lower() for a in o.aliases):
                return domain
        return ""

    def resolve(self, name: str, domain: str, logo: Image | None) -> Provider:
        key = (name, domain, logo)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self._resolve(name, domain, logo)
        return made

    def _resolve(self, name: str, domain: str, logo: Image | None) -> Provider:
        domain = clean_domain(domain) if domain else ""
        if not domain and name:
            domain = self._alias_domain(name)
        o = self.overrides.get(domain)
        if o is None and name:
            alias = self._alias_domain(name)
            o = self.overrides.get(alias) if alias else None
            domain = alias or domain
        if o is not None:
            name = o.name or name
            if o.logo:
                logo = Image(o.logo)
        name = name.strip() or domain or "Unknown source"
        domain = domain or slugify(name) or "unknown"
        return Provider(name=name, domain=domain, slug=provider_slug(domain, name), logo=logo)


def logo_from(images: Any) -> Image | None:
    if not isinstance(images, list):
        return None
    for item in images:
        if isinstance(item, dict) and isinstance(item.get("url"), str) and item["url"].strip():
            return Image(item["url"].strip(), pixels(item.get("width")), pixels(item.get("height")))
    return None


def unify_providers(articles: Sequence[Article], named: int | None = None, last: Last | None = None) -> list[Article]:
    """An outlet known only by name (plain text without a URL) joins the outlet of the same
    name that other articles give with a real domain, so it gets one badge and one page.
    `last`: this stage's previous call; a joined article of it is kept while the article
    and the outlet it joins are the very same objects (so later stages reuse their work).
    `named`: how many articles have an outlet known only by name, when the caller has counted."""
    plain = all("." in a.provider.domain for a in articles) if named is None else not named
    if plain:  # most sites: nothing to join
        return list(articles)
    by_name: dict[str, Provider] = {}
    for a in sorted(articles, key=operator.attrgetter("source")):
        p = a.provider
        if "." in p.domain:
            by_name.setdefault(p.name.lower(), p)
    out: list[Article] = []
    held_joins = {id(a): (a, j.provider, j) for a, j in zip(last.inputs[0], last.result) if a is not j} \
        if last is not None else {}
    for a in articles:
        known = by_name.get(a.provider.name.lower())
        if "." not in a.provider.domain and known is not None:
            held = held_joins.get(id(a))  # the last call's inputs hold the article, so its id stays its own
            if held is None or held[0] is not a or held[1] is not known:
                held = (a, known, dataclasses.replace(a, provider=known))
            a = held[2]
        out.append(a)
    return out
