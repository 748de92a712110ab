"""Dates from front matter and the build clock. Naive values mean the site time zone,
never the machine's, so a date cannot shift by a day with the build host."""
from __future__ import annotations

import functools
import os
import re
from datetime import date, datetime, timedelta, timezone, tzinfo

_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?"
    r"\s*(Z|z|UTC|GMT|[+-]\d{2}:?\d{2}|[+-]\d{2})?$"
)


# the instants a date may name: a day short of datetime's own ends, so that every time zone
# can show it and the story windows around it stay within the calendar
_EARLIEST = datetime(1000, 1, 1, tzinfo=timezone.utc)
_LATEST = datetime(9999, 12, 30, tzinfo=timezone.utc)


def parse_datetime(value: object, tz: tzinfo) -> datetime | None:
    """A timezone-aware datetime from a YAML scalar, or None when it is not a date (or
    not one of the years 1000 to 9999)."""
    dt = _parse_datetime(value, tz)
    return dt if dt is None or _EARLIEST <= dt <= _LATEST else None


def _parse_datetime(value: object, tz: tzinfo) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=tz)
    if not isinstance(value, str):
        return None
    m = _ISO.match(value.strip())
    if not m:
        return None
    y, mo, d, h, mi, s, frac, zone = m.groups()
    try:
        micro = int((frac or "0")[:6].ljust(6, "0"))
        dt = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), micro)
    except ValueError:
        return None
    if zone is None:
        return dt.replace(tzinfo=tz)
    if zone.upper() in ("Z", "UTC", "GMT"):
        return dt.replace(tzinfo=timezone.utc)
    sign = 1 if zone[0] == "+" else -1
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 23 or minutes > 59:
        return None
    return dt.replace(tzinfo=timezone(sign * timedelta(hours=hours, minutes=minutes)))


def resolve_now(cli_value: str | None, tz: tzinfo, environ: dict[str, str] | None = None) -> datetime:
    """The build's "now": --now, else SOURCE_DATE_EPOCH, else the clock."""
    env = os.environ if environ is None else environ
    if cli_value:
        parsed = parse_datetime(cli_value, tz)
        if parsed is None:
            raise ValueError(f"--now: not an ISO 8601 date: {cli_value!r}")
        return parsed
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), timezone.utc)
        except ValueError:
            raise ValueError(f"SOURCE_DATE_EPOCH: not an integer: {epoch!r}") from None
    return datetime.now(timezone.utc)


def iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def local_day(when: datetime, tz: tzinfo) -> date:
    """The site-local day of an instant. An article's own dates are in the site's zone
    already (articles.py): every build asks for each of them."""
    return when.date() if when.tzinfo is tz else _local_day(when, tz)


@functools.lru_cache(maxsize=1 << 18)
def _local_day(when: datetime, tz: tzinfo) -> date:
    return when.astimezone(tz).date()
