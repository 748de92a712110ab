"""Realistic scraped texts beyond the seeds: every field and body expectation holds."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.content.plaintext import extract

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture(name):
    want = EXPECTED[name]
    ex = extract((FIXTURES / name).read_text(encoding="utf-8"))
    assert ex.fields.get("title") == want["title"]
    assert ex.fields.get("publishedDateTime") == want["date"]
    assert list(ex.byline) == want["byline"]
    assert (ex.fields.get("provider") or {}).get("name") == want["provider"]
    if "dateline" in want:
        assert ex.dateline == want["dateline"]
    for text in want["must"]:
        assert text in ex.body, text
    for text in want["mustnot"]:
        assert text not in ex.body, text
