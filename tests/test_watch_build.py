"""`build --watch` as a user runs it: a real process that builds the site into its output
folder, holds the folder's build lock, and rebuilds on every change, and when a scheduled
article falls due. After each change its output must equal a clean build's, byte for byte."""
from __future__ import annotations

import gzip
import importlib.util
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import NOW, ROOT, article_front, made_up_words, parse_html, text_of, write_article


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env=_env())


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return env


class Watching:
    """`build.py build --watch` in its own process, its output lines read on a thread."""

    def __init__(self, cwd: Path, *args: str):
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--watch", *args], cwd=cwd,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=_env())
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.looked = 0  # seen[:looked]: passed over by `line`
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def next_build(self, timeout: float = 60) -> str:
        """The next build's line ("built: …" or "build failed …"), then quiet for half a second:
        one save can reach the watcher as two events, and so two builds."""
        end = time.monotonic() + timeout
        result = None
        while True:
            wait = 0.5 if result is not None else end - time.monotonic()
            if wait <= 0:
                raise AssertionError(f"no build within {timeout} s; output so far: {self.seen}")
            try:
                line = self.lines.get(timeout=wait)
            except queue.Empty:
                if result is not None:
                    return result
                continue
            self.seen.append(line)
            if line.startswith(("built: ", "build failed")):
                result = line

    def line(self, prefix: str, timeout: float = 120) -> str:
        """The next output line that starts with `prefix`, counting those `next_build` read
        past its build line but not those an earlier call returned."""
        for k in range(self.looked, len(self.seen)):
            if self.seen[k].startswith(prefix):
                self.looked = k + 1
                return self.seen[k]
        self.looked = len(self.seen)
        end = time.monotonic() + timeout
        while (wait := end - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=wait)
            except queue.Empty:
                break
            self.seen.append(line)
            if line.startswith(prefix):
                self.looked = len(self.seen)
                return line
        raise AssertionError(f"no {prefix!r} line within {timeout} s; output so far: {self.seen}")

    def stop(self) -> tuple[int, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=30)
        time.sleep(0.1)
        rest = []
        while not self.lines.empty():
            rest.append(self.lines.get())
        return code, "\n".join(self.seen + rest)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    for i in range(6):
        write_article(tmp_path / "content" / "_news", f"2024-03-0{i + 1}-a{i}.md",
                      article_front(made_up_words(i), date=f"2024-03-0{i + 1}T10:00:00Z",
                                    domain=f"outlet{i % 3}.com", topics="[AI, Chips]" if i % 2 else "[AI]"),
                      "A paragraph of body text.\n")
    (tmp_path / "site.toml").write_text('title = "Watched"\nsearch = false\n[paths]\ncache = ".cache-watch"\n')
    (tmp_path / "clean.toml").write_text('title = "Watched"\nsearch = false\n[paths]\ncache = ".cache-clean"\n')
    return tmp_path


def clean_build(site: Path) -> dict[str, bytes]:
    shutil.rmtree(site / "clean", ignore_errors=True)
    shutil.rmtree(site / ".cache-clean", ignore_errors=True)
    done = cli(site, "build", "--config", "clean.toml", "--out", "clean", "--now", NOW, "--quiet")
    assert done.returncode == 0, done.stderr
    return tree(site / "clean")


def page_titled(out: Path, title: str) -> list[str]:
    """The article pages whose headline is `title`."""
    return [p.relative_to(out).as_posix() for p in sorted(out.rglob("index.html"))
            if (h1 := parse_html(p).find(".//article//h1")) is not None and text_of(h1) == title]


def test_watch_keeps_the_output_equal_to_a_clean_build(site):
    watching = Watching(site, "--out", "_site", "--now", NOW, "--quiet", "--jobs", "2")
    try:
        first = watching.next_build()
        assert first.startswith("built: ") and "6 built" in first, watching.seen
        assert tree(site / "_site") == clean_build(site)

        other = cli(site, "build", "--out", "_site", "--now", NOW)  # a cron run meanwhile
        assert other.returncode == 3 and "another build" in other.stderr

        victim = site / "content" / "_news" / "2024-03-03-a2.md"
        victim.write_text(victim.read_text().replace(made_up_words(2), "Renamed headline"))
        assert watching.next_build().startswith("built: ")
        assert len(page_titled(site / "_site", "Renamed headline")) == 1
        assert tree(site / "_site") == clean_build(site)

        (site / "content" / "_news" / "2024-03-04-a3.md").unlink()
        write_article(site / "content" / "_news", "2024-03-09-new.md",
                      article_front("A new arrival", date="2024-03-09T08:00:00Z", topics="[Chips]"), "Body.\n")
        assert "6 built" in watching.next_build()
        assert tree(site / "_site") == clean_build(site)

        (site / "site.toml").write_text('title = "Watched"\nsearch = [\n')  # a broken save...
        failed = watching.next_build()
        assert failed.startswith("build failed") and "site.toml" in failed
        assert watching.proc.poll() is None  # ...is reported, and the watch goes on
        for name in ("site.toml", "clean.toml"):
            (site / name).write_text(f'title = "Renamed site"\nsearch = false\n[paths]\ncache = ".cache-{name[:5]}"\n')
        assert watching.next_build().startswith("built: ")
        assert tree(site / "_site") == clean_build(site)
    finally:
        code, output = watching.stop()
    assert code == 0 and output.endswith("stopped"), output
    assert cli(site, "build", "--out", "_site", "--now", NOW, "--quiet").returncode == 0  # the lock is released


