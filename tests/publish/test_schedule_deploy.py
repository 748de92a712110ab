"""Scheduled rebuilds (what appears and disappears with time), the build lock, and deploys
to a real bare git repository and a real folder."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, article_front, made_up_words, write_article
from generator.lock import build_lock


def _content(tmp_path):
    c = tmp_path / "content"
    write_article(c, "old.md", article_front(f"{made_up_words(1)} old", date="2024-01-01T00:00:00Z"))
    write_article(c, "expiring.md", article_front(f"{made_up_words(2)} expiring", date="2024-03-01T00:00:00Z",
                                                  extra="expiryDateTime: 2024-03-10T00:00:00Z\n"))
    write_article(c, "later.md", article_front(f"{made_up_words(3)} later", date="2024-03-05T12:00:00Z"))
    return c


def test_builds_at_different_times(tmp_path, build):
    c, out = _content(tmp_path), tmp_path / "site"
    first = build(c, "--now", "2024-03-02T00:00:00Z", out=out)
    assert (first.outcome("later.md"), first.outcome("expiring.md")) == ("scheduled", "built")
    assert (out / "2024/03/01").is_dir() and not (out / "2024/03/05").exists()
    second = build(c, "--now", "2024-03-06T00:00:00Z", out=out)
    assert second.outcome("later.md") == "built" and (out / "2024/03/05").is_dir()
    third = build(c, "--now", "2024-03-11T00:00:00Z", out=out)
    assert third.outcome("expiring.md") == "expired" and not (out / "2024/03/01").exists()
    assert third.outcome("old.md") == "built"
    cfg = tmp_path / "site.toml"
    cfg.write_text("keep_days = 30\n")
    fourth = build(c, "--now", "2024-03-11T00:00:00Z", config=cfg, out=out)
    assert fourth.outcome("old.md") == "expired" and not (out / "2024/01/01").exists()
    assert "expired" in fourth.stdout


def test_a_second_build_exits_3_and_leaves_the_first_alone(tmp_path):
    c, out = _content(tmp_path), tmp_path / "site"
    cmd = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(c), "--out", str(out),
           "--now", "2024-03-06T00:00:00Z", "--quiet"]
    with build_lock(out):  # a build in progress holds the lock
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=tmp_path)
        assert proc.returncode == 3 and "another build" in proc.stderr
        assert not out.exists()
    assert subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=tmp_path).returncode == 0


def _git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def test_deploy_to_a_branch_of_a_bare_repository(tmp_path, build):
    c, out = _content(tmp_path), tmp_path / "site"
    assert build(c, out=out).code == 0
    bare, work = tmp_path / "origin.git", tmp_path / "work"
    _git("init", "--bare", "-q", str(bare), cwd=tmp_path)
    _git("init", "-q", str(work), cwd=tmp_path)
    for k, v in (("user.email", "ci@example.org"), ("user.name", "CI")):
        _git("config", k, v, cwd=work)
    _git("remote", "add", "origin", str(bare), cwd=work)
    (work / "site.toml").write_text('cname = "news.example.org"\n')
    deploy = [sys.executable, str(ROOT / "build.py"), "deploy", "--to", "gh-pages", "--out", str(out),
              "--remote", "origin", "--config", "site.toml"]
    for n in range(2):
        proc = subprocess.run([*deploy, "--message", f"Publish {n}"], cwd=work, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        (c / "later.md").write_text((c / "later.md").read_text().replace("later", "later edited"))
        build(c, out=out)
    files = _git("ls-tree", "-r", "--name-only", "gh-pages", cwd=bare).split()
    assert ".nojekyll" in files and "CNAME" in files and "index.html" in files
    assert ".newsdigest.json" not in files
    assert _git("show", "gh-pages:CNAME", cwd=bare).strip() == "news.example.org"
    assert _git("log", "--format=%s", "gh-pages", cwd=bare).split("\n")[:2] == ["Publish 1", "Publish 0"]


def test_deploy_to_a_folder_and_refuse_partial_builds(tmp_path, build):
    c, out, dest = _content(tmp_path), tmp_path / "site", tmp_path / "public"
    build(c, out=out)
    dest.mkdir()
    (dest / "stale.html").write_text("old")
    cmd = [sys.executable, str(ROOT / "build.py"), "deploy", "--to", str(dest), "--out", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not (dest / "stale.html").exists() and (dest / "index.html").is_file()
    assert not (dest / ".newsdigest.json").exists()
    keep = (dest / "index.html").stat().st_mtime_ns
    assert subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=tmp_path).returncode == 0
    assert (dest / "index.html").stat().st_mtime_ns == keep  # unchanged files are not copied again
    (out / ".newsdigest.json").unlink()  # as if the build had died half way
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 1 and "no complete build" in proc.stderr
