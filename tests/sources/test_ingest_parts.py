"""The pure parts of ingest, each on its own, and `build --ingest`, the lock, Cache-Control
and the per-run cap, through the command line."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from conftest import run_build
from feedserver import (
    Item,
    articles,
    rss,
    run_ingest,
    server,  # noqa: F401  (fixture)
    site,
    source_toml,
)

from generator.site.lock import build_lock
from generator.sources import state
from generator.sources.entries import plain
from generator.sources.fetch import max_age, retry_after
from generator.sources.files import urls_in, write_new

T0 = datetime(2024, 3, 5, tzinfo=timezone.utc)


def test_retry_after_and_max_age():
    assert retry_after("120", T0) == 120
    assert retry_after("Tue, 05 Mar 2024 01:00:00 GMT", T0) == 3600
    assert retry_after("Mon, 04 Mar 2024 01:00:00 GMT", T0) == 0
    assert retry_after("soon", T0) is None and retry_after(None, T0) is None
    assert max_age("public, max-age=600") == 600 and max_age("no-cache, max-age=600") is None
    assert max_age(None) is None


def test_backoff_doubles_up_to_the_limit_and_retry_after_wins_when_longer():
    s = state.SourceState(url="u")
    waits = []
    for _ in range(8):
        s = state.failed(s, T0, "down", None, max_backoff_hours=24)
        waits.append((datetime.fromisoformat(s.not_before) - T0).total_seconds() / 3600)
    assert waits == [0.5, 1, 2, 4, 8, 16, 24, 24]
    asked = state.failed(state.SourceState(), T0, "busy", 7200, 24)
    assert asked.not_before == "2024-03-05T02:00:00+00:00"
    assert state.failed(state.SourceState(), T0, "busy", 10 * 86400, 24).not_before == "2024-03-06T00:00:00+00:00"
    ok = state.succeeded(s, T0, '"e"', "", None)
    assert (ok.failures, ok.not_before, ok.etag, ok.last_success) == (0, "", '"e"', "2024-03-05T00:00:00+00:00")


def test_a_damaged_state_file_is_a_first_run(tmp_path):
    path = tmp_path / ".content-sources.json"
    path.write_text("{not json")
    assert state.load_state(path) == {}
    path.write_text(json.dumps({"version": 1, "sources": {"a": {"etag": 5, "failures": "x", "url": "u"}}}))
    assert state.load_state(path) == {"a": state.SourceState(url="u")}
    assert state.for_url(state.SourceState(url="old", etag="e"), "new") == state.SourceState(url="new")


@pytest.mark.parametrize("raw, text", [
    ("<p>One <b>two</b></p><p>three</p>", "One two three"),
    ("Tom &amp; Jerry &lt;3", "Tom & Jerry <3"),
    ('<script type="text/javascript">steal()</script>Kept<style>p{}</style>', "Kept"),
    ("left\u202eright\x07", "leftright"),
    ("<SCRIPT>never closed", ""),
    (None, ""),
])
def test_plain_text_of_feed_fields(raw, text):
    assert plain(raw) == text


def test_urls_in_files_are_top_level_keys_only():
    md = (b'---\ntitle: x\nwebUrl: "https://a.example/1#frag"  # a comment\noriginalUrl: https://a.example/o\n'
          b'related:\n  - webUrl: "https://b.example/not-ours"\n---\nbody webUrl: https://c.example/\n')
    assert urls_in(md, "x.md") == ["https://a.example/1#frag", "https://a.example/o"]
    html = b'<html><head><link rel="canonical" href="https://d.example/p"></head></html>'
    assert urls_in(html, "x.html") == ["https://d.example/p"]
    assert urls_in(b"no front matter", "x.txt") == []


def test_new_files_never_replace_one(tmp_path):
    first = write_new(tmp_path / "src", "2024-03-01-a", "one")
    second = write_new(tmp_path / "src", "2024-03-01-a", "two")
    assert (first.name, second.name) == ("2024-03-01-a.md", "2024-03-01-a-2.md")
    assert first.read_text() == "one" and sorted(p.name for p in (tmp_path / "src").iterdir()) == [
        "2024-03-01-a-2.md", "2024-03-01-a.md"]


def test_build_ingest_runs_ingest_first(tmp_path, capsys, server):
    server.serve("/feed.xml", rss([Item("Fresh from the feed", "https://wire.example/fresh")]))
    content, config = site(tmp_path, source_toml(server.url("/feed.xml"), name="wire"))
    built = run_build(capsys, content, tmp_path / "site", "--ingest", config=config)
    assert built.code == 0 and "wire (RSS 2.0): 1 new, 0 duplicate" in built.stdout
    assert built.outcome("wire/2024-03-01-fresh-from-the-feed.md") == "built"
    # a failing source is reported and the build goes on
    server.routes.clear()
    again = run_build(capsys, content, tmp_path / "site", "--ingest", config=config)
    assert again.code == 0 and "wire: failed: nothing at this address" in again.stdout
    assert again.outcome("wire/2024-03-01-fresh-from-the-feed.md") == "built"


def test_one_ingest_at_a_time(tmp_path, capsys, server):
    server.serve("/feed.xml", rss([Item("Entry", "https://wire.example/e")]))
    content, config = site(tmp_path, source_toml(server.url("/feed.xml"), name="wire"))
    with build_lock(content):
        ran = run_ingest(capsys, content, config)
    assert ran.code == 3 and "another ingest" in ran.stderr and not server.seen


def test_cache_control_and_the_cap_per_run(tmp_path, capsys, server):
    items = [Item(f"Entry {n}", f"https://wire.example/{n}") for n in range(5)]
    server.serve("/fresh.xml", rss([Item("Fresh one", "https://wire.example/fresh")]), **{"Cache-Control": "max-age=600", "ETag": '"v1"'})
    server.serve("/many.xml", rss(items), ETag='"v1"')
    content, config = site(tmp_path, source_toml(server.url("/fresh.xml"), name="fresh"),
                           source_toml(server.url("/many.xml"), name="many"),
                           ingest="[ingest]\nmax_new = 3\nhost_interval = 0.001\n")
    first = run_ingest(capsys, content, config, now="2024-03-05T00:00:00Z")
    assert (first.source("many")["new"], first.source("many")["deferred"]) == (3, 2)
    assert "many (RSS 2.0): 3 new, 0 duplicate, 2 left for the next run" in first.stdout
    saved = state.load_state(state.state_path(content))
    assert saved["many"].etag == "" and saved["fresh"].not_before == "2024-03-05T00:10:00+00:00"
    second = run_ingest(capsys, content, config, now="2024-03-05T00:05:00Z")
    assert second.source("fresh")["status"] == "waiting" and len(server.requests_to("/fresh.xml")) == 1
    assert "still fresh" in second.source("fresh")["message"]
    assert (second.source("many")["new"], second.source("many")["duplicate"]) == (2, 3)
    assert len(articles(content)) == 6
