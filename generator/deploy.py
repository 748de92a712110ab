"""`build.py deploy`: publish a complete build to a git branch (history kept) or a folder.
A failed or partial build (no completion marker) is never deployed."""
from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .write import MARKER


class DeployError(Exception):
    pass


def check_complete(site: Path) -> dict:
    marker = site / MARKER
    try:
        info = json.loads(marker.read_text())
    except (OSError, ValueError):
        raise DeployError(f"{site}: no complete build here (missing {MARKER}); run `build.py build` first") from None
    if not info.get("complete"):
        raise DeployError(f"{site}: the last build did not complete; refusing to deploy it")
    return info


def _site_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.is_file() and p.name != MARKER)


def to_folder(site: Path, dest: Path) -> tuple[int, int]:
    """Copy changed files first, delete stale ones last; returns (copied, deleted)."""
    check_complete(site)
    if dest.resolve() == site.resolve() or site.resolve() in dest.resolve().parents:
        raise DeployError(f"{dest}: cannot deploy a site into itself")
    files = _site_files(site)
    copied = 0
    for rel in files:
        src, dst = site / rel, dest / rel
        if dst.is_file() and filecmp.cmp(src, dst, shallow=False):
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(f".{dst.name}.deploy-tmp")
        shutil.copyfile(src, tmp)
        os.replace(tmp, dst)
        copied += 1
    keep = set(files)
    deleted = 0
    for p in sorted(dest.rglob("*"), reverse=True):
        rel = p.relative_to(dest).as_posix()
        if p.is_file() and rel not in keep:
            p.unlink()
            deleted += 1
        elif p.is_dir() and not any(p.iterdir()):
            p.rmdir()
    return copied, deleted


def to_branch(site: Path, repo: Path, branch: str, remote: str | None, message: str, cname: str) -> None:
    """Commit the site on `branch` with ghp-import (adds .nojekyll, keeps history), then push."""
    check_complete(site)
    with tempfile.TemporaryDirectory(prefix="newsdigest-deploy-") as tmp:
        stage = Path(tmp) / "site"
        shutil.copytree(site, stage, ignore=shutil.ignore_patterns(MARKER))
        cmd = [sys.executable, "-m", "ghp_import", "--no-jekyll", "--branch", branch, "--message", message]
        if cname:
            cmd += ["--cname", cname.strip()]
        if remote:
            cmd += ["--push", "--remote", remote]
        cmd.append(str(stage))
        proc = subprocess.run(cmd, cwd=repo, capture_output=True, text=True)
        if proc.returncode != 0:
            raise DeployError(f"ghp-import failed: {(proc.stderr or proc.stdout).strip()}")
