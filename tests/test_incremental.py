"""Incremental equals clean: after any sequence of edits, a rebuild that reuses the cache
and the previous output (a separate `build`, or the next build of a watching process with
its memo) gives exactly the bytes of a clean build.

Default runs a few examples; `pytest -m slow` runs many (the `slow` marker, off by default)."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from conftest import NOW, ROOT, age, made_up_words, run_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.serve.builder import SiteBuilder

TOPICS = ["AI", "Robotics", "Space"]
PROVIDERS = [("Alpha News", "alpha.example.com"), ("Beta Wire", "beta.example.org"), ("Gamma", "gamma.example.net"),
             ("Delta Daily", "delta.example.com"),  # in related lists, until an edit gives it an article
             ("Epsilon", "epsilon.example.org")]  # nowhere, until a test gives it an article

edit = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 99)),
    st.tuples(st.just("delete"), st.integers(0, 99)),
    st.tuples(st.just("rename"), st.integers(0, 99)),
    st.tuples(st.just("title"), st.integers(0, 99), st.sampled_from(["Chips surge", "Robots walk", "Launch day", "Qubits 日本"])),
    st.tuples(st.just("date"), st.integers(0, 99), st.integers(1, 28)),
    st.tuples(st.just("topics"), st.integers(0, 99), st.lists(st.sampled_from(TOPICS), min_size=1, max_size=2, unique=True)),
    st.tuples(st.just("provider"), st.integers(0, 99), st.integers(0, 3)),
    st.tuples(st.just("published"), st.integers(0, 99)),
    st.tuples(st.just("template"), st.integers(0, 9)),
    st.tuples(st.just("config"), st.sampled_from(["Digest A", "Digest B"])),
    st.tuples(st.just("static"), st.integers(0, 9)),
    st.tuples(st.just("copy"), st.integers(0, 99), st.integers(-3, 3)),  # the same article saved again elsewhere
    st.tuples(st.just("logo"), st.booleans()),  # Beta Wire's relative logo: a file of the site, or not
)
LOGOS = {1: "/logos/beta.png"}  # relative logo paths of PROVIDERS


class Site:
    def __init__(self, root: Path):
        self.root, self.content = root, root / "content"
        self.articles: dict[str, dict] = {}
        self.serial = 0
        self.touched: set[str] = set()  # what a watcher would report since it was last emptied
        for i in range(6):
            self.add(i)
        (root / "templates").mkdir()
        (root / "static").mkdir()
        self.config("Digest A")

    def write(self, name: str) -> None:
        a = self.articles[name]
        provider = PROVIDERS[a["provider"]]
        other = PROVIDERS[3 if a["n"] % 4 == 0 else 0]
        related = "" if a["n"] % 2 else (
            f'related:\n  - title: "Other take {a["n"]}"\n    webUrl: "https://{other[1]}/other/{a["n"]}"\n'
            f'    publishedDateTime: 2024-05-01T00:00:00Z\n    provider: {{name: "{other[0]}", domain: {other[1]}}}\n')
        path = self.content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        self.touched.add(str(path.resolve()))
        url = a.get("url") or f"https://{provider[1]}/a/{a['n']}"
        logo = f", images: [{{url: {LOGOS[a['provider']]}}}]" if a["provider"] in LOGOS else ""
        path.write_text(
            f'---\ntitle: "{a["title"]}"\npublishedDateTime: 2024-05-{a["day"]:02d}T{8 + a["n"] % 10:02d}:00:00Z\n'
            f'webUrl: "{url}"\npublished: {str(a["published"]).lower()}\n'
            f'provider: {{name: "{provider[0]}", domain: {provider[1]}{logo}}}\ntopics: [{", ".join(a["topics"])}]\n'
            f'{related}---\nBody of article {a["n"]}.\n', encoding="utf-8")

    def pick(self, i: int) -> str | None:
        names = sorted(self.articles)
        return names[i % len(names)] if names else None

    def add(self, i: int) -> None:
        self.serial += 1
        name = f"_news/item-{self.serial}.md"
        self.articles[name] = {"n": self.serial, "title": f"{made_up_words(i)} story {i}", "day": 1 + i % 20,
                               "topics": [TOPICS[i % 3]], "provider": i % 3, "published": True}
        self.write(name)

    def apply(self, op: tuple) -> None:
        kind, *args = op
        if kind == "add":
            return self.add(args[0])
        if kind == "template":
            src = (ROOT / "templates" / "article.html").read_text()
            (self.root / "templates" / "article.html").write_text(src + f"<!-- edit {args[0]} -->\n")
            return
        if kind == "config":
            return self.config(args[0])
        if kind == "static":
            (self.root / "static" / "extra.css").write_text(f"body{{margin:{args[0]}px}}\n")
            return
        if kind == "logo":
            logo = self.root / "static" / LOGOS[1].lstrip("/")
            logo.parent.mkdir(parents=True, exist_ok=True)
            logo.write_bytes(b"\x89PNG\r\n\x1a\n") if args[0] else logo.unlink(missing_ok=True)
            return
        name = self.pick(args[0])
        if name is None:
            return
        a = self.articles[name]
        if kind == "copy":  # another file of the same article: its URL, its own date and related link
            self.serial += 1
            copy = f"_archive/_news/copy-{self.serial}.md"
            url = a.get("url") or f"https://{PROVIDERS[a['provider']][1]}/a/{a['n']}"
            self.articles[copy] = {**a, "n": self.serial, "url": url, "day": min(28, max(1, a["day"] + args[1]))}
            return self.write(copy)
        if kind in ("delete", "rename"):
            self.touched.add(str((self.content / name).resolve()))
            (self.content / name).unlink()
        if kind == "delete":
            del self.articles[name]
            return
        if kind == "rename":
            self.serial += 1
            new = f"_news/renamed-{self.serial}.md"
            self.articles[new] = self.articles.pop(name)
            name = new
        elif kind == "title":
            a["title"] = args[1]
        elif kind == "date":
            a["day"] = args[1]
        elif kind == "topics":
            a["topics"] = args[1]
        elif kind == "provider":
            a["provider"] = args[1]
        elif kind == "published":
            a["published"] = not a["published"]
        self.write(name)

    def config(self, title: str) -> None:
        for name, cache in (("site.toml", ".cache-inc"), ("clean.toml", ".cache-clean")):
            (self.root / name).write_text(f'title = "{title}"\nbase_url = "https://example.org/d/"\n'
                                          f'[paths]\ncache = "{cache}"\n', encoding="utf-8")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def check_sequence(capsys, root: Path, ops: list[tuple], watched: bool = False) -> None:
    """After each edit, the incremental build equals a clean one: a separate `build` run, or
    (`watched`) the next build of one long-lived builder told what changed, as `serve` and
    `build --watch` keep one, with every memo of the last build."""
    site = Site(root)
    inc = root / "inc"
    builder = SiteBuilder(site.content, root / "site.toml", inc, search=True, now=NOW) if watched else None
    if builder is not None:
        builder.configure()
        builder.watched = True
    for step, op in enumerate([("noop",)] + ops):
        if op != ("noop",):
            site.apply(op)
        if builder is None:
            built = run_build(capsys, site.content, inc, "--jobs", "1", config=root / "site.toml")
            assert built.code == 0, built.stderr
        else:
            age(site.content, step)  # as edits seconds apart: the memo then holds the untouched articles
            builder.changed(frozenset(site.touched))
            site.touched.clear()
            outcome = builder.build()
            assert outcome.error is None, (step, op, outcome.error)
        shutil.rmtree(root / ".cache-clean", ignore_errors=True)
        shutil.rmtree(root / "clean", ignore_errors=True)
        clean = run_build(capsys, site.content, root / "clean", "--jobs", "1", config=root / "clean.toml")
        assert clean.code == 0, clean.stderr
        a, b = tree(inc), tree(root / "clean")
        assert a.keys() == b.keys(), (step, op, sorted(a.keys() ^ b.keys())[:5])
        differ = [k for k in a if a[k] != b[k]]
        assert not differ, (step, op, differ[:5])
        if builder is not None:
            assert builder.settle() == [], (step, op)  # the full check after the reload finds nothing unreported


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(edit, min_size=1, max_size=6))
def test_incremental_equals_clean(capsys, tmp_path_factory, ops):
    check_sequence(capsys, tmp_path_factory.mktemp("prop"), ops)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(edit, min_size=1, max_size=6))
def test_watched_rebuilds_equal_clean(capsys, tmp_path_factory, ops):
    check_sequence(capsys, tmp_path_factory.mktemp("watched"), ops, watched=True)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(edit, min_size=1, max_size=12))
def test_watched_rebuilds_equal_clean_long(capsys, tmp_path_factory, ops):
    check_sequence(capsys, tmp_path_factory.mktemp("watched"), ops, watched=True)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(edit, min_size=1, max_size=12))
def test_incremental_equals_clean_long(capsys, tmp_path_factory, ops):
    check_sequence(capsys, tmp_path_factory.mktemp("prop"), ops)


def test_incremental_rebuild_renders_only_affected_pages(capsys, tmp_path):
    site = Site(tmp_path)
    first = run_build(capsys, site.content, tmp_path / "inc", "--jobs", "1", config=tmp_path / "site.toml")
    name = site.pick(0)
    site.articles[name]["title"] = "A fresh headline"
    site.write(name)
    again = run_build(capsys, site.content, tmp_path / "inc", "--jobs", "1", config=tmp_path / "site.toml")
    rendered = again.report["counts"]["pages_rendered"]
    assert 0 < rendered < first.report["counts"]["pages_rendered"] / 2


def test_a_new_outlet_re_renders_only_the_pages_that_show_it(capsys, tmp_path):
    """A news site meets new outlets every day. An article from an outlet the site has never
    shown re-renders what the same article from a known outlet would, and the new outlet's
    page and the outlets' index: not every page (each shows badges, whose outlets are all
    the site knows). And the site is the clean build's."""
    rendered = {}
    for outlet in (2, 4):  # Gamma, known; Epsilon, never seen before
        root = tmp_path / str(outlet)
        root.mkdir()
        site = Site(root)
        for i in range(6, 30):
            site.add(i)
        first = run_build(capsys, site.content, root / "inc", "--jobs", "1", config=root / "site.toml")
        site.add(30)
        site.articles[f"_news/item-{site.serial}.md"]["provider"] = outlet
        site.write(f"_news/item-{site.serial}.md")
        again = run_build(capsys, site.content, root / "inc", "--jobs", "1", config=root / "site.toml")
        clean = run_build(capsys, site.content, root / "clean", "--jobs", "1", config=root / "clean.toml")
        assert first.code == again.code == clean.code == 0
        assert tree(root / "inc") == tree(root / "clean")
        rendered[outlet] = again.report["counts"]["pages_rendered"], first.report["counts"]["pages_rendered"]
    assert rendered[4][0] <= rendered[2][0] + 2 < rendered[4][1]  # + its page and the outlets' index