def test_watch_publishes_a_scheduled_article_when_it_falls_due(site):
    due = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=8)  # after the first build, even on a slow machine
    write_article(site / "content" / "_news", "later.md",
                  article_front("Embargoed until now", date=due.strftime("%Y-%m-%dT%H:%M:%SZ")), "Body.\n")
    write_article(site / "content" / "_news", "much-later.md",  # beyond what a timer can wait for
                  article_front("In the year 9999", date="9999-01-01T00:00:00Z"), "Body.\n")
    watching = Watching(site, "--out", "_site", "--quiet")  # no --now: the clock's time
    try:
        first = watching.next_build()
        assert "2 scheduled" in first and page_titled(site / "_site", "Embargoed until now") == []
        second = watching.next_build(timeout=30)
        assert datetime.now(timezone.utc) >= due
        assert "an article's publication or expiry time has come" in watching.seen
        assert "1 scheduled" in second and "7 built" in second
        assert len(page_titled(site / "_site", "Embargoed until now")) == 1
        with pytest.raises(AssertionError):
            watching.next_build(timeout=3)  # and nothing more until 9999
    finally:
        code, output = watching.stop()
    assert code == 0 and "Traceback" not in output, output


def test_pinned_now_never_falls_due_and_a_taken_folder_exits_3(site):
    write_article(site / "content" / "_news", "later.md",
                  article_front("Scheduled", date="2026-01-01T00:00:05Z"), "Body.\n")
    watching = Watching(site, "--out", "_site", "--now", NOW, "--quiet")
    try:
        assert "1 scheduled" in watching.next_build()
        second = Watching(site, "--out", "_site", "--now", NOW)
        code, output = second.stop() if second.proc.wait(timeout=60) is not None else (None, "")
        assert code == 3 and "another build" in output
        with pytest.raises(AssertionError):
            watching.next_build(timeout=8)  # the article's time passes on the clock, not in the build's "now"
    finally:
        code, output = watching.stop()
    assert code == 0, output


def indexed(out: Path) -> str:
    """The text of every page in the Pagefind index, over its shards (fragments are gzipped JSON)."""
    return "".join(gzip.decompress(f.read_bytes()).decode("utf-8", "replace")
                   for f in sorted((out / "pagefind").glob("*/fragment/*")))


@pytest.mark.skipif(importlib.util.find_spec("pagefind") is None, reason="needs pagefind[extended]")
def test_the_search_index_follows_rebuilds_in_the_background(site):
    (site / "site.toml").write_text('title = "Watched"\n[paths]\ncache = ".cache-watch"\n')  # search on
    (site / "clean.toml").write_text('title = "Watched"\n[paths]\ncache = ".cache-clean"\n')
    watching = Watching(site, "--out", "_site", "--now", NOW, "--quiet", "--jobs", "1", "--report", "r.json")
    try:
        assert watching.next_build().startswith("built: ")
        assert json.loads((site / "r.json").read_text())["search"] == "search index updated in the background"
        assert watching.line("search: search index updated").endswith(" s)")
        assert made_up_words(4) in indexed(site / "_site")
        search_page = (site / "_site" / "search" / "index.html").read_bytes()
        assert search_page == clean_build(site)["search/index.html"] and b"pagefind-ui.js" in search_page
        victim = site / "content" / "_news" / "2024-03-05-a4.md"
        victim.write_text(victim.read_text().replace(made_up_words(4), "Quokka census results"))
        assert watching.next_build().startswith("built: ")
        assert len(page_titled(site / "_site", "Quokka census results")) == 1  # before the index catches up
        watching.line("search: search index updated")
        assert "Quokka census results" in indexed(site / "_site") and made_up_words(4) not in indexed(site / "_site")
    finally:
        code, output = watching.stop()
    assert code == 0, output
