"""Which stories are "top stories": one documented score, so a reader (and a test) can
tell why a story leads the page. Pure functions of the stories; no clock.

    score = heat + quality + OUTLET_BONUS × (outlets − 1)

- heat: the highest `heat` among the story's articles (missing or negative → 0); how much
  attention the event drew upstream.
- quality: the lead article's `quality` (missing or negative → 0).
- outlets: how many distinct outlets (provider domains) covered the event; each one
  beyond the first adds OUTLET_BONUS, because independent coverage is the best sign
  that a story matters.

Only recent stories compete: those first published within WINDOW_DAYS of the newest
story in the list (the site's own data, never the wall clock). Ties go to the newer
story, then to the slug, so the order is total and every build gives the same page.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Sequence

from ..model import Provider, Story

OUTLET_BONUS = 30
WINDOW_DAYS = 7


def outlets(story: Story) -> int:
    """Distinct outlets that covered the story (wire copies count for their own outlet)."""
    return len(story_outlets(story))


def story_score(story: Story) -> int:
    """The rank formula of this module's docstring."""
    heat = max((a.heat or 0 for a in story.members), default=0)
    quality = story.lead.quality or 0
    return max(heat, 0) + max(quality, 0) + OUTLET_BONUS * (outlets(story) - 1)


def top_stories(stories: Sequence[Story], limit: int, window_days: int = WINDOW_DAYS) -> list[Story]:
    """The `limit` best-scored stories among those of the last `window_days` of `stories`."""
    if not stories or limit <= 0:
        return []
    newest = max(s.first_published for s in stories)
    cutoff = newest - timedelta(days=window_days)
    recent = [s for s in stories if s.first_published > cutoff]
    ranked = sorted(recent, key=lambda s: (-story_score(s), -s.first_published.timestamp(), s.slug))
    return ranked[:limit]


def highlights(stories: Sequence[Story], limit: int) -> list[Story]:
    """Top stories worth a section of their own: none when the list is so short that the
    section would only repeat it (no more than twice `limit` stories)."""
    return top_stories(stories, limit) if len(stories) > 2 * limit else []


def story_outlets(story: Story) -> list[Provider]:
    """The outlets that covered the story, each once: the lead's first, then in member order."""
    seen: dict[str, Provider] = {}
    for a in story.members:
        seen.setdefault(a.provider.domain, a.provider)
    return list(seen.values())