def test_corrupt_cache_is_discarded(capsys, tmp_path):
    site = Site(tmp_path)
    run_build(capsys, site.content, tmp_path / "inc", config=tmp_path / "site.toml")
    spoiled = [f for f in (tmp_path / ".cache-inc").rglob("*") if f.is_file()]
    assert len(spoiled) > 2  # the manifest and the parse cache's shards
    for f in spoiled:
        f.write_bytes(b"not a pickle")
    site.apply(("title", 0, "Chips surge"))
    rebuilt = run_build(capsys, site.content, tmp_path / "inc", config=tmp_path / "site.toml")
    assert rebuilt.code == 0
    clean = run_build(capsys, site.content, tmp_path / "clean", config=tmp_path / "clean.toml")
    assert clean.code == 0
    assert tree(tmp_path / "inc") == tree(tmp_path / "clean")


def test_same_inputs_spelled_differently_need_no_rebuild(capsys, tmp_path, monkeypatch):
    """A cron job with absolute paths and a person with relative ones build the same site:
    neither invalidates the other's work."""
    site = Site(tmp_path)
    time.sleep(2.1)  # past the racy-mtime window, so the stat-only check may trust the inputs
    first = run_build(capsys, site.content, tmp_path / "inc", "--jobs", "1", config=tmp_path / "site.toml")
    assert first.code == 0 and first.report["counts"]["pages_rendered"] > 0
    monkeypatch.chdir(tmp_path)
    again = run_build(capsys, Path("content"), Path("inc"), "--jobs", "1", config=Path("site.toml"))
    assert again.code == 0
    assert again.report["counts"]["pages_rendered"] == 0 and again.report["counts"]["files_written"] == 0
    assert again.report["timings"] == {}  # the stat-only check found nothing to do


