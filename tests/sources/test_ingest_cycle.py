"""The scheduled cycle, as cron or CI runs it: ingest → build → deploy to a folder, twice,
with two new entries in between; and our own built site's feeds and API as a source."""
from __future__ import annotations

import re

import feedparser
from conftest import article_front, made_up_words, parse_html, run_build, text_of, write_article
from feedserver import (
    Item,
    articles,
    rss,
    run_ingest,
    server,  # noqa: F401  (fixture)
    site,
    source_toml,
)

from generator.cli import main

NOW = "2024-03-10T00:00:00Z"
ARTICLE_PAGE = re.compile(r"^\d{4}/\d{2}/\d{2}/[^/]+/index\.html$")
LISTING = re.compile(r"^(?:index\.html|feed\.(?:xml|json)|sitemap[-0-9]*\.xml|(?:topics|providers|api|pagefind)/.+)$")


def _files(folder):
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def _cycle(capsys, content, config, out, dest):
    ran = run_ingest(capsys, content, config, now=NOW)
    assert ran.code == 0, ran.stderr
    built = run_build(capsys, content, out, config=config)
    assert built.code == 0, built.stderr
    assert main(["deploy", "--to", str(dest), "--out", str(out)]) == 0
    return ran, capsys.readouterr().out


def _entries(n0, n1):
    return [Item(f"{made_up_words(n)} report {n}", f"https://wire.example/news/{n}", f"2024-03-0{1 + n % 8}T0{n % 9}:00:00Z",
                 summary=f"{made_up_words(n + 100, 12)}.") for n in range(n0, n1)]


def test_ingest_build_deploy_twice_adds_exactly_two_pages(tmp_path, capsys, server):
    items = _entries(0, 4)
    server.serve_conditional("/feed.xml", lambda: rss(items))
    content, config = site(tmp_path, source_toml(server.url("/feed.xml"), name="wire", topics=["AI"]))
    out, dest = tmp_path / "site", tmp_path / "www"
    first, _ = _cycle(capsys, content, config, out, dest)
    assert first.source("wire")["new"] == 4
    content_before, deployed_before = _files(content), _files(dest)
    pages_before = {p for p in deployed_before if ARTICLE_PAGE.match(p)}
    assert len(pages_before) == 4

    items.extend(_entries(4, 6))  # the feed gains two entries (newer than any before)
    second, deployed_line = _cycle(capsys, content, config, out, dest)
    assert (second.source("wire")["new"], second.source("wire")["duplicate"]) == (2, 4)
    content_after, deployed_after = _files(content), _files(dest)
    assert sorted(set(content_after) - set(content_before)) == sorted(second.source("wire")["files"])
    assert all(content_after[p] == content_before[p] for p in content_before)  # bytes and mtime
    new_pages = {p for p in deployed_after if ARTICLE_PAGE.match(p)} - pages_before
    assert len(new_pages) == 2
    for path in new_pages:
        title = text_of(parse_html(dest / path).find(".//h1"))
        assert title in {i.title for i in items[4:]}
    # no article page of the first run was rewritten, in the build or the deployed copy
    assert all(deployed_after[p] == deployed_before[p] for p in pages_before)
    rewritten = {p for p in deployed_before if deployed_after.get(p) != deployed_before[p]}
    assert not {p for p in rewritten if ARTICLE_PAGE.match(p)}
    # what did change lists the new articles: home, topic and outlet listings, feeds, API, sitemap, search
    assert rewritten and all(LISTING.match(p) for p in rewritten), sorted(rewritten)
    feed = feedparser.parse((dest / "feed.xml").read_bytes())
    assert {e.title for e in feed.entries} >= {i.title for i in items[4:]}
    # the second run asked with the first run's validators and got the new bytes (200)
    assert server.requests_to("/feed.xml")[-1].headers.get("if-none-match")
    # a third cycle with nothing new: 304, and the deploy copies nothing
    third, deployed_line = _cycle(capsys, content, config, out, dest)
    assert third.source("wire")["status"] == "not modified"
    assert "0 files copied, 0 deleted" in deployed_line
    assert _files(dest) == deployed_after


def test_our_own_site_is_a_source(tmp_path, capsys, server):
    """Site A's API, JSON Feed and Atom feed, served as a static host would, fill site B."""
    a_content = tmp_path / "a" / "content"
    titles = []
    for n, domain in enumerate(("techcrunch.com", "theverge.com", "arstechnica.com")):
        title = f"{made_up_words(n + 40)} unveils {made_up_words(n + 50, 2)}"
        titles.append(title)
        write_article(a_content, f"2024-03-0{n + 1}-a{n}.md",
                      article_front(title, date=f"2024-03-0{n + 1}T10:00:00Z", domain=domain, topics="[AI]",
                                    extra=f'excerpt: "{made_up_words(n + 60, 10)}"\n'))
    a_config = tmp_path / "a" / "site.toml"
    a_config.write_text(f'title = "Site A"\nbase_url = "{server.base}/"\n')
    built_a = run_build(capsys, a_content, tmp_path / "a" / "site", config=a_config)
    assert built_a.code == 0, built_a.stderr
    server.serve_folder(tmp_path / "a" / "site")

    (tmp_path / "b").mkdir()
    content, config = site(tmp_path / "b",
                           source_toml(server.url("/api/topics/ai/page/1/index.json"), name="site-a-api"),
                           source_toml(server.url("/feed.json"), name="site-a-json"),
                           source_toml(server.url("/feed.xml"), name="site-a-atom"))
    ran = run_ingest(capsys, content, config, now=NOW)
    api, json_src, atom_src = ran.source("site-a-api"), ran.source("site-a-json"), ran.source("site-a-atom")
    assert (api["kind"], api["new"]) == ("news API", 3)
    # the JSON Feed points at the same outlets' pieces (external_url): all already here
    assert (json_src["kind"], json_src["new"], json_src["duplicate"]) == ("JSON Feed 1.1", 0, 3)
    # the Atom feed links to site A's own pages: new articles, from site A
    assert (atom_src["kind"], atom_src["new"]) == ("Atom 1.0", 3)
    files = articles(content)
    from_api = [m for p, m in files.items() if p.startswith("site-a-api/")]
    assert sorted(m["title"] for m in from_api) == sorted(titles)
    assert {m["provider"]["domain"] for m in from_api} == {"techcrunch.com", "theverge.com", "arstechnica.com"}
    assert all(m["topics"] == ["AI"] and m["webUrl"].startswith("https://") for m in from_api)
    atom_meta = [m for p, m in files.items() if p.startswith("site-a-atom/")]
    assert {m["provider"]["name"] for m in atom_meta} == {"Site A"}
    assert all(m["webUrl"].startswith(server.base + "/") for m in atom_meta)

    built_b = run_build(capsys, content, tmp_path / "b-site", config=config)
    assert built_b.code == 0, built_b.stderr
    pages = [parse_html(p) for p in (tmp_path / "b-site").glob("2024/03/*/*/index.html")]
    assert len(pages) == 6
    for m in from_api:  # its own page, linking the outlet's piece
        assert any(text_of(page.find(".//h1")) == m["title"] and
                   any(a.get("href") == m["webUrl"] for a in page.iter("a")) for page in pages)
    feed = feedparser.parse((tmp_path / "b-site" / "feed.xml").read_bytes())
    assert set(titles) <= {e.title for e in feed.entries}
