"""Progress shows on a terminal only."""
from __future__ import annotations

import os
import pty
import subprocess
import sys

from conftest import ROOT, article_front, made_up_words, write_article


def _content(tmp_path, n=30):
    c = tmp_path / "content"
    for i in range(n):
        write_article(c, f"a{i}.md", article_front(f"{made_up_words(i)} {i}"))
    return c


def _run(tmp_path, *extra, tty: bool) -> str:
    cmd = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(_content(tmp_path)),
           "--out", str(tmp_path / "site"), "--now", "2025-01-01T00:00:00Z", "--jobs", "1", *extra]
    if not tty:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    out = _drain(leader)
    proc.wait(timeout=60)
    return out.decode("utf-8", "replace")


def _drain(leader: int) -> bytes:
    """Everything written to the terminal until its last writer closed it; closes it."""
    out = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    return out


def test_progress_on_a_terminal(tmp_path):
    assert "render: " in _run(tmp_path, tty=True)


def test_quiet_without_terminal_or_with_quiet(tmp_path):
    assert "render: " not in _run(tmp_path, tty=False)
    assert "render: " not in _run(tmp_path / "q", "--quiet", tty=True)


def test_watch_shows_its_builds_progress_on_a_terminal_and_clears_it(tmp_path):
    """`build --watch`: progress on stderr while a build runs, gone before its summary line."""
    cmd = [sys.executable, str(ROOT / "build.py"), "build", "--watch", "--content", str(_content(tmp_path)),
           "--out", str(tmp_path / "site"), "--now", "2025-01-01T00:00:00Z", "--jobs", "1"]
    leader, follower = pty.openpty()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL, text=True)
    os.close(follower)
    try:
        assert proc.stdout is not None
        next(line for line in proc.stdout if line.startswith("built: "))
    finally:
        proc.terminate()
    proc.wait(timeout=60)
    out = _drain(leader).decode("utf-8", "replace")
    assert "render: " in out and out.endswith("\r\x1b[K"), out[-200:]