def test_cold_parallel_build_writes_the_whole_parse_cache_in_the_background(capsys, tmp_path):
    """A cold build of many files hands the parse cache to a forked writer; when the build
    returns, every article is in it, and the next build (an edit) equals a clean one."""
    import pickle
    import sys
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import generate

    content = tmp_path / "content"
    generate(600, content)
    for name, cache in (("site.toml", ".cache-inc"), ("clean.toml", ".cache-clean")):
        (tmp_path / name).write_text(f'title = "Bench"\n[paths]\ncache = "{cache}"\n', encoding="utf-8")
    first = run_build(capsys, content, tmp_path / "inc", "--jobs", "2", config=tmp_path / "site.toml")
    assert first.code == 0, first.stderr
    shards = sorted((tmp_path / ".cache-inc").glob("articles-*/*.pickle"))
    entries = {}
    for shard in shards:
        entries.update(pickle.loads(shard.read_bytes())["entries"])
    assert len(entries) == 600 and all(e[1][0] is not None for e in entries.values())
    # its page digests, worked out while the workers render, are those a rebuild works out
    # before it renders (built first from an edited corpus, so that it has a manifest)
    other = sorted((content / "_news").iterdir())[100]
    text = other.read_text(encoding="utf-8")
    other.write_text(text.replace("title: ", "title: Other ", 1), encoding="utf-8")
    assert run_build(capsys, content, tmp_path / "one", "--jobs", "1", config=tmp_path / "site.toml").code == 0
    other.write_text(text, encoding="utf-8")
    rebuilt = run_build(capsys, content, tmp_path / "one", "--jobs", "1", config=tmp_path / "site.toml")
    assert rebuilt.code == 0 and 0 < rebuilt.report["counts"]["pages_rendered"] < 50
    manifests = [pickle.loads(f.read_bytes()) for f in (tmp_path / ".cache-inc").glob("manifest-*.pickle")]
    digests = {Path(m["out"]): m["pages"] for m in manifests}
    assert len(digests) == 2 and len(digests[(tmp_path / "inc").resolve()]) > 600
    assert digests[(tmp_path / "inc").resolve()] == digests[(tmp_path / "one").resolve()]
    victim = sorted((content / "_news").iterdir())[300]
    victim.write_text(victim.read_text().replace("title: ", "title: Edited ", 1), encoding="utf-8")
    again = run_build(capsys, content, tmp_path / "inc", "--jobs", "2", config=tmp_path / "site.toml")
    assert again.code == 0 and again.report["counts"]["pages_rendered"] < 50
    assert run_build(capsys, content, tmp_path / "clean", "--jobs", "2", config=tmp_path / "clean.toml").code == 0
    assert tree(tmp_path / "inc") == tree(tmp_path / "clean")
    # a rebuild that changes every page, its workers staging the files it then moves in
    for name in ("site.toml", "clean.toml"):
        (tmp_path / name).write_text((tmp_path / name).read_text().replace('"Bench"', '"Bench, renamed"'))
    again = run_build(capsys, content, tmp_path / "inc", "--jobs", "2", config=tmp_path / "site.toml")
    assert again.code == 0 and again.report["counts"]["files_written"] >= again.report["counts"]["pages"] > 600
    shutil.rmtree(tmp_path / "clean")
    assert run_build(capsys, content, tmp_path / "clean", "--jobs", "2", config=tmp_path / "clean.toml").code == 0
    assert tree(tmp_path / "inc") == tree(tmp_path / "clean")
    assert not list(tmp_path.glob(".inc.staging-*"))


