"""Feeds, sitemap, robots.txt, meta tags and the JSON API of the built sample site,
validated with real parsers (feedparser, jsonschema, ElementTree, html5lib)."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import feedparser
import jsonschema
import pytest
from conftest import ROOT, parse_html
from referencing import Registry, Resource

SCHEMAS = {p.name: json.loads(p.read_text()) for p in (ROOT / "schemas").glob("*.json")}
REGISTRY = Registry().with_resources((name, Resource.from_contents(s)) for name, s in SCHEMAS.items())
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def validate(data, schema: str) -> None:
    jsonschema.Draft202012Validator(SCHEMAS[schema], registry=REGISTRY,
                                    format_checker=jsonschema.FormatChecker()).validate(data)


@pytest.mark.parametrize("path", ["feed.xml", "topics/ai/feed.xml", "topics/space/feed.xml"])
def test_atom_feeds_parse_without_errors(sample_site, path):
    feed = feedparser.parse((sample_site.out / path).read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert 0 < len(feed.entries) <= 50
    for e in feed.entries:
        assert e.link.startswith("https://example.org/") and e.id and e.updated
    dates = [e.updated_parsed for e in feed.entries]
    assert dates == sorted(dates, reverse=True)


def test_feed_lists_stories_once_with_stable_ids(sample_site):
    feed = feedparser.parse((sample_site.out / "feed.xml").read_bytes())
    aster = [e for e in feed.entries if "Aster-2" in e.title]
    assert len(aster) == 1 and "+3 more" in aster[0].summary
    assert aster[0].id == "tag:example.org,2024:story/2024-05-14-lumen-labs-releases-aster-2-open-weight-model"
    assert aster[0].link.endswith("/stories/2024-05-14-lumen-labs-releases-aster-2-open-weight-model/")


@pytest.mark.parametrize("path", ["feed.json", "topics/ai/feed.json"])
def test_json_feeds_validate(sample_site, path):
    data = json.loads((sample_site.out / path).read_text())
    validate(data, "jsonfeed-1.1.schema.json")
    assert data["items"] and all(i["url"].startswith("https://example.org/") for i in data["items"])


def test_sitemap_and_robots(sample_site):
    root = ET.fromstring((sample_site.out / "sitemap.xml").read_bytes())
    locs = {u.find(f"{SM}loc").text: u.find(f"{SM}lastmod") for u in root.findall(f"{SM}url")}
    html_pages = [p for p in sample_site.out.rglob("*.html") if p.name != "404.html"]
    assert len(locs) == len(html_pages)
    assert "https://example.org/" in locs and not any("404" in l for l in locs)
    article = locs["https://example.org/2024/06/04/orbital-freight-booster-lands-at-sea/"]
    assert article.text == "2024-06-04T02:30:00+00:00"
    robots = (sample_site.out / "robots.txt").read_text()
    assert "Sitemap: https://example.org/sitemap.xml" in robots


def test_sitemap_index_above_the_limit(sample_site):
    from generator.publish.sitemap import sitemap_outputs, sitemap_rows
    from generator.site.plan import Links, Page
    from generator.urls import SiteUrls

    pages = [Page(f"p{i}/index.html", "x.html", {}, (), "x") for i in range(25)]
    links = Links(SiteUrls("https://a.org/"))
    out = dict(sitemap_outputs(sitemap_rows(pages, links), links, limit=10))
    index = ET.fromstring(out["sitemap.xml"])
    assert index.tag == f"{SM}sitemapindex" and len(index) == 3
    assert sum(len(ET.fromstring(out[f"sitemap-{n}.xml"])) for n in (1, 2, 3)) == 25


def test_api_topic_pages_validate_and_chain(sample_site):
    n, seen = 1, 0
    while True:
        data = json.loads((sample_site.out / f"api/topics/ai/page/{n}/index.json").read_text())
        validate(data, "api-topic-page.schema.json")
        assert data["page"] == n
        seen += len(data["value"])
        if data["nextPage"] is None:
            break
        n = data["nextPage"]
    home = parse_html(sample_site.out / "index.html")
    ai_row = next(li for li in home.findall(".//ul[@class='topic-list']/li") if li.find("a").text == "AI")
    expected = int(ai_row.find("span").text.split()[0])
    assert seen == expected and n == (expected + 19) // 20  # every AI article, 20 per page


def test_api_stories_validate(sample_site):
    files = sorted((sample_site.out / "api/stories").glob("*/index.json"))
    assert len(files) == sample_site.report["counts"]["stories"]
    pages = set()
    for f in files:
        data = json.loads(f.read_text())
        validate(data, "api-story.schema.json")
        # a story of one article has no page of its own: its article page stands in
        if len(data["value"]) > 1:
            assert data["page"] == f"/stories/{data['slug']}/"
            pages.add(data["slug"])
        else:
            assert data["page"] == data["lead"]["path"]
    assert pages == {p.name for p in (sample_site.out / "stories").iterdir()}
    assert 1 < len(pages) < len(files)
    aster = json.loads((sample_site.out / "api/stories/2024-05-14-lumen-labs-releases-aster-2-open-weight-model/index.json").read_text())
    assert len(aster["value"]) == 4


def test_meta_tags_and_alternate_links(sample_site):
    page = parse_html(sample_site.out / "2024/06/04/orbital-freight-booster-lands-at-sea/index.html")
    meta = {m.get("property") or m.get("name"): m.get("content") for m in page.iter("meta")}
    assert meta["og:type"] == "article" and meta["og:title"].startswith("Orbital Freight lands")
    assert meta["og:url"] == "https://example.org/2024/06/04/orbital-freight-booster-lands-at-sea/"
    assert meta["og:image"].startswith("https://") and meta["twitter:card"] == "summary_large_image"
    alternates = {l.get("type"): l.get("href") for l in page.iter("link") if l.get("rel") == "alternate"}
    assert alternates["application/atom+xml"] == "https://example.org/feed.xml"
    topic = parse_html(sample_site.out / "topics/ai/index.html")
    hrefs = [l.get("href") for l in topic.iter("link") if l.get("rel") == "alternate"]
    assert "https://example.org/topics/ai/feed.xml" in hrefs
    for path in ("index.html", "topics/index.html", "stories/2024-05-14-lumen-labs-releases-aster-2-open-weight-model/index.html"):
        tree = parse_html(sample_site.out / path)
        assert tree.find(".//link[@rel='canonical']") is not None
        assert any(m.get("property") == "og:title" for m in tree.iter("meta"))
