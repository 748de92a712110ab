"""When a scraped page was published. Of the dates printed on it, the one nearest the
headline wins, below it before above it: bylines and date lines sit just under a
headline, while related-story lists sit far from it, a masthead's today's date above it,
and dates inside the story's prose are not stamps at all. A page with no stamp may still
print its date inside a line of metadata or a breadcrumb ("Local News · Trams · 12 May
2024"): near the headline, that date beats the file's age and the stamps far from it.
"Updated" stamps fill `updatedDateTime`."""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import boilerplate, meta
from .dates import FoundDate, find_dates
from .headline import Line

BELOW = 25  # lines under the headline that may carry its date
ABOVE = 8  # lines over it (some sites print the date above the headline)
# an embedded post's signature ("— Jane Doe (@janedoe) November 3, 2023"): the post's date,
# where a byline with a handle ("Jane Doe (@janedoe) Wed 3rd November 2023") is the page's
TWEET = re.compile(r"^[>\s]*[—–-]\s*[^()]{1,60}\(@\w{1,15}\)")


@dataclass(frozen=True)
class Stamp:
    line: int  # 0-based
    date: FoundDate
    rule: str


def stamps(lines: list[Line], day_first: bool) -> list[Stamp]:
    """Every date printed as a stamp: in a byline, on a short line of its own, after a
    `Published`/`Posted` label, or opening a paragraph as a dateline does. Lines come
    with wrapped lines joined, so the end of a long caption is not a short line."""
    out = []
    for line in lines:
        i, s = line.first, line.text
        if not any(c.isdigit() for c in s) or TWEET.search(s):
            continue
        dates = find_dates(s, day_first)
        if not dates:
            continue
        n = len(s.split())
        if n <= 25 and meta.parse_byline(s):
            rule = "byline-date"
        elif n <= 12 or (n <= 20 and dates[0].start <= 40):
            rule = "date-line"
        elif dates[0].labelled and n <= 30:
            rule = "labelled-date"
        elif dates[0].start <= 12:
            rule = "dateline-date"
        elif n <= 30 and not boilerplate.SENTENCE_END.search(s) and not boilerplate.CAPTION.search(s):
            rule = "header-date"  # in a line of metadata or a breadcrumb: a stamp only when no line is one
        else:
            continue
        out += [Stamp(i, d, rule) for d in dates]
    return out


def _distance(stamp: Stamp, anchor: int) -> tuple[int, int]:
    d = stamp.line - anchor
    return (d if d >= 0 else 2 - 3 * d), stamp.date.start


def choose(found: list[Stamp], anchor: int) -> tuple[Stamp | None, Stamp | None]:
    """(published, updated) for a page whose headline ends on line `anchor`. Stamps outside
    the headline's window are mostly other stories' (a list of links): a date inside it
    beats them, even a line of metadata's or an "Updated" one."""
    def close(s: Stamp) -> bool:
        return -ABOVE <= s.line - anchor <= BELOW

    if any(close(s) for s in found) and all(s.rule == "header-date" for s in found if close(s)):
        found = [s for s in found if close(s)]
    else:
        found = [s for s in found if s.rule != "header-date"]
    published = [s for s in found if not s.date.updated]
    updated = [s for s in found if s.date.updated]
    pool = [s for s in published if close(s)] or [s for s in published if s.date.labelled] \
        or ([] if any(close(s) for s in updated) else published)
    return (min(pool, key=lambda s: _distance(s, anchor)) if pool else None,
            min(updated, key=lambda s: _distance(s, anchor)) if updated else None)
