"""Scheduled rebuilds (what appears and disappears with time), the build lock, and deploys
to a real bare git repository and a real folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import ROOT, article_front, made_up_words, write_article

from generator.site.lock import build_lock


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


def _site_tree(out):
    """The built site's files and bytes, as a deploy should publish them (no marker)."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and p.name != ".newsdigest.json"}


def _branch_tree(repo, branch="gh-pages"):
    names = _git("ls-tree", "-r", "--name-only", branch, cwd=repo).split("\n")
    return {n: subprocess.run(["git", "show", f"{branch}:{n}"], cwd=repo, capture_output=True, check=True).stdout
            for n in names if n}


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
        if n:
            (c / "later.md").write_text((c / "later.md").read_text().replace("later", "later edited"))
            build(c, out=out)
        proc = subprocess.run([*deploy, "--message", f"Publish {n}"], cwd=work, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert _branch_tree(bare) == {**_site_tree(out), ".nojekyll": b"", "CNAME": b"news.example.org\n"}
    assert _git("log", "--format=%s", "gh-pages", cwd=bare).split("\n")[:2] == ["Publish 1", "Publish 0"]
    assert _git("log", "--format=%an", "-1", "gh-pages", cwd=bare).strip() == "CI"
    # nothing changed since: no empty commit; then a page goes and the custom domain is dropped
    proc = subprocess.run([*deploy, "--message", "Publish 2"], cwd=work, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "unchanged" in proc.stdout, proc.stderr
    assert _git("log", "--format=%s", "-1", "gh-pages", cwd=bare).strip() == "Publish 1"
    # someone else deploys meanwhile (their commit reaches us by push or fetch): ours goes on top
    other = _git("commit-tree", "gh-pages^{tree}", "-p", "gh-pages", "-m", "Other", cwd=work).strip()
    _git("push", "-q", "origin", f"{other}:refs/heads/gh-pages", cwd=work)
    (c / "later.md").unlink()
    build(c, out=out)
    (work / "site.toml").write_text("")
    proc = subprocess.run([*deploy, "--message", "Publish 3"], cwd=work, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert _branch_tree(bare) == {**_site_tree(out), ".nojekyll": b""}
    assert _git("log", "--format=%s", "gh-pages", cwd=bare).split("\n")[:4] == ["Publish 3", "Other", "Publish 1", "Publish 0"]


def test_deploy_to_a_branch_without_a_git_identity(tmp_path, build):
    """A CI runner often has no user.name: the commit is made all the same, under our name."""
    c, out, repo = _content(tmp_path), tmp_path / "site", tmp_path / "repo"
    assert build(c, out=out).code == 0
    _git("init", "-q", str(repo), cwd=tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(HOME=str(tmp_path), GIT_CONFIG_NOSYSTEM="1", XDG_CONFIG_HOME=str(tmp_path / "xdg"))
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "deploy", "--to", "gh-pages", "--out", str(out)],
                          cwd=repo, capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    assert _git("log", "--format=%an <%ae>", "gh-pages", cwd=repo).strip() == "newsdigest <newsdigest@localhost>"
    assert _branch_tree(repo) == {**_site_tree(out), ".nojekyll": b""}
    outside = subprocess.run([sys.executable, str(ROOT / "build.py"), "deploy", "--to", "gh-pages", "--out", str(out)],
                             cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env)
    assert outside.returncode == 1 and "not a git repository" in outside.stderr


def test_deploy_to_a_folder_and_refuse_partial_builds(tmp_path, build):
    c, out, dest = _content(tmp_path), tmp_path / "site", tmp_path / "public"
    build(c, out=out)
    dest.mkdir()
    (dest / "stale.html").write_text("old")
    _git("init", "-q", str(dest), cwd=tmp_path)  # a checkout the site is published from: its .git stays
    git_files = {p: p.read_bytes() for p in (dest / ".git").rglob("*") if p.is_file()}
    cmd = [sys.executable, str(ROOT / "build.py"), "deploy", "--to", str(dest), "--out", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not (dest / "stale.html").exists() and (dest / "index.html").is_file()
    assert not (dest / ".newsdigest.json").exists()
    assert {p: p.read_bytes() for p in (dest / ".git").rglob("*") if p.is_file()} == git_files
    shutil.rmtree(dest / ".git")
    assert _site_tree(dest) == _site_tree(out)
    # the folder that holds the site is refused, not emptied of it
    whole = subprocess.run([*cmd[:4], str(tmp_path), *cmd[5:]], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert whole.returncode == 1 and "holds the site itself" in whole.stderr
    assert (out / "index.html").is_file() and (c / "old.md").is_file()
    keep = (dest / "index.html").stat().st_mtime_ns
    assert subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=tmp_path).returncode == 0
    assert (dest / "index.html").stat().st_mtime_ns == keep  # unchanged files are not copied again
    # an edit: the deploy copies what the build rewrote (pages, and the search index's
    # changed files), deletes what it removed, and mends a copy changed in place
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name != ".newsdigest.json"}
    (c / "later.md").write_text((c / "later.md").read_text().replace("later", "later edited"))
    assert build(c, out=out).code == 0
    after = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name != ".newsdigest.json"}
    rewritten = {p for p in after if before.get(p) != after[p]}
    assert 0 < len(rewritten) < len(after) / 2 and before.keys() - after.keys()
    assert not {p for p in rewritten if p.name.startswith("pagefind") and p.suffix in (".js", ".css")}
    stale_dir = dest / "2024" / "02" / "gone"
    stale_dir.mkdir(parents=True)
    (stale_dir / "index.html").write_text("old")
    tampered = dest / min(p for p in after if p not in rewritten and p.suffix == ".html").relative_to(out)
    tampered.write_bytes(tampered.read_bytes().replace(b"<", b">", 1))
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    gone = len(before.keys() - after.keys())
    assert f"{len(rewritten) + 1} files copied, {gone + 1} deleted" in proc.stdout
    assert _site_tree(dest) == _site_tree(out) and not (dest / "2024" / "02").exists()
    (out / ".newsdigest.json").unlink()  # as if the build had died half way
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 1 and "no complete build" in proc.stderr
