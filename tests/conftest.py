"""Shared fixtures: build a content folder with the real CLI and parse what it wrote."""
from __future__ import annotations

import json
import os
import textwrap
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import html5lib
import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
NOW = "2026-01-01T00:00:00Z"
XHTML = "{http://www.w3.org/1999/xhtml}"


def parse_html(path: Path):
    """An ElementTree of the page, parsed by a real HTML5 parser."""
    return html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)


def text_of(el) -> str:
    return " ".join("".join(el.itertext()).split())


@dataclass
class Built:
    out: Path
    report: dict
    code: int
    stdout: str
    stderr: str

    def page(self, url_path: str):
        path = self.out / url_path.strip("/")
        if not url_path.endswith(".html"):
            path = path / "index.html"
        assert path.is_file(), f"{url_path} was not written"
        return parse_html(path)

    def outcome(self, name: str) -> str:
        return next(f["outcome"] for f in self.report["files"] if f["path"].endswith(name))

    def diagnostics(self, name: str) -> list[dict]:
        return [d for d in self.report["diagnostics"] if d["path"].endswith(name)]


def run_build(capsys, content: Path, out: Path, *extra: str, config: Path | None = None) -> Built:
    report = out.parent / (out.name + "-report.json")
    args = ["build", "--content", str(content), "--out", str(out), "--report", str(report), "--now", NOW, *extra]
    if config is not None:
        args += ["--config", str(config)]
    code = main(args)
    captured = capsys.readouterr()
    data = json.loads(report.read_text()) if report.exists() else {}
    return Built(out, data, code, captured.out, captured.err)


def write_article(folder: Path, name: str, front: str, body: str = "") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + textwrap.dedent(front).strip() + "\n---\n" + textwrap.dedent(body), encoding="utf-8")
    return path


def made_up_words(seed: int, count: int = 3) -> str:
    """Distinct nonsense words, so test articles do not look like coverage of one event."""
    syllables = ["ka", "lo", "mi", "zu", "pe", "ra", "no", "vi", "te", "su", "bo", "xa", "qui", "dre", "fo", "gli"]
    words = []
    for k in range(count):
        h = zlib.crc32(f"{seed}-{k}".encode())
        words.append("".join(syllables[(h >> (4 * j)) % 16] for j in range(3)).capitalize())
    return " ".join(words)


def article_front(title: str = "A test article", date: str = "2024-03-01T10:00:00Z",
                  domain: str = "example.com", topics: str = "[AI]", extra: str = "") -> str:
    return (f'title: "{title}"\npublishedDateTime: {date}\n'
            f'webUrl: "https://{domain}/story/{zlib.crc32(title.encode())}"\n'
            f'provider:\n  name: Example\n  domain: {domain}\ntopics: {topics}\n{extra}')


@pytest.fixture
def build(capsys, tmp_path):
    def _build(content: Path, *extra: str, config: Path | None = None, out: Path | None = None) -> Built:
        return run_build(capsys, content, out or tmp_path / "site", *extra, config=config)
    return _build


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Built:
    """The shipped sample content built once with the shipped site.toml."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    out = tmp_path_factory.mktemp("sample") / "site"
    report = out.parent / "report.json"
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        code = main(["build", "--content", str(ROOT / "content"), "--config", str(ROOT / "site.toml"),
                     "--out", str(out), "--report", str(report), "--now", NOW])
    return Built(out, json.loads(report.read_text()), code, stdout.getvalue(), stderr.getvalue())


def needs_seeds():
    return pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")


def edit_corpus(articles: list, spare: list, rng, kind: int, topics: tuple[str, ...] = ("AI",)) -> None:
    """One random edit of an in-memory corpus, as the memo tests apply them: 0 retitle (to
    another article's headline, so terms and IDF move), 1 delete, 2 add, 3 move in time,
    4 other topics."""
    import dataclasses
    from datetime import timedelta

    from generator.terms import article_terms

    i = rng.randrange(len(articles))
    a = articles[i]
    if kind == 0:
        title = rng.choice(articles).title
        articles[i] = dataclasses.replace(a, title=title, terms=article_terms(title, a.excerpt, a.body_text))
    elif kind == 1:
        del articles[i]
    elif kind == 2:
        articles.append(spare.pop())
    elif kind == 3:
        articles[i] = dataclasses.replace(a, published=a.published + timedelta(hours=rng.choice((-90, -30, 5, 40, 200))))
    else:
        articles[i] = dataclasses.replace(a, topics=(rng.choice(topics),))


def age(content: Path, step: int) -> None:
    """Files changed in the last few seconds get an older mtime, a distinct one per step:
    older than two seconds, a file is trusted unread while its size and mtime stay, so a
    watching builder's memo sees the very same articles (a recent one is read again)."""
    now = time.time()
    for p in content.rglob("*"):
        if p.is_file() and p.stat().st_mtime > now - 30:
            t = (int(now) - 600 + step) * 10**9 + len(p.name)
            os.utime(p, ns=(t, t))
