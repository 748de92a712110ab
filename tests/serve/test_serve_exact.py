"""The preview server's rebuilds reuse the last build's clustering and page digests (its
memo); after every edit its output must still equal a clean build's, byte for byte."""
from __future__ import annotations

import os
import random
import shutil
import sys
import time
from pathlib import Path

from conftest import ROOT, age, run_build

from generator.serve.builder import SiteBuilder


def three_articles(content: Path, title: str) -> Path:
    """a0-a2.md, titled `title` and their number, a day apart in March 2024."""
    from conftest import write_article

    for k in range(3):
        write_article(content, f"a{k}.md", f"""
            title: {title} {k}
            publishedDateTime: 2024-03-0{k + 1}T10:00:00Z
            webUrl: https://example.com/{k}
            provider: {{name: Example, domain: example.com}}
            topics: [AI]
            """)
    return content


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_rebuilds_with_memos_equal_clean_builds(capsys, tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    from story_corpus import generate, write

    articles, truth = generate(160, seed=3)
    content = tmp_path / "content"
    write(articles, truth, content)
    (content / "truth.json").unlink()
    age(content, 0)  # older than two seconds: trusted unread, so the memo sees the very same articles
    for name, cache in (("site.toml", ".cache-serve"), ("clean.toml", ".cache-clean")):
        (tmp_path / name).write_text(f'title = "Memo"\nsearch = false\n[paths]\ncache = "{cache}"\n')
    builder = SiteBuilder(content, tmp_path / "site.toml", tmp_path / "serve")
    builder.configure()
    builder.watched = True  # as in `serve`: each build re-stats only the files reported to it
    assert builder.build().error is None
    rng = random.Random(9)
    files = sorted(content.glob("*.md"))
    for step in range(8):
        victim = rng.choice([f for f in files if f.exists()])
        text = victim.read_text(encoding="utf-8")
        touched = victim
        if step % 4 == 3:
            victim.unlink()
        elif step % 4 == 2:  # a copy under a new name: one more outlet on the story
            touched = content / f"copy-{step}.md"
            touched.write_text(text.replace('title: "', 'title: "Also: ', 1), encoding="utf-8")
        else:  # another headline: its terms, and so some IDFs, change
            other = rng.choice(files).read_text(encoding="utf-8").split("\n")[1]
            victim.write_text(text.replace(text.split("\n")[1], other, 1), encoding="utf-8")
        age(content, step + 1)
        builder.changed(frozenset({str(touched.resolve())}))
        outcome = builder.build()
        assert outcome.error is None, outcome.error
        shutil.rmtree(tmp_path / "clean", ignore_errors=True)
        shutil.rmtree(tmp_path / ".cache-clean", ignore_errors=True)
        clean = run_build(capsys, content, tmp_path / "clean", config=tmp_path / "clean.toml")
        assert clean.code == 0, clean.stderr
        served, fresh = tree(tmp_path / "serve"), tree(tmp_path / "clean")
        assert served.keys() == fresh.keys(), (step, sorted(served.keys() ^ fresh.keys())[:5])
        assert [k for k in served if served[k] != fresh[k]] == [], step
        assert builder.settle() == [], step  # the check after the reload finds nothing unreported


def test_caches_saved_after_the_reload_are_there_for_the_next_build(capsys, tmp_path):
    """The server writes its parse cache and manifest once the reload is out (settle), not
    in the build; the next build, its own or a CLI build into the same folder, still finds
    them and renders nothing when nothing changed."""
    content = three_articles(tmp_path / "content", "Article")
    (tmp_path / "site.toml").write_text('title = "Saved"\nsearch = false\n')
    builder = SiteBuilder(content, tmp_path / "site.toml", tmp_path / "out")
    builder.configure()
    first = builder.build()
    assert first.error is None and first.report.rendered > 0
    again = builder.build()  # no settle() in between: the build saves what is pending first
    assert again.error is None and again.report.rendered == 0 and again.report.files_written == 0
    builder.settle()
    built = run_build(capsys, content, tmp_path / "out", config=tmp_path / "site.toml")
    assert built.code == 0, built.stderr
    assert built.report["counts"]["pages_rendered"] == 0 and built.report["counts"]["files_written"] == 0


def test_a_change_no_event_reported_is_found_by_the_check_after_the_reload(capsys, tmp_path):
    """A watched builder re-stats only the files the watcher reported; the full check of
    content/ after each reload (settle) names any other change, and the server builds it."""
    from conftest import write_article

    content = tmp_path / "content"

    def article(name: str, title: str, day: int) -> Path:
        return write_article(content, name, f"""
            title: {title}
            publishedDateTime: 2024-03-0{day}T10:00:00Z
            webUrl: https://example.com/{name}
            provider: {{name: Example, domain: example.com}}
            topics: [AI]
            """)

    article("a.md", "Alpha first", 1)
    article("b.md", "Beta first", 2)
    (tmp_path / "site.toml").write_text('title = "Missed"\nsearch = false\n')
    builder = SiteBuilder(content, tmp_path / "site.toml", tmp_path / "out")
    builder.configure()
    builder.watched = True
    assert builder.build().error is None and builder.settle() == []
    article("a.md", "Alpha second, no event", 1)
    builder.changed(frozenset({str(article("b.md", "Beta second", 2).resolve())}))
    assert builder.build().error is None
    page = lambda day: "".join(p.read_text() for p in (tmp_path / "out" / f"2024/03/0{day}").glob("*/index.html"))  # noqa: E731
    assert "Beta second" in page(2)
    assert builder.settle(busy=lambda: True) == []  # a change waits: housekeeping gives way to its build
    missed = builder.settle()
    assert missed == [str((content / "a.md").resolve())]
    builder.changed(frozenset(missed))
    assert builder.build().error is None and "Alpha second, no event" in page(1)
    clean = run_build(capsys, content, tmp_path / "clean", config=tmp_path / "site.toml")
    assert clean.code == 0 and tree(tmp_path / "out") == tree(tmp_path / "clean")


def test_rebuilds_report_every_file_as_a_clean_build_does(capsys, tmp_path):
    """A watched rebuild redoes only the files reported to it and patches the rest of the
    last build's corpus (load_corpus with its last call): through edits that move files between every
    outcome (built, draft, scheduled, expired, rejected, ignored), add diagnostics, make
    two articles claim one permalink and bring an outlet known only by name, its site and
    its report equal a clean build's."""
    from conftest import NOW, write_article

    content = tmp_path / "content"

    def article(name: str, title: str, day: int, extra: str = "") -> Path:
        return write_article(content, name, f"""
            title: {title}
            publishedDateTime: 2025-12-{day:02d}T10:00:00Z
            webUrl: https://example.com/{name}
            provider: {{name: Outlet {day % 3}, domain: outlet{day % 3}.example}}
            topics: [AI, Chips]
            {extra}
            """, f"Body of {title}, on day {day}.\n")

    for k in range(1, 13):
        article(f"news/a{k:02d}.md", f"Story number {k} about {made_up(k)}", k)
    edits = [
        lambda: article("news/a03.md", "Story number 3 retitled", 3),
        lambda: article("news/a04.md", "Story number 4 drafted", 4, "published: false"),
        lambda: article("news/a05.md", "Story number 5 later", 5).write_text(
            (content / "news/a05.md").read_text().replace("2025-12-05", "2027-01-05")),  # scheduled
        lambda: article("news/a06.md", "Story number 6 gone", 6, "expiryDateTime: 2025-12-20T00:00:00Z"),
        lambda: (content / "news/a07.md").write_text("---\ntitle: [unclosed\n---\nbody\n"),  # rejected
        lambda: (content / "notes.json").write_text("{}"),  # ignored
        lambda: article("news/b08.md", "Story number 8 about " + made_up(8), 8),  # a08's permalink: -2, a warning
        lambda: article("news/a09.md", "Story number 9", 9, "webUrl: not a link"),  # a warning, and a key twice
        lambda: (content / "news/a08.md").unlink(),  # b08 now has the permalink alone
        lambda: article("news/a04.md", "Story number 4 back", 4),
        lambda: (content / "plain.txt").write_text("A plain text piece\n\nBy Someone\n\nIts body, at some length.\n"),
        lambda: (content / "news/a07.md").unlink(),
        lambda: write_article(content, "news/n01.md", """
            title: A piece from an outlet known by name only
            publishedDateTime: 2025-12-10T09:00:00Z
            provider: {name: Outlet 1}
            topics: [AI]
            """),  # joins outlet1.example (unify_providers)
        lambda: article("news/a10.md", "Story number 10 retitled", 10),
        lambda: write_article(content, "news/a00.md", """
            title: The first file by path names its outlet anew
            publishedDateTime: 2025-12-28T09:00:00Z
            webUrl: https://outlet1.example/renamed
            provider: {name: Outlet One Renamed, domain: outlet1.example}
            topics: [Chips]
            """),  # every page and API file of outlet1.example's articles now shows this name
        lambda: (content / "news/n01.md").unlink(),
    ]
    (tmp_path / "site.toml").write_text('title = "Report"\nsearch = false\n[paths]\ncache = ".cache-serve"\n')
    (tmp_path / "clean.toml").write_text('title = "Report"\nsearch = false\n[paths]\ncache = ".cache-clean"\n')
    stamps = lambda: {p: p.stat().st_mtime_ns for p in content.rglob("*") if p.is_file()}  # noqa: E731
    age(content, 0)  # files older than two seconds are trusted unread, and so patched, not redone
    builder = SiteBuilder(content, tmp_path / "site.toml", tmp_path / "serve", now=NOW)
    builder.configure()
    builder.watched = True
    assert builder.build().error is None and builder.settle() == []
    seen: set[tuple[str, str]] = set()
    for step, edit in enumerate([*edits, None]):
        before = stamps()
        if edit is None:  # no file changes, but the clock passes a05's publication time
            builder.now = "2027-02-01T00:00:00Z"
        else:
            edit()
            age(content, step + 1)
        after = stamps()
        builder.changed(frozenset(str(p.resolve()) for p in before.keys() | after.keys() if before.get(p) != after.get(p)))
        outcome = builder.build()
        assert outcome.error is None, (step, outcome.error)
        shutil.rmtree(tmp_path / "clean", ignore_errors=True)
        shutil.rmtree(tmp_path / ".cache-clean", ignore_errors=True)
        clean = run_build(capsys, content, tmp_path / "clean", "--now", builder.now, config=tmp_path / "clean.toml")
        assert clean.code == 0, clean.stderr
        served = outcome.report.as_dict()
        assert served["files"] == clean.report["files"], step
        assert served["diagnostics"] == clean.report["diagnostics"], step
        assert {k: served["counts"][k] for k in OUTCOME_COUNTS} == {k: clean.report["counts"][k] for k in OUTCOME_COUNTS}
        assert tree(tmp_path / "serve") == tree(tmp_path / "clean"), step
        assert builder.settle() == [], step
        seen |= {("outcome", f["outcome"]) for f in served["files"]} | {("field", d["field"]) for d in served["diagnostics"]}
    assert {("outcome", o) for o in ("built", "draft", "scheduled", "expired", "rejected", "ignored")} <= seen
    assert {("field", "slug"), ("field", "front matter"), ("field", "webUrl")} <= seen  # the clash, the bad YAML
    assert clean.outcome("a05.md") == "built"
    a01 = next((tmp_path / "serve" / "api" / "stories").glob("2025-12-01-*/index.json")).read_text()
    assert "Outlet One Renamed" in a01  # an untouched story's API file, made again with the outlet's new record


OUTCOME_COUNTS = ("built", "draft", "scheduled", "expired", "rejected", "ignored", "warnings", "errors")


def made_up(seed: int) -> str:
    from conftest import made_up_words
    return made_up_words(seed, 4)


def test_a_file_too_recent_to_trust_is_read_again_without_an_event(capsys, tmp_path):
    """A file changed within the last two seconds could change again in the same mtime
    tick with the same size: a stat cannot tell. Each rebuild reads it again, as the parse
    cache does, even when no event names it."""
    from conftest import write_article

    content = tmp_path / "content"
    for name in ("a.md", "b.md"):
        path = write_article(content, name, f"""
            title: Title {name} one
            publishedDateTime: 2024-03-01T10:00:00Z
            webUrl: https://example.com/{name}
            provider: {{name: Example, domain: example.com}}
            topics: [AI]
            """)
    age(content, 0)
    recent = time.time_ns()
    os.utime(path, ns=(recent, recent))  # b.md: changed just now
    (tmp_path / "site.toml").write_text('title = "Racy"\nsearch = false\n')
    builder = SiteBuilder(content, tmp_path / "site.toml", tmp_path / "out")
    builder.configure()
    builder.watched = True
    assert builder.build().error is None
    path.write_text(path.read_text().replace("Title b.md one", "Title b.md two"))  # same size, same tick
    os.utime(path, ns=(recent, recent))
    builder.changed(frozenset())
    assert builder.build().error is None
    pages = "".join(p.read_text() for p in (tmp_path / "out").rglob("index.html"))
    assert "Title b.md two" in pages and "Title b.md one" not in pages


def test_the_snapshot_saved_after_the_reload_is_that_of_what_was_built(capsys, tmp_path):
    """A long-lived process works out its input snapshot (the stat-only "nothing changed"
    check of a later `build`) once the reload is out, from the stats its build took: a later
    build of the same inputs does nothing, and one after a change made in between does not
    take the old site for current."""
    content = three_articles(tmp_path / "content", "Snapshot")
    (tmp_path / "site.toml").write_text('title = "Snapshot"\nsearch = false\n')
    age(content, 0)
    os.utime(tmp_path / "site.toml", ns=(time.time_ns() - 10**11,) * 2)
    builder = SiteBuilder(content, tmp_path / "site.toml", tmp_path / "out")
    builder.configure()
    builder.watched = True
    assert builder.build().error is None and builder.settle() == []
    later = run_build(capsys, content, tmp_path / "out", config=tmp_path / "site.toml")
    assert later.code == 0 and later.report["timings"] == {}  # the saved snapshot matched: nothing to do

    builder.changed(frozenset())
    assert builder.build().error is None  # a rebuild, its manifest not saved yet...
    victim = content / "a1.md"
    victim.write_text(victim.read_text().replace("Snapshot 1", "Snapshot one, changed meanwhile"))
    age(content, 1)
    builder.settle(busy=lambda: False)  # ...is saved after the change, with the snapshot of what it built
    later = run_build(capsys, content, tmp_path / "out", config=tmp_path / "site.toml")
    assert later.code == 0 and later.report["timings"] != {}
    assert "Snapshot one, changed meanwhile" in (tmp_path / "out" / "2024/03/02").rglob("index.html").__next__().read_text()
