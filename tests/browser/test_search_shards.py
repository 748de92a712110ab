"""Search in Debian's headless Chromium: the index is one Pagefind bundle per month, and the
search page merges them, so a word from the headline of an article in an old month (not the
newest shard, which is the primary index) finds that article, at the site root and under a
base path (/ai/), and its result link opens the article."""
from __future__ import annotations

import functools
import http.server
import importlib.util
import threading
from pathlib import Path

import pytest

from chromium import BasePathHandler, launched, needs_chromium
from conftest import article_front, made_up_words, run_build, write_article

pytestmark = [*needs_chromium, pytest.mark.skipif(importlib.util.find_spec("pagefind") is None,
                                                 reason="pagefind[extended] is not installed")]

OLD = "Narwhal census finishes after a long winter"
MONTHS = ("2024-01", "2024-02", "2024-03", "2024-04")


@pytest.fixture(scope="module")
def browser():
    with launched() as instance:
        yield instance


def _site(tmp_path: Path, capsys, base: str) -> Path:
    c = tmp_path / "content"
    write_article(c, "old.md", article_front(OLD, date="2024-01-09T10:00:00Z"), "Counting the narwhals took all winter.\n")
    for m, month in enumerate(MONTHS):
        for i in range(2):
            n = 10 * m + i
            write_article(c, f"a{n}.md", article_front(f"{made_up_words(n)} {n}", date=f"{month}-{12 + i}T10:00:00Z"),
                          f"Body text {n}.\n")
    config = tmp_path / "site.toml"
    config.write_text(f'title = "Search test"\nbase_url = "https://example.org{base}"\n')
    built = run_build(capsys, c, tmp_path / "site", config=config)
    assert built.code == 0 and built.report["search"] == f"search index updated ({len(MONTHS)} of {len(MONTHS)} shards indexed)"
    return built.out


@pytest.mark.parametrize("base", ["/", "/ai/"])
def test_a_word_from_an_old_headline_finds_its_article(browser, tmp_path, capsys, base):
    out = _site(tmp_path, capsys, base)
    handler = functools.partial(type("H", (BasePathHandler,), {"base": base}), directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        assert page.goto(f"{origin}{base}search/").status == 200
        page.fill(".pagefind-ui__search-input", "narwhal")
        link = page.locator(".pagefind-ui__result-link", has_text="Narwhal census finishes")
        link.first.wait_for(timeout=15000)
        assert link.count() == 1
        href = link.first.get_attribute("href")
        assert href == f"{base}2024/01/09/narwhal-census-finishes-after-a-long-winter/", href
        link.first.click()
        page.wait_for_url(f"{origin}{href}")
        assert page.locator("h1").first.inner_text() == OLD
        assert not errors, errors
    finally:
        context.close()
        server.shutdown()
        server.server_close()
