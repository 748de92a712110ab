from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from generator.dates import parse_datetime, resolve_now

UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize("value, expected", [
    ("2024-02-29T09:30:00Z", datetime(2024, 2, 29, 9, 30, tzinfo=UTC)),
    ("2024-02-29T09:30:00+09:00", datetime(2024, 2, 29, 0, 30, tzinfo=UTC)),
    ("2024-02-29 09:30:00 -0500", datetime(2024, 2, 29, 14, 30, tzinfo=UTC)),
    ("2024-02-29T09:30:00.123Z", datetime(2024, 2, 29, 9, 30, 0, 123000, tzinfo=UTC)),
])
def test_zoned_values_keep_their_instant(value, expected):
    assert parse_datetime(value, BERLIN) == expected


def test_naive_and_date_only_values_are_in_the_site_zone():
    assert parse_datetime("2024-02-29T09:30", BERLIN) == datetime(2024, 2, 29, 9, 30, tzinfo=BERLIN)
    day = parse_datetime("2024-02-29", BERLIN)
    assert day == datetime(2024, 2, 29, tzinfo=BERLIN)
    assert day.astimezone(BERLIN).date().isoformat() == "2024-02-29"


def test_yaml_native_values():
    from datetime import date
    assert parse_datetime(date(2024, 1, 2), UTC) == datetime(2024, 1, 2, tzinfo=UTC)
    assert parse_datetime(datetime(2024, 1, 2, 3), BERLIN).tzinfo is BERLIN


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", "2024-02-30", "", 42, None, "2024-02-01T25:00"])
def test_not_dates(value):
    assert parse_datetime(value, UTC) is None


def test_now_prefers_cli_then_source_date_epoch():
    assert resolve_now("2025-01-01T00:00:00Z", UTC, {"SOURCE_DATE_EPOCH": "0"}) == datetime(2025, 1, 1, tzinfo=UTC)
    assert resolve_now(None, UTC, {"SOURCE_DATE_EPOCH": "86400"}) == datetime(1970, 1, 2, tzinfo=UTC)
    clock = resolve_now(None, UTC, {})
    assert abs(clock - datetime.now(UTC)) < timedelta(seconds=5)
    with pytest.raises(ValueError):
        resolve_now("soon", UTC, {})
