"""Small charts drawn at build time as inline SVG: an activity sparkline (articles per
day) and a story's coverage timeline (when each outlet published).

Pure functions from data to markup: no clock, no disk, every text escaped. Colours come
from `currentColor` and CSS custom properties, so the charts follow the light and dark
themes; each chart carries a text alternative for people who cannot see it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html import escape
from typing import Callable, Iterable, Mapping, Sequence

ACTIVITY_DAYS = 30


@dataclass(frozen=True)
class Activity:
    """Articles per day over `len(counts)` days ending with `end` (the site's newest day)."""

    end: date
    counts: tuple[int, ...]

    @property
    def start(self) -> date:
        return self.end - timedelta(days=len(self.counts) - 1)

    @property
    def total(self) -> int:
        return sum(self.counts)

    def peak(self) -> tuple[date, int]:
        """The busiest day (the latest one on a tie) and its count."""
        best = max(range(len(self.counts)), key=lambda i: (self.counts[i], i))
        return self.start + timedelta(days=best), self.counts[best]


def daily_activity(days: Iterable[date], end: date, length: int = ACTIVITY_DAYS) -> Activity:
    """Count `days` (one entry per article) into the `length` days ending with `end`."""
    counts = [0] * length
    start = end - timedelta(days=length - 1)
    for d in days:
        i = (d - start).days
        if 0 <= i < length:
            counts[i] += 1
    return Activity(end, tuple(counts))


def tallied_activity(days: Mapping[date, int], end: date, length: int = ACTIVITY_DAYS) -> Activity:
    """daily_activity of days already counted (day → articles)."""
    start = end - timedelta(days=length - 1)
    return Activity(end, tuple(days.get(start + timedelta(days=i), 0) for i in range(length)))


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def activity_sentence(activity: Activity, fmt_day: Callable[[date], str] = date.isoformat) -> str:
    """The sparkline in words: total over the window and the busiest day."""
    n = activity.total
    days = len(activity.counts)
    text = f"{_plural(n, 'article')} in the {days} days to {fmt_day(activity.end)}"
    if n:
        day, count = activity.peak()
        text += f"; busiest day {fmt_day(day)} with {count}"
    return text + "."


def sparkline(activity: Activity, chart_id: str, fmt_day: Callable[[date], str] = date.isoformat,
              bar: int = 4, gap: int = 1, height: int = 24) -> str:
    """Bars of articles per day, the newest on the right, scaled to the busiest day.

    Days with no articles keep a faint baseline tick so the window's length stays visible."""
    width = len(activity.counts) * (bar + gap) - gap
    top = max(activity.counts, default=0) or 1
    sentence = activity_sentence(activity, fmt_day)
    parts = [f'<figure class="chart sparkline">'
             f'<svg role="img" aria-labelledby="{_attr(chart_id)}-t" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" focusable="false">'
             f'<title id="{_attr(chart_id)}-t">Articles per day, last {len(activity.counts)} days</title>']
    for i, c in enumerate(activity.counts):
        x = i * (bar + gap)
        if c:
            h = max(2, round(c / top * (height - 2)))
            parts.append(f'<rect class="bar" x="{x}" y="{height - h}" width="{bar}" height="{h}"/>')
        else:
            parts.append(f'<rect class="empty" x="{x}" y="{height - 1}" width="{bar}" height="1"/>')
    parts.append(f'</svg><figcaption class="visually-hidden">{escape(sentence)}</figcaption></figure>')
    return "".join(parts)


@dataclass(frozen=True)
class Mark:
    """One article on a coverage timeline."""

    outlet: str
    when: datetime
    lead: bool = False


def timeline(marks: Sequence[Mark], chart_id: str, fmt_time: Callable[[datetime], str] = datetime.isoformat,
             width: int = 360, row: int = 22, label: int = 118) -> str:
    """One row per article in publication order: the outlet's name, then a dot at the time
    it published on an axis from the first article to the last. A visually hidden table
    gives the same data as text."""
    marks = sorted(marks, key=lambda m: (m.when, m.outlet))
    if not marks:
        return ""
    first, last = marks[0].when, marks[-1].when
    span = (last - first).total_seconds()
    left, right = label + 16, width - 10
    axis_y = len(marks) * row + 6
    height = axis_y + 22

    def x(when: datetime) -> float:
        if span <= 0:
            return (left + right) / 2
        return left + (when - first).total_seconds() / span * (right - left)

    title = "Coverage timeline: when each outlet published"
    cid = _attr(chart_id)
    out = [f'<figure class="chart timeline">'
           f'<svg role="img" aria-labelledby="{cid}-t" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" focusable="false">'
           f'<title id="{cid}-t">{escape(title)}</title>']
    for i, m in enumerate(marks):
        y = i * row + row / 2 + 2
        cx = round(x(m.when), 1)
        out.append(f'<line class="guide" x1="{left}" y1="{y}" x2="{cx}" y2="{y}"/>')
        out.append(f'<text class="label" x="{label}" y="{y + 4}" text-anchor="end">{escape(_clip(m.outlet, 17))}</text>')
        shape = "lead" if m.lead else "dot"
        out.append(f'<circle class="{shape}" cx="{cx}" cy="{y}" r="{6 if m.lead else 5}"/>')
    out.append(f'<line class="axis" x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}"/>')
    out.append(f'<text class="tick" x="{left}" y="{axis_y + 16}">{escape(fmt_time(first))}</text>')
    if span > 0:
        out.append(f'<text class="tick" x="{right}" y="{axis_y + 16}" text-anchor="end">{escape(fmt_time(last))}</text>')
    out.append("</svg>")
    out.append(f'<figcaption class="visually-hidden"><table><caption>{_plural(len(marks), "article")}, in order of publication</caption>'
               '<thead><tr><th scope="col">Outlet</th><th scope="col">Published</th></tr></thead><tbody>')
    for m in marks:
        lead = " (lead)" if m.lead else ""
        out.append(f"<tr><td>{escape(m.outlet)}{lead}</td><td>{escape(fmt_time(m.when))}</td></tr>")
    out.append("</tbody></table></figcaption></figure>")
    return "".join(out)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
