"""Saved HTML pages in content/ are articles: built through the real build and read back
from the pages it writes; pages that are not articles are reported, never built."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import text_of

from generator.cli import main

PAGES = Path(__file__).parent / "pages"
SOLAR = "/2024/03/05/harbour-town-opens-floating-solar-farm/"
LIBRARY = "/2024/04/12/town-library-extends-its-opening-hours/"
COUNCIL = "/2024/05/14/council-votes-on-the-harbour-wall/"


@pytest.fixture
def site(tmp_path, build):
    content = tmp_path / "content"
    shutil.copytree(PAGES, content)
    return build(content)


def _body(page):
    return page.find(".//article//div[@class='body']")


def _paragraphs(page) -> list[str]:
    return [text_of(p) for p in _body(page).iter("p")]


def test_every_page_ends_built_or_reported(site):
    assert site.code == 0
    outcomes = {f["path"]: f["outcome"] for f in site.report["files"]}
    assert outcomes == {"harbour-solar.html": "built", "library-hours.html": "built", "scripted.html": "built",
                        "front-page.html": "rejected", "section-list.html": "rejected"}


def test_article_with_og_json_ld_and_canonical(site):
    page = site.page(SOLAR)
    assert text_of(page.find(".//article//h1")) == "Harbour town opens floating solar farm"  # not "… | The Coastal Ledger"
    published, updated = page.findall(".//article/header//time")
    assert published.get("datetime") == "2024-03-05T09:15:00+00:00"  # as the page states it, in the site's zone
    assert updated.get("datetime") == "2024-03-05T13:40:00+00:00"
    badge = page.find(".//article/header//span[@class='badge']")
    assert text_of(badge.find("a[@class='badge-name']")) == "The Coastal Ledger"
    assert badge.find("a").get("href") == "/providers/coastal-ledger.example/"
    assert text_of(page.find(".//p[@class='byline']")) == "By Mara Lindqvist, Tomas Ek"
    original = page.find(".//p[@class='read-original']/a")
    assert original.get("href") == "https://www.coastal-ledger.example/news/2024/03/05/floating-solar-farm"
    image = page.find(".//article/figure/img")
    assert image.get("src") == "https://img.coastal-ledger.example/2024/solar-lake.jpg"
    assert (image.get("width"), image.get("height")) == ("1200", "675")
    assert "third of the town's homes" in text_of(page.find(".//p[@class='lede']"))
    paragraphs = _paragraphs(page)
    assert paragraphs[0].startswith("The old quarry lake above Saltby harbour")
    assert paragraphs[-1].startswith("The next step, the council said")
    assert len(paragraphs) == 6
    body = _body(page)
    assert [text_of(h) for h in body.iter("h2")] == ["Why a lake"]
    assert len(body.findall(".//ul/li")) == 3
    link = body.find(".//a")  # a relative link, made absolute against the canonical address
    assert link.get("href") == "https://www.coastal-ledger.example/news/2023/co-op-plan"
    words = text_of(body)
    for boilerplate in ("Sign in", "Subscribe to our newsletter", "Most read", "All rights reserved",
                        "Privacy policy", "Share", "Harbour town opens"):
        assert boilerplate not in words, boilerplate


def test_page_without_metadata_takes_its_h1_and_printed_date(site):
    page = site.page(LIBRARY)
    assert text_of(page.find(".//article//h1")) == "Town library extends its opening hours"
    assert page.find(".//article/header//time").get("datetime") == "2024-04-12T00:00:00+00:00"
    paragraphs = _paragraphs(page)
    assert any(p.startswith("From next Monday the town library") for p in paragraphs)
    assert paragraphs[-1].endswith("on Tuesdays and Thursdays.")
    assert "About us" not in text_of(_body(page)) and "Market Square" not in text_of(_body(page))
    warned = {d["field"] for d in site.diagnostics("library-hours.html") if d["severity"] == "warning"}
    assert warned == {"webUrl", "provider"}  # nothing to link to, said so; still built


@pytest.mark.parametrize("name, evidence", [("front-page.html", "og:type is 'website'"),
                                            ("section-list.html", "CollectionPage")])
def test_home_and_listing_pages_are_reported_not_built(site, name, evidence):
    errors = [d for d in site.diagnostics(name) if d["severity"] == "error"]
    assert len(errors) == 1
    error = errors[0]
    assert error["line"] in (0, 1) and error["field"] == "page"
    assert error["message"].startswith("not an article") and evidence in error["message"]
    assert "Error" not in error["message"] and "Traceback" not in error["message"]
    assert not any("today" in p.name for p in site.out.rglob("*"))
    assert not (site.out / "2024" / "03" / "05" / "the-coastal-ledger").exists()


def test_script_and_javascript_links_do_not_survive(site):
    page = site.page(COUNCIL)
    body = _body(page)
    assert body.find(".//script") is None and body.find(".//iframe") is None and body.find(".//img") is None
    hrefs = [a.get("href") for a in body.iter("a")]
    assert hrefs == ["https://news.example.org/docs/survey.pdf", "https://news.example.org/2024/04/harbour-letters"]
    words = text_of(body)
    assert "after a heated debate that ran late" in words  # the javascript: link's words stay, unlinked
    assert 'read <script>alert("gallery")</script> to laughter' in words  # escaped text, shown as text
    assert "data link and a vbscript link" in words
    raw = (site.out / COUNCIL.strip("/") / "index.html").read_text()
    assert "alert('clicked')" not in raw and 'alert("inline")' not in raw and "onerror" not in raw
    assert "javascript:" not in raw and "vbscript:" not in raw and "data:text/html" not in raw


@pytest.mark.parametrize("declaration, codec, title, words", [
    ('<meta charset="windows-1252">', "cp1252", "Café “Grüße” reopens in the library", "says Zoë Müller."),
    # ISO-8859-1 is read as windows-1252, as browsers do: 0x93/0x94 are curly quotes there
    ('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "cp1252",
     "Café “Grüße” reopens in the library", "says Zoë Müller."),
    ('<meta charset="koi8-r">', "koi8-r", "Библиотека открыта по вечерам", "says Зоя Мюллер."),
    ('<meta charset="shift_jis">', "shift_jis", "図書館が夜も開館します", "says 山田花子."),
])
def test_declared_charset_is_honoured(tmp_path, build, declaration, codec, title, words):
    content = tmp_path / "content"
    content.mkdir()
    page = (PAGES / "library-hours.html").read_text()
    page = page.replace("<head>", f"<head>\n{declaration}").replace("Town library extends its opening hours", title)
    page = page.replace("two hours later than before.", f"two hours later than before, {words}")
    (content / "page.html").write_bytes(page.encode(codec))
    built = build(content)
    assert built.outcome("page.html") == "built"
    assert not [d for d in built.diagnostics("page.html") if d["field"] == "encoding"]
    article = built.page(_only_article(built))
    assert text_of(article.find(".//article//h1")) == title
    assert words in text_of(_body(article))


def _only_article(built) -> str:
    pages = [p for p in built.out.glob("2024/*/*/*/index.html")]
    assert len(pages) == 1
    return "/" + pages[0].parent.relative_to(built.out).as_posix() + "/"


def test_bytes_that_are_not_the_declared_charset_are_reported(tmp_path, build):
    content = tmp_path / "content"
    content.mkdir()
    page = (PAGES / "library-hours.html").read_text().replace("<head>", '<head><meta charset="utf-8">')
    (content / "broken.html").write_bytes(page.encode().replace(b"two hours later", b"two hours \xff later"))
    built = build(content)
    assert built.outcome("broken.html") == "built"
    warning = next(d for d in built.diagnostics("broken.html") if d["field"] == "encoding")
    assert warning["severity"] == "warning" and warning["line"] > 1 and "U+FFFD" in warning["message"]


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x00\x01\x02\xff" * 50, b"<!-- only a comment -->",
                                  b"<html><body></body></html>", b"<p>" * 20000, b"just some words"])
def test_unusable_html_is_reported(tmp_path, build, data):
    content = tmp_path / "content"
    content.mkdir()
    (content / "odd.htm").write_bytes(data)
    built = build(content)
    assert built.code == 0 and built.outcome("odd.htm") == "rejected"
    errors = [d for d in built.diagnostics("odd.htm") if d["severity"] == "error"]
    assert errors and all(d["line"] in (0, 1) for d in errors)
    assert not any("Error" in d["message"] or "Exception" in d["message"] for d in errors)


def test_check_shows_where_each_field_came_from(capsys):
    assert main(["check", "--content", str(PAGES), str(PAGES / "harbour-solar.html")]) == 0
    out = capsys.readouterr().out
    assert "harbour-solar.html: HTML page; extracted fields:" in out
    lines: dict[str, str] = {}
    for line in out.splitlines():
        if line.startswith("  ") and line.split():
            lines.setdefault(line.split()[0], line)
    assert "h1 (= json-ld headline)" in lines["title"]
    assert "json-ld datePublished" in lines["publishedDateTime"]
    assert "json-ld dateModified" in lines["updatedDateTime"]
    assert "canonical" in lines["webUrl"]
    assert "og:site_name" in lines["provider"]
    assert "json-ld author" in lines["byline"]
    assert "The old quarry lake above Saltby harbour" in out  # the body it will build


def test_check_explains_a_rejected_page(capsys):
    assert main(["check", "--content", str(PAGES), str(PAGES / "front-page.html")]) == 1
    out = capsys.readouterr().out
    assert "front-page.html:0: error: page: not an article" in out


def test_check_names_htmldate_for_a_printed_date(capsys):
    main(["check", "--content", str(PAGES), str(PAGES / "library-hours.html")])
    out = capsys.readouterr().out
    assert "'2024-04-12'  (line -, htmldate)" in out
    assert "h1 (= title element)" in out
