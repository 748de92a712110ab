"""Group compared articles into events, deciding at the level of groups, not pairs.

Copies (a wire story, a press release on two sites) are one unit first. Units then merge
by average linkage: two groups become one when the average similarity over all their
pairs passes the threshold (higher when both sides already hold several units), and one
side's headline is matched by the other's text. A
single strong pair cannot chain two events, as it does under single link: the pairs
that do not match pull the average down. Market-research releases join only their copies.
"""
from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from .evidence import Pair
from .settings import StorySettings


@dataclass
class Merge:
    """One step of the grouping, for explanations: the groups joined and why."""

    left: list[int]
    right: list[int]
    similarity: float  # their average similarity
    headline: float
    closest: Pair


@dataclass
class Trace:
    pairs: list[Pair] = field(default_factory=list)
    unit: list[int] = field(default_factory=list)  # each article's unit (the earliest of its copies)
    copies: list[Pair] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)


def _units(n: int, pairs: Sequence[Pair]) -> list[int]:
    """Each article's unit: the earliest of its copies."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for p in pairs:
        if p.copies:
            a, b = find(p.i), find(p.j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return [find(i) for i in range(n)]


def decay(first_a: float, last_a: float, first_b: float, last_b: float, settings: StorySettings) -> float:
    """How much of two groups' similarity the time between them leaves (Gaussian in the gap
    between their spans): a story that keeps running can take a late report, a weekly
    column a week later starts a story of its own."""
    gap = max(0.0, first_b - last_a, first_a - last_b)  # seconds
    return math.exp(-gap * gap / (2 * (settings.time_scale_hours * 3600) ** 2)) if gap else 1.0


def needed(settings: StorySettings, units_a: int, units_b: int) -> float:
    """The average similarity two groups need: more when both already hold several units.
    Two stories of a busy week that share only topic words ("Tesla", "self-driving") can
    average enough to pass; an editor joins two stories only when they are plainly one."""
    return settings.similarity * (1 + settings.group_penalty * math.log(min(units_a, units_b)))


def between(trace: Trace, pairs: Sequence[Pair], times: Sequence[float], a: Sequence[int], b: Sequence[int],
            settings: StorySettings) -> tuple[float, float, float, Pair | None]:
    """What grouping weighs for two groups of articles: their average similarity over unit
    pairs (decayed by the gap between them), the average they need, the best headline match,
    the closest pair; `pairs`: the trace's, or those of them that touch one of the groups."""
    inside_a, inside_b = set(a), set(b)
    units_a, units_b = {trace.unit[i] for i in a}, {trace.unit[i] for i in b}
    size = Counter(trace.unit[i] for i in (*a, *b))
    total, headline, closest = 0.0, 0.0, None
    for p in pairs:
        if (p.i in inside_a and p.j in inside_b) or (p.i in inside_b and p.j in inside_a):
            total += p.cosine / (size[trace.unit[p.i]] * size[trace.unit[p.j]])
            headline = max(headline, p.headline)
            if closest is None or p.similarity > closest.similarity:
                closest = p
    average = total / (len(units_a) * len(units_b)) * decay(times[min(a)], times[max(a)], times[min(b)],
                                                             times[max(b)], settings)
    return average, needed(settings, len(units_a), len(units_b)), headline, closest


def group(times: Sequence[float], pairs: Sequence[Pair], barred: Sequence[bool], settings: StorySettings,
          trace: Trace | None = None) -> list[list[int]]:
    """Groups of article indexes (articles in time order, `times` their timestamps), each
    group ascending, groups by their first member. `barred`: articles that join only their copies."""
    n = len(times)
    unit = _units(n, pairs)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(unit[i], []).append(i)
    if trace is not None:
        trace.pairs, trace.unit = list(pairs), unit
        trace.copies = [p for p in pairs if p.copies and unit[p.i] == unit[p.j]]
    # unit pairs: the mean of their articles' pairs (a missing pair counts 0), the best headline match
    edges: dict[tuple[int, int], list] = {}
    for p in pairs:
        u, v = unit[p.i], unit[p.j]
        if u == v or barred[p.i] or barred[p.j]:
            continue
        key = (u, v) if u < v else (v, u)
        held = edges.get(key)
        if held is None:
            edges[key] = [p.cosine, p.headline, p]
        else:
            held[0] += p.cosine
            held[1] = max(held[1], p.headline)
            if p.similarity > held[2].similarity:
                held[2] = p
    active = {u for key in edges for u in key}  # units that have a pair at all; the rest stay alone
    neighbours: dict[int, dict[int, list]] = {u: {} for u in active}
    for (u, v), (total, headline, closest) in edges.items():
        entry = [total / (len(members[u]) * len(members[v])), headline, closest]  # one list, seen from both sides
        neighbours[u][v] = neighbours[v][u] = entry
    size = {u: 1 for u in active}
    first = {u: times[members[u][0]] for u in active}
    last = {u: times[members[u][-1]] for u in active}
    version = {u: 0 for u in active}
    span = 2 * settings.window_hours * 3600
    heap: list[tuple[float, int, int, int, int]] = []

    def offer(c: int, d: int) -> None:
        total, headline, _ = neighbours[c][d]
        average = total / (size[c] * size[d]) * decay(first[c], last[c], first[d], last[d], settings)
        if average >= needed(settings, size[c], size[d]) and headline >= settings.headline_support:
            a, b = min(c, d), max(c, d)
            heapq.heappush(heap, (-average, a, b, version[a], version[b]))

    for u in sorted(neighbours):
        for v in neighbours[u]:
            if u < v:
                offer(u, v)
    while heap:
        negative, a, b, va, vb = heapq.heappop(heap)
        if version.get(a) != va or version.get(b) != vb:
            continue  # a group changed since: its new pairs are in the heap
        if max(last[a], last[b]) - min(first[a], first[b]) > span:
            continue
        if trace is not None:
            trace.merges.append(Merge(list(members[a]), list(members[b]), -negative, neighbours[a][b][1],
                                      neighbours[a][b][2]))
        members[a] = sorted(members[a] + members.pop(b))
        first[a], last[a] = min(first[a], first[b]), max(last[a], last[b])
        size[a] += size.pop(b)
        version[a] += 1
        del version[b]
        gone = neighbours.pop(b)
        del gone[a]
        del neighbours[a][b]
        mine = neighbours[a]
        for d, (total, headline, closest) in gone.items():
            del neighbours[d][b]
            held = mine.get(d)
            if held is None:
                mine[d] = held = [total, headline, closest]
                neighbours[d][a] = held
            else:
                held[0] += total
                held[1] = max(held[1], headline)
                if closest.similarity > held[2].similarity:
                    held[2] = closest
        for d in sorted(mine):
            offer(a, d)
    return sorted(members.values())
