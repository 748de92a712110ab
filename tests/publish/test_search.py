"""Search: a Pagefind index in monthly shards when Pagefind is installed, each re-indexed
only when its pages changed; a clear "search is off" otherwise."""
from __future__ import annotations

import gzip
import importlib.util
import json

import pytest
from conftest import article_front, made_up_words, parse_html, write_article


def _content(tmp_path):
    c = tmp_path / "content"
    for i in range(3):
        write_article(c, f"a{i}.md", article_front(f"{made_up_words(i)} {i}"), "Body text about quasars.\n")
    return c


needs_pagefind = pytest.mark.skipif(importlib.util.find_spec("pagefind") is None,
                                    reason="pagefind[extended] is not installed")


def listed(out):
    return [row["name"] for row in json.loads((out / "pagefind" / "shards.json").read_text())["shards"]]


def entries(out):
    """url → indexed text, over every shard (a fragment is gzipped JSON)."""
    found = {}
    for fragment in sorted((out / "pagefind").glob("*/fragment/*")):
        data = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])
        found[data["url"]] = data["content"]
    return found


def files(root):
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


@needs_pagefind
def test_index_written_when_pagefind_is_installed(tmp_path, build):
    built = build(_content(tmp_path))
    assert built.code == 0 and built.report["search"] == "search index updated (1 of 1 shards indexed)"
    assert listed(built.out) == ["2024-03"]
    assert (built.out / "pagefind" / "2024-03" / "pagefind-entry.json").is_file()
    assert list((built.out / "pagefind" / "2024-03" / "fragment").iterdir())
    assert (built.out / "pagefind" / "pagefind-ui.js").is_file() and (built.out / "pagefind" / "pagefind-ui.css").is_file()
    shipped = {f.name for f in (built.out / "pagefind" / "2024-03").iterdir()}
    assert "pagefind.js" in shipped and not shipped & {"pagefind-highlight.js", "pagefind-modular-ui.js"}  # unused
    page = parse_html(built.out / "search" / "index.html")
    assert any((s.get("src") or "").endswith("/pagefind/pagefind-ui.js") for s in page.iter("script"))
    assert page.find(".//div[@id='search']").get("data-index") == "/pagefind/"
    for f in (built.out / "pagefind" / "2024-03").rglob("*"):  # whole files: none cut short when Pagefind stops
        if f.is_file():
            data = f.read_bytes()
            assert data and (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data), f
    again = build(_content(tmp_path / "x"), out=built.out)  # a rebuild keeps the index and drops stale files
    assert again.code == 0 and (built.out / "pagefind" / "2024-03" / "pagefind-entry.json").is_file()


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


def _months(c, months=("2024-01", "2024-02", "2024-03")):
    for m, month in enumerate(months):
        for i in range(3):
            n = 10 * m + i
            write_article(c, f"a{n}.md", article_front(f"{made_up_words(n)} {n}", date=f"{month}-{10 + 5 * i}T10:00:00Z"),
                          f"Body text about quasars {n}.\n")


@needs_pagefind
def test_an_edit_reindexes_only_its_month_and_equals_a_clean_build(tmp_path, build):
    """One shard a month: an edit to an old article re-indexes its month alone; every file
    of the other shards keeps its bytes and mtime (a sync by size and mtime uploads one
    month), and the index is byte for byte what a clean build makes."""
    c = tmp_path / "content"
    _months(c)
    out = tmp_path / "site"
    first = build(c, out=out)
    assert first.code == 0 and first.report["search"] == "search index updated (3 of 3 shards indexed)"
    assert listed(out) == ["2024-03", "2024-02", "2024-01"]  # newest first: the search page's primary index
    index = out / "pagefind"
    before = files(index)
    write_article(c, "a1.md", article_front(f"{made_up_words(1)} 1", date="2024-01-15T10:00:00Z"),
                  "Body text about pulsars instead.\n")
    edit = build(c, out=out)
    assert edit.code == 0 and edit.report["search"] == "search index updated (1 of 3 shards indexed)"
    after = files(index)
    changed = {rel for rel in after if before.get(rel) != after[rel]}
    assert changed and all(rel.startswith("2024-01/") or rel == "shards.json" for rel in changed), changed
    assert before.keys() - after.keys() <= {rel for rel in before if rel.startswith("2024-01/")}
    assert "pulsars" in entries(out)["/2024/01/15/" + made_up_words(1).lower().replace(" ", "-") + "-1/"]
    clean = build(c, out=tmp_path / "clean")
    assert clean.code == 0
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in files(clean.out / "pagefind").items()}
    assert not list(tmp_path.glob(".*pagefind*"))  # no fresh index left beside the site
    same = build(c, out=out)
    assert same.code == 0 and files(index) == after  # nothing changed: nothing indexed, nothing touched


