"""Each kind of feed, served over real HTTP, becomes article files in the seed schema."""
from __future__ import annotations

import json

import pytest
from feedserver import (
    Item,
    api_item,
    api_page,
    articles,
    atom,
    json_feed,
    rss,
    run_ingest,
    server,  # noqa: F401  (fixture)
    site,
    source_toml,
)

from generator.sources.kinds import NotAFeed, next_page_url, read_feed


def test_rss_atom_and_json_feed_become_articles(tmp_path, capsys, server):
    server.serve("/rss.xml", rss([Item("Chip plant opens", "https://wire.example/a/chip-plant",
                                       image="https://wire.example/chip.jpg"),
                                  Item("Robot learns to fold", "https://wire.example/a/robot", "2024-03-02T08:30:00Z")]))
    server.serve("/atom.xml", atom([Item("Solar record &amp; more", "https://journal.example/solar")]),
                 "application/atom+xml")
    server.serve("/feed.json", json_feed([Item("Quantum step", "https://notes.example/q",
                                               image="https://notes.example/q.png")]), "application/feed+json")
    content, config = site(tmp_path,
                           source_toml(server.url("/rss.xml"), name="wire", topics=["AI Hardware", "AI"]),
                           source_toml(server.url("/atom.xml"), name="journal",
                                       provider='{ name = "The Journal", domain = "journal.example" }'),
                           source_toml(server.url("/feed.json"), name="notes"))
    ran = run_ingest(capsys, content, config)
    assert ran.code == 0, ran.stderr
    assert [(s["name"], s["kind"], s["new"], s["status"]) for s in ran.report["sources"]] == [
        ("wire", "RSS 2.0", 2, "ok"), ("journal", "Atom 1.0", 1, "ok"), ("notes", "JSON Feed 1.1", 1, "ok")]
    assert "wire (RSS 2.0): 2 new, 0 duplicate" in ran.stdout
    assert "ingest: 3 sources · 4 new · 0 duplicate · 0 not modified · 0 failed" in ran.stdout
    files = articles(content)
    assert sorted(files) == ["journal/2024-03-01-solar-record-more.md", "notes/2024-03-01-quantum-step.md",
                             "wire/2024-03-01-chip-plant-opens.md", "wire/2024-03-02-robot-learns-to-fold.md"]
    chip = files["wire/2024-03-01-chip-plant-opens.md"]
    assert chip["title"] == "Chip plant opens"
    assert chip["webUrl"] == "https://wire.example/a/chip-plant"
    assert chip["publishedDateTime"] == "2024-03-01T10:00:00Z"
    assert chip["topics"] == ["AI Hardware", "AI"]
    assert chip["provider"] == {"name": "Example Wire", "domain": "wire.example"}
    assert chip["images"] == [{"url": "https://wire.example/chip.jpg", "width": 800, "height": 450}]
    assert (chip["category"], chip["type"], chip["published"]) == ("news", "article", True)
    assert files["journal/2024-03-01-solar-record-more.md"]["provider"] == {"name": "The Journal",
                                                                          "domain": "journal.example"}
    assert files["journal/2024-03-01-solar-record-more.md"]["title"] == "Solar record & more"
    assert files["notes/2024-03-01-quantum-step.md"]["images"] == [{"url": "https://notes.example/q.png"}]
    # the request named us
    assert all(s.headers["user-agent"].startswith("newsdigest/") for s in server.seen)


def test_the_api_shape_is_followed_to_its_next_page(tmp_path, capsys, server):
    first = [api_item("Model beats benchmark", "https://outlet.example/1", "2024-03-03T09:00:00Z"),
             api_item("Lab opens in Seoul", "https://outlet.example/2", "2024-03-02T09:00:00Z")]
    second = [api_item("Older news on chips", "https://outlet.example/3", "2024-02-20T09:00:00Z",
                       domain="paper.example", name="The Paper", topics=["AI Hardware"])]
    server.serve("/api/topics/ai/page/1/index.json", api_page(first, 1, 2), "application/json")
    server.serve("/api/topics/ai/page/2/index.json", api_page(second, 2, None), "application/json")
    content, config = site(tmp_path, source_toml(server.url("/api/topics/ai/page/1/index.json"), name="api"))
    ran = run_ingest(capsys, content, config)
    src = ran.source("api")
    assert (src["kind"], src["pages"], src["new"]) == ("news API", 2, 3)
    files = articles(content)
    older = files["api/2024-02-20-older-news-on-chips.md"]
    assert older["provider"] == {"name": "The Paper", "domain": "paper.example",
                                 "images": [{"url": "https://paper.example/logo.png", "width": 50, "height": 50}]}
    assert older["topics"] == ["AI Hardware"]  # the item's own topics, as the source names none
    assert (older["heat"], older["quality"]) == (40, 20)
    assert older["related"][0]["webUrl"] == "https://other.example/take"
    assert older["images"] == [{"url": "https://paper.example/photo.jpg", "width": 1200, "height": 630}]


