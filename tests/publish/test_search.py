"""Search: a Pagefind index when Pagefind is installed; a clear "search is off" otherwise."""
from __future__ import annotations

import importlib.util

import pytest

from conftest import article_front, made_up_words, parse_html, write_article


def _content(tmp_path):
    c = tmp_path / "content"
    for i in range(3):
        write_article(c, f"a{i}.md", article_front(f"{made_up_words(i)} {i}"), "Body text about quasars.\n")
    return c


@pytest.mark.skipif(importlib.util.find_spec("pagefind") is None, reason="pagefind[extended] is not installed")
def test_index_written_when_pagefind_is_installed(tmp_path, build):
    built = build(_content(tmp_path))
    assert built.code == 0 and built.report["search"] == "search index updated"
    assert (built.out / "pagefind" / "pagefind-entry.json").is_file()
    assert list((built.out / "pagefind" / "fragment").iterdir())
    page = parse_html(built.out / "search" / "index.html")
    assert any((s.get("src") or "").endswith("/pagefind/pagefind-ui.js") for s in page.iter("script"))
    again = build(_content(tmp_path / "x"), out=built.out)  # a rebuild keeps the index and drops stale files
    assert again.code == 0 and (built.out / "pagefind" / "pagefind-entry.json").is_file()


def test_build_succeeds_with_search_off_when_pagefind_is_missing(tmp_path, build, monkeypatch):
    import generator.search as search

    real = importlib.util.find_spec
    monkeypatch.setattr(search.importlib.util, "find_spec", lambda name: None if name == "pagefind" else real(name))
    built = build(_content(tmp_path))
    assert built.code == 0 and built.report["search"].startswith("search is off: Pagefind is not installed")
    assert "search is off" in built.stdout
    assert not (built.out / "pagefind").exists()
    page = parse_html(built.out / "search" / "index.html")
    assert page.find(".//main//script") is None and "not available" in "".join(page.find(".//main").itertext())
    assert [s.get("src") for s in page.iter("script")] == ["/assets/time.js"]  # no Pagefind UI