@needs_pagefind
def test_a_failed_run_leaves_the_last_index_and_the_next_build_makes_it(tmp_path, build, monkeypatch):
    """Pagefind failing leaves the index and shards.json as the last run made them (shards
    are moved in only once every changed one is made), and the next build makes the month."""
    c = tmp_path / "content"
    _months(c, ("2024-01", "2024-02"))
    out = tmp_path / "site"
    assert build(c, out=out).code == 0
    before = files(out / "pagefind")
    (c / "a1.md").write_text((c / "a1.md").read_text().replace("quasars", "pulsars"))
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")  # exits at once: every request fails
    failed = build(c, out=out)
    assert failed.code == 0 and failed.report["search"].startswith("search is off: pagefind failed")
    assert files(out / "pagefind") == before and not list(tmp_path.glob(".*pagefind*"))
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    again = build(c, out=out)
    assert again.code == 0 and again.report["search"] == "search index updated (1 of 2 shards indexed)"
    assert "pulsars" in entries(out)["/2024/01/15/" + made_up_words(1).lower().replace(" ", "-") + "-1/"]
    clean = build(c, out=tmp_path / "clean")
    assert {k: v[0] for k, v in files(out / "pagefind").items()} == \
        {k: v[0] for k, v in files(clean.out / "pagefind").items()}


@needs_pagefind
def test_new_articles_index_their_month_and_a_month_emptied_goes(tmp_path, build):
    """An hourly build of new articles indexes the current month only; a month whose
    articles are all gone loses its shard and its line in shards.json."""
    c = tmp_path / "content"
    _months(c, ("2024-01", "2024-02"))
    out = tmp_path / "site"
    assert build(c, out=out).code == 0
    before = files(out / "pagefind")
    write_article(c, "new.md", article_front("Quokka census results", date="2024-04-02T10:00:00Z"), "Counted.\n")
    hourly = build(c, out=out)
    assert hourly.code == 0 and hourly.report["search"] == "search index updated (1 of 3 shards indexed)"
    after = files(out / "pagefind")
    assert all(after[rel] == held for rel, held in before.items() if rel.startswith(("2024-01/", "2024-02/")))
    assert listed(out) == ["2024-04", "2024-02", "2024-01"]
    for i in range(3):
        (c / f"a{i}.md").unlink()
    emptied = build(c, out=out)
    assert emptied.code == 0 and listed(out) == ["2024-04", "2024-02"] and not (out / "pagefind" / "2024-01").exists()
    assert "/2024/04/02/quokka-census-results/" in entries(out)
    for page in c.glob("*.md"):  # no page left to search: nothing of the index stays but the empty listing
        page.unlink()
    assert build(c, out=out).code == 0 and listed(out) == []
    clean = build(c, out=tmp_path / "clean")
    assert files(out / "pagefind").keys() == files(clean.out / "pagefind").keys() == {"shards.json"}


@needs_pagefind
def test_a_page_is_found_by_its_own_words_not_by_the_lists_on_it(tmp_path, build):
    """An article page's index entry holds its headline, lede and body; the headlines of
    other stories in its "Earlier in" lists and its related coverage are left out (else a
    search for one story returns every page that lists it, and the index is 2.6 times the size)."""
    c = tmp_path / "content"
    related = ('related:\n  - title: "Quokka consortium widens"\n    excerpt: "Wombat excerpt words."\n'
               '    webUrl: "https://other.example.org/quokka"\n    publishedDateTime: 2024-03-04T08:00:00Z\n'
               '    provider: {name: Other, domain: other.example.org}\n')
    write_article(c, "older.md", article_front("Narwhal census finishes", date="2024-03-02T10:00:00Z"),
                  "Counting the narwhals took all winter.\n")
    write_article(c, "newer.md", article_front("Axolotl lab opens", date="2024-03-05T10:00:00Z", extra=related),
                  "The axolotl lab opened its doors.\n")
    built = build(c)
    assert built.code == 0 and built.report["search"].startswith("search index updated")
    page = parse_html(built.out / "2024" / "03" / "05" / "axolotl-lab-opens" / "index.html")
    shown = " ".join(page.find(".//main").itertext())
    assert "Narwhal census finishes" in shown and "Quokka consortium widens" in shown  # on the page...
    entries_ = entries(built.out)
    own = entries_["/2024/03/05/axolotl-lab-opens/"]
    assert "Axolotl lab opens" in own and "opened its doors" in own
    assert not [w for w in ("Narwhal", "Quokka", "Wombat", "Read the full article") if w in own]  # ...not in its entry
    assert "Narwhal census finishes" in entries_["/2024/03/02/narwhal-census-finishes/"]


