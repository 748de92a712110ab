"""Publication and update dates. htmldate finds the publication day (the URL, structured
metadata, `<time>` elements, bylines, the text); it is well kept and evaluated on a
thousand pages, so we do not guess dates ourselves. The page's own timestamp (JSON-LD
datePublished, article:published_time) adds the time of day, and decides the day when
the two are a day apart and the timestamp can tell the publisher's day: it carries the
publisher's UTC offset, or its UTC time is the same day everywhere news is published
(a "…Z" stamp of an evening story in America is already the next day, which the URL's
date is not). Where the two disagree otherwise, the day the page prints for its reader
decides: the timestamp's, when the page shows it and not htmldate's; and a numeric date
htmldate read the other way round (11/01 as 11 January) is turned when the page shows the
other reading and not its own. And when the day so found is printed nowhere on the page,
the date printed by its headline (the byline's) is the one its reader sees, and is taken.
Dates are kept as the page states them, on its own clock, and read in the site's time zone,
as plain text is. An update date is taken only from the page's own dateModified /
article:modified_time, never guessed."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from htmldate import find_date
from lxml import html as lxml_html

from ...dates import parse_datetime
from ..plaintext.dates import find_dates
from .meta import Found, PageMeta

_AS_WRITTEN = timezone(timedelta(0), "as written")  # marks a timestamp the page gave without a zone


def timestamp(text: str) -> datetime | None:
    """An ISO 8601 date and time as the page wrote it (compact forms too), or None."""
    text = text.strip()
    if len(text) >= 15 and text[:8].isdigit() and text[8] == "T":  # 20200516T14:51:53Z
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    parsed = parse_datetime(text, _AS_WRITTEN)
    return parsed if parsed is not None and len(text) > 10 else None


def _local_offset(stamp: datetime) -> bool:
    """The timestamp carries the publisher's own offset (not UTC, not none)."""
    return stamp.tzinfo is not _AS_WRITTEN and bool(stamp.utcoffset())


def _same_day_everywhere(stamp: datetime) -> bool:
    """A UTC time between 08:00 and 14:00 falls on the same day from UTC-8 to UTC+10,
    where nearly all news is published: its date is the publisher's day too."""
    return stamp.tzinfo is not _AS_WRITTEN and stamp.utcoffset() == timedelta(0) and 8 <= stamp.hour < 14


def _wall_clock(stamp: datetime) -> str:
    return stamp.replace(tzinfo=None).isoformat(timespec="seconds")


def publication(tree: lxml_html.HtmlElement, page: PageMeta) -> tuple[Found | None, Found | None]:
    """(published, updated), each an ISO 8601 string without a zone, with where it came from."""
    day = find_date(tree, original_date=True, extensive_search=True)  # it copies what it prunes
    texts = tree.xpath(_VISIBLE)  # the page's visible text, once for both readings below
    shown = _days_shown(texts)
    published = Found(day, 0, "htmldate") if day else None
    stamp = None
    for f in page.all("published"):
        stamp = timestamp(f.value)
        if stamp is None:
            continue
        if day is None or stamp.date().isoformat() == day:
            published = Found(_wall_clock(stamp), f.line, f"{f.rule} (htmldate agrees)" if day else f.rule)
        elif abs(stamp.date() - date.fromisoformat(day)) == timedelta(days=1) and (
                _local_offset(stamp) or _same_day_everywhere(stamp)):
            # a day apart is a question of time zones, which this timestamp settles
            how = "publisher's offset" if _local_offset(stamp) else "UTC, same day in every zone"
            published = Found(_wall_clock(stamp), f.line, f"{f.rule} ({how}; htmldate: {day})")
        elif stamp.date().isoformat() in shown and day not in shown:
            published = Found(_wall_clock(stamp), f.line, f"{f.rule} (the day the page shows; htmldate: {day})")
        else:
            stamp = None
        break
    if published is not None and stamp is None and _swapped(day) in shown and day not in shown:
        published = Found(_swapped(day), 0, f"htmldate's {day}, month and day as the page shows them")
    if published is None or published.value[:10] not in shown:
        printed = _at_headline(tree, texts, page)
        if printed is not None:
            unseen = f" ({published.rule}: {published.value[:10]}, printed nowhere on the page)" if published else ""
            published, stamp = Found(printed.value, printed.line, printed.rule + unseen), None
    if published is None:
        return None, None
    for f in page.all("modified"):
        changed = timestamp(f.value)
        if changed is None:
            continue
        if stamp is not None:
            later = changed > stamp
        else:  # by day: the publication's time is not known
            later = changed.date().isoformat() > published.value[:10]
        return published, Found(_wall_clock(changed), f.line, f.rule) if later else None
    return published, None


_VISIBLE = "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"


def _days_shown(texts: list[str]) -> set[str]:
    """The days (YYYY-MM-DD) the page prints in its text, in any form plain text is read in,
    and either way round where month and day could be swapped."""
    days = set()
    for text in texts:
        if any(c.isdigit() for c in text):
            days.update(d.iso[:10] for day_first in (False, True) for d in find_dates(text, day_first))
    return days


def _swapped(day: str | None) -> str | None:
    """The same day with month and day exchanged, where that is a date."""
    if day is None:
        return None
    y, m, d = day.split("-")
    return f"{y}-{d}-{m}" if int(d) <= 12 and d != m else None


HEADLINE_SPAN = 30  # text nodes after the <h1> a byline's date may sit in (5 above it)
STORY_TEXT = 150  # characters of a long text: the standfirst, then the story's first paragraph


def _at_headline(tree: lxml_html.HtmlElement, texts: list[str], page: PageMeta) -> Found | None:
    """The first date printed by the headline: between the <h1> and the story's first
    paragraph (the second long text: a standfirst may come before the byline), or just
    above the <h1>, where bylines and datelines sit (not an "Updated" stamp). What the
    reader sees there is the page's date when the one its metadata gives is printed nowhere."""
    h1 = tree.find(".//body//h1")
    if h1 is None:
        return None
    own = {str(t) for t in h1.xpath(".//text()") if t.strip()}
    at = next((i for i, t in enumerate(texts) if t in own), None)
    if at is None:
        return None
    language = page.first("language")
    day_first = not (language is None or language.value.lower().replace("_", "-") in ("en", "en-us"))
    below, long = [], 0
    for t in texts[at + 1: at + HEADLINE_SPAN]:
        long += len(t.strip()) >= STORY_TEXT
        if long == 2:
            break
        below.append(t)
    for t in below + texts[max(0, at - 5): at][::-1]:
        if any(c.isdigit() for c in t):
            dates = [d for d in find_dates(t, day_first) if not d.updated]
            if dates:
                line = getattr(t.getparent(), "sourceline", 0) or 0
                return Found(dates[0].iso, line, "the date printed by the headline")
    return None