def test_the_api_stops_at_max_pages(tmp_path, capsys, server):
    for n in range(1, 5):
        server.serve(f"/p/{n}.json", api_page([api_item(f"Item {n}", f"https://outlet.example/{n}",
                                                        "2024-03-01T00:00:00Z")], n, n + 1), "application/json")
    content, config = site(tmp_path, source_toml(server.url("/p/1.json"), name="paged"),
                           ingest="[ingest]\nmax_pages = 2\nhost_interval = 0.001\n")
    ran = run_ingest(capsys, content, config)
    assert (ran.source("paged")["pages"], ran.source("paged")["new"]) == (2, 2)
    assert not server.requests_to("/p/3.json")


def test_next_page_addresses():
    assert next_page_url("https://a.example/api/topics/ai/page/1/index.json", 1, 2) == \
        "https://a.example/api/topics/ai/page/2/index.json"
    assert next_page_url("https://a.example/api/2024/ai/1.json", 1, 2) == "https://a.example/api/2024/ai/2.json"
    assert next_page_url("https://a.example/api/news?topic=ai&page=3", 3, 4) == "https://a.example/api/news?topic=ai&page=4"
    assert next_page_url("https://a.example/api/news", 1, "/api/news?after=xyz") == "https://a.example/api/news?after=xyz"
    assert next_page_url("https://a.example/api/news", 1, "javascript:alert(1)") == ""
    assert next_page_url("https://a.example/api/news", 1, None) == ""


@pytest.mark.parametrize("body, kind", [
    (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
     b'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://x.example/"><title>X</title>'
     b'<link>https://x.example/</link></channel><item rdf:about="https://x.example/1"><title>One</title>'
     b'<link>https://x.example/1</link></item></rdf:RDF>', "RSS 1.0"),
    (b'<?xml version="1.0"?><rss version="0.91"><channel><title>X</title><link>https://x.example/</link>'
     b'<item><title>One</title><link>https://x.example/1</link></item></channel></rss>', "RSS 0.91"),
    (b'<?xml version="1.0"?><rss version="0.92"><channel><title>X</title><link>https://x.example/</link>'
     b'<item><title>One</title><link>https://x.example/1</link></item></channel></rss>', "RSS 0.92"),
    (json.dumps({"version": "https://jsonfeed.org/version/1", "title": "X",
                 "items": [{"id": "1", "url": "https://x.example/1", "title": "One"}]}).encode(), "JSON Feed 1"),
])
def test_kinds_are_detected_from_the_bytes(body, kind):
    feed = read_feed(body, "text/plain", "https://x.example/feed")  # a wrong Content-Type, as servers send
    assert feed.kind == kind
    assert [(e.title, e.link) for e in feed.entries] == [("One", "https://x.example/1")]


def test_json_that_is_no_feed_says_so():
    with pytest.raises(NotAFeed, match="neither a JSON Feed"):
        read_feed(b'{"items": []}', "application/json", "https://x.example/")
    with pytest.raises(NotAFeed, match="not well-formed JSON"):
        read_feed(b'{"value": [', "application/json", "https://x.example/")


def test_a_json_feed_item_may_give_a_relative_address():
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "X",
                       "items": [{"id": "1", "url": "/posts/one", "title": "One"},
                                 {"id": "urn:x:2", "title": "Two, with no address"}]}).encode()
    feed = read_feed(body, "application/feed+json", "https://x.example/feed.json")
    assert [(e.title, e.link) for e in feed.entries] == [("One", "https://x.example/posts/one"),
                                                         ("Two, with no address", "")]