def test_a_story_page_keeps_its_first_articles_month():
    """A story's page goes by its first article's month, so later coverage joining it does not
    move it to another shard; pages that are not articles or stories are not indexed."""
    from datetime import datetime, timezone
    from types import SimpleNamespace as NS

    from generator.publish.shards import plan_shards
    from generator.reuse.memo import Last
    from generator.site.plan import Links
    from generator.urls import SiteUrls

    def at(month, day):
        return datetime(2024, month, day, 10, tzinfo=timezone.utc)

    provider = NS(name="Outlet", domain="outlet.example", logo=None)
    first = NS(published=at(1, 30), title="First", byline=(), topics=("AI",), excerpt="", body_text="", provider=provider)
    later = NS(published=at(2, 2), title="Later", byline=(), topics=("AI",), excerpt="", body_text="", provider=provider)
    story = NS(first_published=first.published, members=(later, first), lead=later, topics=("AI",))
    pages = [NS(kind="article", output="2024/01/30/a/index.html", context={"article": first}),
             NS(kind="article", output="2024/02/02/b/index.html", context={"article": later}),
             NS(kind="story", output="stories/s/index.html", context={"story": story}),
             NS(kind="topic", output="topics/ai/index.html", context={})]
    links = Links(SiteUrls("https://example.org/ai/"))  # records name pages from the root, whatever the base path
    shards = plan_shards(pages, links, "")
    assert {name: [r.url for r in s.records] for name, s in shards.items()} == {
        "2024-01": ["/2024/01/30/a/", "/stories/s/"], "2024-02": ["/2024/02/02/b/"]}
    later.title = "Later, retitled"  # the story's coverage list names it: its first month's shard changes too
    again = plan_shards(pages, links, "")
    assert again["2024-01"].digest != shards["2024-01"].digest and again["2024-02"].digest != shards["2024-02"].digest
    # a long-lived process hands the last call: records of the very same articles and stories are reused
    last = Last((list(pages), links, ""), again)
    edited = NS(**{**vars(first), "title": "First, edited"})
    pages[0] = NS(kind="article", output="2024/01/30/a/index.html", context={"article": edited})
    reused = plan_shards(pages, links, "", last=last)
    assert reused == plan_shards(pages, links, "") and reused["2024-02"] is again["2024-02"]


def test_the_manifest_keeps_the_report_without_the_search_records():
    """A no-op build reads the last report back from the build manifest: the shards' records
    (every indexed page's text) stay out of it, and the build that made them keeps them."""
    import pickle

    from generator.report import Report

    report = Report(search="search index updated", pages=3)
    report.shards = {"2024-01": object()}
    kept = pickle.loads(pickle.dumps(report))
    assert kept.shards is None and kept.search == report.search and kept.pages == 3
    assert report.shards is not None


@needs_pagefind
def test_requests_after_pagefind_stopped_fail_quietly(caplog):
    """`build --watch` stops Pagefind mid-index when it is stopped: the records still being
    sent then fail, and none is written to the closed pipe (asyncio prints a warning per
    write from the fifth on, which CI saw on the terminal of a stopped `build --watch`)."""
    import asyncio

    from generator.publish.pagefind_service import Service, stop

    async def run() -> list[BaseException | None]:
        service = await Service().launch()
        index = await service.create_index(None)
        stop(service._backend)
        await service._backend.wait()
        record = {"url": "/a/", "content": "quasars", "language": "en", "meta": {"title": "A"}}
        return await asyncio.gather(*(index.add_custom_record(**record) for _ in range(20)), return_exceptions=True)

    caplog.set_level("WARNING", logger="asyncio")
    outcomes = asyncio.run(run())
    assert all(isinstance(o, Exception) for o in outcomes), outcomes
    assert not [r for r in caplog.records if r.name == "asyncio"], [r.getMessage() for r in caplog.records]
