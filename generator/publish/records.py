"""What the search index holds for an article or story page: its own words, as Pagefind
custom records made from the model. Pagefind reads a record for about two thirds of the CPU
it spends parsing the page's HTML, nothing re-reads the written site, and a shard changes
only when its pages' words do, not when an "Earlier in" list on one of them moves on."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..model import Article, Provider, Story
from ..site.plan import Links

STORY_LEDE_WORDS = 300  # a story without an excerpt shows its lead's first words (story.html)


@dataclass(frozen=True)
class Record:
    url: str  # the page's path from the site root (shards.ROOT)
    content: str
    title: str
    image: str = ""  # the outlet's logo, shown beside the result

    def fields(self, language: str) -> dict[str, object]:
        """Keyword arguments of Pagefind's `add_custom_record`."""
        meta = {"title": self.title, **({"image": self.image, "image_alt": ""} if self.image else {})}
        return {"url": self.url, "content": self.content, "language": language, "meta": meta}


def page_record(kind: str, subject: Article | Story, url: str, logo: Callable[[Provider], str]) -> Record:
    """An article page by its outlet, headline, byline, topics, excerpt and body; a story page
    by its lead's and each article's headline and outlet; not what a page lists of other
    stories (else a search for one story finds every page that lists it)."""
    if kind == "article":
        a: Article = subject  # type: ignore[assignment]
        byline = ("By " + ", ".join(a.byline),) if a.byline else ()
        return Record(url, _text(a.provider.name, a.title, *byline, *a.topics, a.excerpt, a.body_text),
                      a.title, logo(a.provider))
    s: Story = subject  # type: ignore[assignment]
    lead = s.lead
    lede = lead.excerpt or " ".join(lead.body_text.split()[:STORY_LEDE_WORDS])
    coverage = (f"{m.title} ({m.provider.name})" for m in sorted(s.members, key=lambda m: m.published))
    return Record(url, _text(lead.provider.name, lead.title, *s.topics, lede, *coverage), lead.title, logo(lead.provider))


def _text(*parts: str) -> str:
    """The parts as sentences, as Pagefind reads blocks of HTML: a headline and the excerpt
    after it do not run together into one phrase of a result's excerpt."""
    return " ".join(p if p[-1] in ".!?…:;)\"'”’" else p + "." for p in (p.strip() for p in parts) if p)


def outlet_logo(links: Links, asset_base: str) -> Callable[[Provider], str]:
    """The logo an outlet's badge shows, as the templates' `asset` filter resolves it ("" where
    the badge shows the outlet's monogram)."""
    def logo(p: Provider) -> str:
        known = links.known(p)
        url = known.logo.url if known.logo else ""
        return "" if not url or url in links.missing_logos else links.urls.asset(url, asset_base)
    return logo
