"""The outlet (provider): its domain from the page's canonical address, its name from
og:site_name, JSON-LD publisher or the site's name in the page title. Those names are
often a parent company ("… AG, Schweiz"), a section ("Economia") or a bare domain, so a
name that matches the page's domain is preferred to one that merely comes first."""
from __future__ import annotations

import re

from ...urls import domain_of
from .headline import is_site_name, key, segments
from .meta import Found, PageMeta

_GENERIC_LABELS = {"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go", "gv"}


def site_label(domain: str) -> str:
    """'economia.ig.com.br' → 'ig': the part of a host name that names the site."""
    labels = domain.split(".")[:-1]  # without the top-level domain
    while len(labels) > 1 and labels[-1] in _GENERIC_LABELS:
        labels.pop()
    return labels[-1] if labels else ""


def _looks_like_domain(name: str) -> bool:
    return bool(re.fullmatch(r"[\w-]+(\.[\w-]+)+", name.strip()))


def names(page: PageMeta, headline: str) -> list[Found]:
    """Candidate names of the outlet, most trusted first: metadata, then what the page title
    adds to the headline ("… | The Japan Times")."""
    out = [f for f in page.all("site") if not f.value.startswith("@")]
    for f in page.all("title") + page.all("doctitle"):
        for part in segments(f.value):
            if key(part) not in key(headline) and len(part.split()) <= 5:
                out.append(Found(part, f.line, f"{f.rule} (after the headline)"))
    return out


def choose(page: PageMeta, url: str | None, headline: str) -> tuple[dict[str, str], Found | None]:
    """({"name", "domain"}, where the name came from)."""
    domain = domain_of(url)
    label = site_label(domain)
    found = names(page, headline)
    ranked = sorted(range(len(found)), key=lambda i: (
        not (label and is_site_name(label, [found[i].value])),  # names the domain
        _looks_like_domain(found[i].value),  # "lastampa.it" only when nothing better
        "after the headline" in found[i].rule,  # metadata before title parts
        i))
    pick = found[ranked[0]] if ranked else None
    if pick is not None and "after the headline" in pick.rule and not is_site_name(label, [pick.value]):
        pick = None  # a part of the title that is not the site's name is a section, or the subtitle
    return {"name": pick.value if pick else "", "domain": domain}, pick
