"""Polite and safe HTTP against a real server: conditional GET, Retry-After, backoff,
timeouts, the size cap, redirects, the per-host interval. Every failure ends the source
with a plain sentence and never stops the others."""
from __future__ import annotations

import json
import re

from feedserver import (
    Item,
    Reply,
    articles,
    gzipped,
    rss,
    run_ingest,
    server,  # noqa: F401  (fixture)
    site,
    source_toml,
)

from generator import __version__
from generator.sources.state import state_path

GOOD = rss([Item("A good entry", "https://wire.example/good")])


def _plain(message: str) -> None:
    """A sentence for a site editor: no exception class, no traceback, no repr."""
    assert message and "Traceback" not in message and "Error(" not in message and "Exception" not in message
    assert not re.search(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+Error\b", message), message


def test_a_second_run_is_conditional_and_gets_304(tmp_path, capsys, server):
    server.serve_conditional("/feed.xml", lambda: GOOD)
    content, config = site(tmp_path, source_toml(server.url("/feed.xml"), name="wire"))
    first = run_ingest(capsys, content, config)
    assert first.source("wire")["new"] == 1
    state = json.loads(state_path(content).read_text())["sources"]["wire"]
    assert state["etag"] and state["last_modified"] == "Mon, 01 Jan 2024 00:00:00 GMT" and state["failures"] == 0
    second = run_ingest(capsys, content, config, now="2024-03-05T01:00:00Z")
    assert second.source("wire")["status"] == "not modified" and second.source("wire")["not_modified"] == 1
    assert "wire (" not in second.stdout and "wire: not modified" in second.stdout
    asked = server.requests_to("/feed.xml")[-1].headers
    assert asked["if-none-match"] == state["etag"] and asked["if-modified-since"] == state["last_modified"]
    assert len(articles(content)) == 1


def test_429_with_retry_after_is_honoured(tmp_path, capsys, server):
    server.routes["/busy.xml"] = lambda seen: Reply(429, b"slow down", {"Retry-After": "7200"})
    server.serve("/ok.xml", GOOD)
    content, config = site(tmp_path, source_toml(server.url("/busy.xml"), name="busy"),
                           source_toml(server.url("/ok.xml"), name="ok"))
    first = run_ingest(capsys, content, config, now="2024-03-05T00:00:00Z")
    busy = first.source("busy")
    assert busy["status"] == "failed" and first.source("ok")["new"] == 1 and first.code == 0
    assert busy["message"] == ("the server asked us to slow down (HTTP 429 Too Many Requests); "
                               "next try after 2024-03-05T02:00:00+00:00")
    _plain(busy["message"])
    # an hour later it is not asked at all; two hours later it is
    later = run_ingest(capsys, content, config, now="2024-03-05T01:00:00Z")
    assert later.source("busy")["status"] == "waiting" and len(server.requests_to("/busy.xml")) == 1
    assert "next try after 2024-03-05T02:00:00+00:00" in later.source("busy")["message"]
    run_ingest(capsys, content, config, now="2024-03-05T02:00:01Z")
    assert len(server.requests_to("/busy.xml")) == 2


def test_500s_back_off_and_recover(tmp_path, capsys, server):
    answers = iter([500, 502, 200])
    server.routes["/flaky.xml"] = lambda seen: (lambda code: Reply(code, GOOD if code == 200 else b"oops",
                                                                   {"Content-Type": "application/rss+xml"}))(next(answers))
    content, config = site(tmp_path, source_toml(server.url("/flaky.xml"), name="flaky"))
    first = run_ingest(capsys, content, config, now="2024-03-05T00:00:00Z")
    assert first.code == 1  # every source asked failed
    assert first.source("flaky")["message"] == ("the server failed (HTTP 500 Internal Server Error); "
                                                "next try after 2024-03-05T00:30:00+00:00")
    assert "flaky: failed: the server failed" in first.stdout
    assert run_ingest(capsys, content, config, now="2024-03-05T00:20:00Z").source("flaky")["status"] == "waiting"
    second = run_ingest(capsys, content, config, now="2024-03-05T00:31:00Z")  # the backoff doubles
    assert second.source("flaky")["message"].endswith("next try after 2024-03-05T01:31:00+00:00")
    third = run_ingest(capsys, content, config, now="2024-03-05T01:32:00Z")
    assert third.source("flaky")["new"] == 1 and third.code == 0
    assert json.loads(state_path(content).read_text())["sources"]["flaky"]["failures"] == 0


def test_a_server_that_never_answers_times_out(tmp_path, capsys, server):
    server.routes["/silent.xml"] = lambda seen: Reply(hang=5)
    server.serve("/ok.xml", GOOD)
    content, config = site(tmp_path, source_toml(server.url("/silent.xml"), name="silent"),
                           source_toml(server.url("/ok.xml"), name="ok"))
    ran = run_ingest(capsys, content, config)
    assert ran.source("silent")["message"].startswith("127.0.0.1 did not answer within 0.5 s; next try after")
    assert ran.source("ok")["new"] == 1


def test_a_response_over_the_size_cap_is_refused(tmp_path, capsys, server):
    big = GOOD.replace(b"</channel>", b"<!-- " + b"x" * 300_000 + b" --></channel>")
    server.serve("/big.xml", big)
    # no Content-Length, and gzip-compressed: the cap counts what it decompresses to
    server.routes["/bomb.xml"] = lambda seen: Reply(200, gzipped(big), {"Content-Encoding": "gzip",
                                                                        "Content-Type": "application/rss+xml"})
    content, config = site(tmp_path, source_toml(server.url("/big.xml"), name="big"),
                           source_toml(server.url("/bomb.xml"), name="bomb"),
                           ingest="[ingest]\nmax_bytes = 100000\nhost_interval = 0.001\n")
    ran = run_ingest(capsys, content, config)
    for name in ("big", "bomb"):
        assert ran.source(name)["message"].startswith(
            "the answer is larger than the limit of 100,000 bytes (ingest.max_bytes); not read"), ran.source(name)
    assert not articles(content)


def test_redirects_are_followed_five_times_at_most(tmp_path, capsys, server):
    server.serve("/real.xml", GOOD)
    server.routes["/old.xml"] = lambda seen: Reply(301, b"", {"Location": "/real.xml"})
    server.routes["/loop-a"] = lambda seen: Reply(302, b"", {"Location": server.url("/loop-b")})
    server.routes["/loop-b"] = lambda seen: Reply(302, b"", {"Location": "/loop-a"})
    for n in range(7):
        server.routes[f"/hop{n}"] = (lambda n: lambda seen: Reply(302, b"", {"Location": f"/hop{n + 1}"}))(n)
    server.routes["/ftp"] = lambda seen: Reply(302, b"", {"Location": "ftp://127.0.0.1/feed.xml"})
    content, config = site(tmp_path, source_toml(server.url("/old.xml"), name="moved"),
                           source_toml(server.url("/loop-a"), name="loop"),
                           source_toml(server.url("/hop0"), name="hops"),
                           source_toml(server.url("/ftp"), name="ftp"))
    ran = run_ingest(capsys, content, config)
    assert ran.source("moved")["new"] == 1
    assert any("moved for good to " + server.url("/real.xml") in w for w in ran.source("moved")["warnings"])
    assert ran.source("loop")["message"].startswith("the address redirects in a loop")
    assert ran.source("hops")["message"].startswith("more than 5 redirects")
    assert len(server.requests_to("/hop5")) == 1 and not server.requests_to("/hop6")
    assert ran.source("ftp")["message"].startswith("ftp://127.0.0.1/feed.xml is not an http(s) address")
    for name in ("loop", "hops", "ftp"):
        _plain(ran.source(name)["message"])


def test_a_web_page_where_a_feed_was_expected(tmp_path, capsys, server):
    server.serve("/", "<!DOCTYPE html><html><head><title>Home</title>"
                      '<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>'
                      "<body><p>Welcome</p></body></html>", "text/html; charset=utf-8")
    server.serve("/mislabelled.xml", GOOD, "text/html")  # a feed sent as a web page is still a feed
    content, config = site(tmp_path, source_toml(server.url("/"), name="home"),
                           source_toml(server.url("/mislabelled.xml"), name="mislabelled"),
                           extra='base_url = "https://digest.example/ai/"')
    ran = run_ingest(capsys, content, config)
    assert ran.source("home")["message"].startswith(
        f"the address gives a web page, not a feed; the page names its feed at {server.url('/feed.xml')}")
    assert ran.source("mislabelled")["new"] == 1
    # the User-Agent names the project and the site that reads the feed
    assert server.seen[0].headers["user-agent"] == \
        f"newsdigest/{__version__} (news digest site generator; feed ingest; +https://digest.example/ai/)"


def test_requests_to_one_host_keep_their_distance(tmp_path, capsys, server):
    for n in range(3):
        server.serve(f"/f{n}.xml", rss([Item(f"Entry {n}", f"https://wire.example/{n}")]))
    content, config = site(tmp_path, *(source_toml(server.url(f"/f{n}.xml"), name=f"f{n}") for n in range(3)),
                           ingest="[ingest]\nhost_interval = 0.25\n")
    run_ingest(capsys, content, config)
    times = [s.at for s in server.seen]
    assert len(times) == 3 and all(b - a >= 0.24 for a, b in zip(times, times[1:]))


def test_failures_never_remove_content(tmp_path, capsys, server):
    server.serve("/feed.xml", GOOD)
    content, config = site(tmp_path, source_toml(server.url("/feed.xml"), name="wire"))
    run_ingest(capsys, content, config)
    before = articles(content)
    server.routes["/feed.xml"] = lambda seen: Reply(404, b"gone")
    ran = run_ingest(capsys, content, config, now="2024-03-06T00:00:00Z")
    assert ran.source("wire")["message"].startswith("nothing at this address (HTTP 404 Not Found)")
    assert articles(content) == before