def test_cache_folder_stays_bounded(capsys, tmp_path):
    """Each output folder and each content folder (and each version of the generator)
    leaves an entry in the cache folder; only the most recently used stay,
    a no-op build counts as a use, and a site whose entries went rebuilds exactly."""
    from generator.reuse.cache import KEEP

    site = Site(tmp_path / "site")
    age(tmp_path / "site", 1)  # old enough for a no-op build to trust
    config, cache = tmp_path / "site" / "site.toml", tmp_path / "site" / ".cache-inc"

    def entries() -> set[str]:
        return {p.name for p in cache.iterdir() if p.name.startswith(("manifest-", "articles-"))}

    def build(n: int) -> set[str]:
        """Build a copy of the site's content into its own output; the entries it added."""
        time.sleep(0.02)  # each build's entries a clock tick newer than the last's
        before, content = entries(), tmp_path / f"content{n}"
        if not content.exists():
            shutil.copytree(site.content, content)
        assert run_build(capsys, content, tmp_path / f"out{n}", "--jobs", "1", config=config).code == 0
        return entries() - before

    assert run_build(capsys, site.content, tmp_path / "out0", "--jobs", "1", config=config).code == 0
    first = entries()
    assert len(first) == 2  # its manifest and its parse cache
    second = build(1)
    for n in range(2, KEEP):
        build(n)
    assert len(entries()) == 2 * KEEP
    time.sleep(0.02)
    again = run_build(capsys, site.content, tmp_path / "out0", "--jobs", "1", config=config)
    assert again.report["timings"] == {}  # a no-op build: its entries are in use all the same
    build(KEEP)
    assert len(entries()) == 2 * KEEP and first <= entries() and not second & entries()
    for n in range(KEEP + 1, 2 * KEEP):
        build(n)
    assert len(entries()) == 2 * KEEP and not first & entries()
    site.apply(("title", 0, "Chips surge"))
    rebuilt = run_build(capsys, site.content, tmp_path / "out0", "--jobs", "1", config=config)
    assert rebuilt.code == 0 and rebuilt.report["counts"]["pages_rendered"] == rebuilt.report["counts"]["pages"]
    clean = run_build(capsys, site.content, tmp_path / "clean", config=tmp_path / "site" / "clean.toml")
    assert clean.code == 0 and tree(tmp_path / "out0") == tree(tmp_path / "clean")


def test_unwritable_cache_folder_is_a_warning(capsys, tmp_path):
    """The cache only saves time: a cache path that cannot be a folder (here a file; a
    read-only folder fails the same way) leaves the site built and exact, with a warning."""
    site = Site(tmp_path)
    (tmp_path / "blocked").write_text("not a folder\n")
    config = tmp_path / "blocked.toml"
    config.write_text('title = "Digest A"\nbase_url = "https://example.org/d/"\n[paths]\ncache = "blocked"\n')
    clean = run_build(capsys, site.content, tmp_path / "clean", config=tmp_path / "clean.toml")
    for step in range(2):
        built = run_build(capsys, site.content, tmp_path / "inc", "--jobs", "1", config=config)
        assert built.code == 0, built.stderr
        warned = {d["message"].split(" (")[0] for d in built.report["diagnostics"] if d["field"] == "cache"}
        assert warned == {"cannot write the parse cache", "cannot write the build manifest", "cannot write the story cache"}
        assert all(d["severity"] == "warning" for d in built.report["diagnostics"] if d["field"] == "cache")
        assert tree(tmp_path / "inc") == tree(tmp_path / "clean")
    assert (tmp_path / "blocked").read_text() == "not a folder\n"
    assert clean.code == 0
