"""The preview server's rebuilds reuse the last build's clustering and page digests (its
memos); after every edit its output must still equal a clean build's, byte for byte."""
from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

from conftest import ROOT, run_build
from generator.serve.builder import SiteBuilder


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_rebuilds_with_memos_equal_clean_builds(capsys, tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    from story_corpus import generate, write

    articles, truth = generate(160, seed=3)
    content = tmp_path / "content"
    write(articles, truth, content)
    (content / "truth.json").unlink()
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
    from conftest import write_article

    content = tmp_path / "content"
    for k in range(3):
        write_article(content, f"a{k}.md", f"""
            title: Article {k}
            publishedDateTime: 2024-03-0{k + 1}T10:00:00Z
            webUrl: https://example.com/{k}
            provider: {{name: Example, domain: example.com}}
            topics: [AI]
            """)
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
