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
    import generator.publish.search as search

    real = importlib.util.find_spec
    monkeypatch.setattr(search.importlib.util, "find_spec", lambda name: None if name == "pagefind" else real(name))
    built = build(_content(tmp_path))
    assert built.code == 0 and built.report["search"].startswith("search is off: Pagefind is not installed")
    assert "search is off" in built.stdout
    assert not (built.out / "pagefind").exists()
    page = parse_html(built.out / "search" / "index.html")
    assert page.find(".//main//script") is None and "not available" in "".join(page.find(".//main").itertext())
    assert [s.get("src") for s in page.iter("script")] == ["/assets/time.js"]  # no Pagefind UI


@pytest.mark.skipif(importlib.util.find_spec("pagefind") is None, reason="pagefind[extended] is not installed")
def test_rebuilt_index_touches_only_changed_files(tmp_path, build):
    """Pagefind writes every file of its index on each run; the build moves in only those
    whose bytes changed, so a sync by size and mtime uploads a few files, not all of them.
    The index is then what a clean build makes."""
    c = tmp_path / "content"
    for i in range(8):
        write_article(c, f"a{i}.md", article_front(f"{made_up_words(i)} {i}"), f"Body text about quasars {i}.\n")
    out = tmp_path / "site"
    assert build(c, out=out).code == 0
    index = out / "pagefind"

    def files(root):
        return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}

    before = files(index)
    write_article(c, "a3.md", article_front(f"{made_up_words(3)} 3"), "Body text about pulsars instead.\n")
    assert build(c, out=out).code == 0
    after = files(index)
    kept = [rel for rel in before.keys() & after.keys() if before[rel][0] == after[rel][0]]
    assert len(kept) > len(after) / 2 and all(before[rel][1] == after[rel][1] for rel in kept)
    assert any(before.get(rel, (None,))[0] != data for rel, (data, _) in after.items())  # the edit is indexed
    clean = build(c, out=tmp_path / "clean")
    assert clean.code == 0
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in files(clean.out / "pagefind").items()}
    assert not list(tmp_path.glob(".*pagefind*"))  # no fresh index left beside the site


@pytest.mark.skipif(importlib.util.find_spec("pagefind") is None, reason="pagefind[extended] is not installed")
def test_a_page_is_found_by_its_own_words_not_by_the_lists_on_it(tmp_path, build):
    """An article page's index entry holds its headline, lede and body; the headlines of
    other stories in its "Earlier in" lists and its related coverage are left out (else a
    search for one story returns every page that lists it, and the index is 2.6 times the size)."""
    import gzip
    import json

    c = tmp_path / "content"
    related = ('related:\n  - title: "Quokka consortium widens"\n    excerpt: "Wombat excerpt words."\n'
               '    webUrl: "https://other.example.org/quokka"\n    publishedDateTime: 2024-03-04T08:00:00Z\n'
               '    provider: {name: Other, domain: other.example.org}\n')
    write_article(c, "older.md", article_front("Narwhal census finishes", date="2024-03-02T10:00:00Z"),
                  "Counting the narwhals took all winter.\n")
    write_article(c, "newer.md", article_front("Axolotl lab opens", date="2024-03-05T10:00:00Z", extra=related),
                  "The axolotl lab opened its doors.\n")
    built = build(c)
    assert built.code == 0 and built.report["search"] == "search index updated"
    page = parse_html(built.out / "2024" / "03" / "05" / "axolotl-lab-opens" / "index.html")
    shown = " ".join(page.find(".//main").itertext())
    assert "Narwhal census finishes" in shown and "Quokka consortium widens" in shown  # on the page...
    entries = {}
    for fragment in (built.out / "pagefind" / "fragment").iterdir():
        data = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])
        entries[data["url"]] = data["content"]
    own = entries["/2024/03/05/axolotl-lab-opens/"]
    assert "Axolotl lab opens" in own and "opened its doors" in own
    assert not [w for w in ("Narwhal", "Quokka", "Wombat", "Read the full article") if w in own]  # ...not in its entry
    assert "Narwhal census finishes" in entries["/2024/03/02/narwhal-census-finishes/"]
