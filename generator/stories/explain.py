"""Why a story's articles were grouped, and which near neighbours were kept apart."""
from __future__ import annotations

from typing import Sequence

from ..model import Article, by_time
from .evidence import Pair, is_market_report, shared_terms
from .grouping import Trace, between
from .settings import StorySettings
from .story import make_stories


def _title(a: Article) -> str:
    return f"“{a.title}” ({a.provider.name or a.provider.domain}, {a.published:%Y-%m-%d %H:%M})"


def _pair(p: Pair, ordered: Sequence[Article], settings: StorySettings) -> str:
    a, b = ordered[p.i], ordered[p.j]
    shared = ", ".join(shared_terms(a, b, settings)) or "nothing distinctive"
    return (f"closest pair {_title(a)} ~ {_title(b)}: similarity {p.similarity:.2f} (cosine {p.cosine:.2f}, "
            f"{p.hours:.0f} h apart), shared: {shared}" + ("; one lists the other as related" if p.related else ""))


def explain(articles: Sequence[Article], settings: StorySettings, slug: str) -> list[str] | None:
    """Lines of text: the story's members, each group joined with its evidence, the copies,
    and the closest groups kept apart with the test they failed. None: no such story."""
    from . import cluster

    ordered = sorted(articles, key=by_time)
    trace = Trace()
    groups, refs = cluster(ordered, settings, trace)
    stories, _ = make_stories(ordered, groups, refs, settings, {})
    story = next((s for s in stories if s.slug == slug), None)
    if story is None:
        return None
    at = {id(a): i for i, a in enumerate(ordered)}
    inside = {at[id(a)] for a in story.members}
    lines = [f"{story.slug}: {len(story.members)} article(s) from "
             f"{len({a.provider.domain for a in story.members})} outlet(s); lead {_title(story.lead)}"]
    for a in sorted(story.members, key=by_time):
        lines.append(f"  - {_title(a)}" + ("  [market-research release: joins only its copies]"
                                           if is_market_report(a) else ""))
    copies = [p for p in trace.copies if p.i in inside]
    if copies:
        lines.append("copies (one unit before grouping):")
        lines += [f"  - {_title(ordered[p.i])} = {_title(ordered[p.j])}" for p in copies]
    merges = [m for m in trace.merges if m.left[0] in inside]
    if merges:
        lines.append(f"joined (average similarity ≥ {settings.similarity}, more between two groups of several; "
                     f"headline match ≥ {settings.headline_support}):")
    for step, m in enumerate(merges, 1):
        lines.append(f"  {step}. {len(m.left)} + {len(m.right)} article(s): average similarity {m.similarity:.2f}, "
                     f"headline match {m.headline:.2f}")
        lines.append(f"     {_pair(m.closest, ordered, settings)}")
    lines += _kept_apart(ordered, groups, inside, trace, settings)
    return lines


def _kept_apart(ordered: Sequence[Article], groups: Sequence[Sequence[int]], inside: set[int], trace: Trace,
                settings: StorySettings, limit: int = 5) -> list[str]:
    """The other groups that were compared with the story, the closest first, and why each
    stayed apart."""
    group_of = {i: k for k, ids in enumerate(groups) for i in ids}
    across = [p for p in trace.pairs if (p.i in inside) != (p.j in inside)]
    near = {group_of[p.j if p.i in inside else p.i] for p in across}
    times = [a.published.timestamp() for a in ordered]
    mine = sorted(inside)
    weighed = sorted(((between(trace, across, times, mine, groups[k], settings), k) for k in near),
                     key=lambda x: (-x[0][0], x[1]))[:limit]
    if not weighed:
        return []
    lines = ["kept apart (closest first):"]
    for (average, need, headline, closest), k in weighed:
        ids = groups[k]
        if any(is_market_report(ordered[i]) for i in (*ids, *inside)):
            why = "a market-research release joins only its copies"
        elif average < need:
            why = f"average similarity {average:.3f} < {need:.3f}"
        elif headline < settings.headline_support:
            why = f"headline match {headline:.3f} < {settings.headline_support}"
        else:
            why = f"together they would span more than {2 * settings.window_hours} h"
        lines.append(f"  - {len(ids)} article(s) led by {_title(ordered[ids[0]])}: {why}")
        if closest is not None:
            lines.append(f"     {_pair(closest, ordered, settings)}")
    return lines
