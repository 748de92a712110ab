"""The content folder's scan. A preview server re-stats only the paths its watcher
reported; whatever happened on disk, that must give what a full walk gives, or fall back
to one, and the full check after the reload names anything no event reported."""
from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

from generator.content.scan import ContentScan, scan_content


def _shape(listing) -> list[tuple[str, str, int, int, int] | tuple[str, str, None]]:
    return [(rel, path, st.st_ino, st.st_size, st.st_mtime_ns) if st else (rel, path, None)
            for rel, path, st in listing]


def _touch(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_rescanning_reported_paths_equals_a_full_walk_through_random_changes(tmp_path):
    content, outside = tmp_path / "content", tmp_path / "outside"
    _touch(outside / "far.md", "outside")
    for k in range(12):
        _touch(content / ("sub" if k % 3 else "") / f"a{k}.md", f"article {k}")
    rng, scan = random.Random(4), ContentScan()
    scan.report(None)
    assert _shape(scan.scan(content)) == _shape(scan_content(content))
    for step in range(200):
        files = sorted(p for p in content.rglob("*") if p.is_file() or p.is_symlink())
        folders = sorted(p for p in content.rglob("*") if p.is_dir() and not p.is_symlink())
        linked = sorted(p for p in content.glob("link*") if p.is_symlink() and p.is_dir())
        kind, touched = rng.randrange(11), []
        victim = rng.choice(files) if files else content / "a0.md"
        name = f"n{step}.md"
        if kind == 0:  # a new file, maybe in a new folder
            path = content / rng.choice(["", "sub", f"new{step}", "sub/deep"]) / name
            _touch(path, "new")
            touched = [path, *([path.parent] if rng.random() < 0.5 else [])]  # a folder's event may come or not
        elif kind == 1 and files:  # edited in place (size changes)
            victim.write_text(victim.read_text() + " more") if not victim.is_symlink() else None
            touched = [victim]
        elif kind == 2 and files:
            victim.unlink()
            touched = [victim]
        elif kind == 3 and files:  # an editor's atomic save: write beside, rename over
            tmp = victim.with_name(victim.name + ".tmp")
            tmp.write_text("saved " * rng.randrange(1, 5))
            os.replace(tmp, victim)
            touched = [tmp, victim]
        elif kind == 4 and folders:  # a folder deleted or renamed
            folder = rng.choice(folders)
            if rng.random() < 0.5:
                shutil.rmtree(folder)
                touched = [folder]
            else:
                dest = content / f"moved{step}"
                os.replace(folder, dest)
                touched = [folder, dest]
        elif kind == 5:  # dotfiles and dot folders are never scanned
            _touch(content / rng.choice(["", "sub"]) / f".swap{step}", "x")
            _touch(content / ".git" / f"obj{step}", "x")
            touched = [content / ".git" / f"obj{step}", content / f".swap{step}"]
        elif kind == 6:  # links: to a file inside, to one outside, to a folder
            link = content / f"link{step}.md"
            target = rng.choice([outside / "far.md", victim if files else outside / "far.md", content / "sub"])
            if target.exists():
                link.symlink_to(target)
                touched = [link]
        elif kind == 7 and files:  # a file replaced by a folder of the same name, or back
            victim.unlink()
            _touch(victim / "inner.md", "inner")
            touched = [victim, victim / "inner.md"]
        elif kind == 9 and linked:  # a file written through a linked folder
            via = rng.choice(linked) / f"via{step}.md"
            via.write_text("via")
            touched = [via]
        elif kind == 8:  # a change outside content/ (a template): nothing to re-stat
            _touch(tmp_path / "templates" / "x.html", str(step))
            touched = [tmp_path / "templates" / "x.html"]
        else:  # the whole folder replaced
            if content.exists():
                shutil.rmtree(content)
            for k in range(rng.randrange(4)):
                _touch(content / f"r{step}-{k}.md", "again")
            content.mkdir(exist_ok=True)
            touched = [content]
        scan.report(str(p) for p in touched)
        assert _shape(scan.scan(content)) == _shape(scan_content(content)), f"step {step}, change {kind}"
        assert scan.verify(content) == [], f"step {step}"


def test_the_full_check_names_a_change_no_event_reported(tmp_path):
    content = tmp_path / "content"
    _touch(content / "a.md", "one")
    _touch(content / "b.md", "two")
    scan = ContentScan()
    scan.report(None)
    scan.scan(content)
    scan.report([])
    (content / "a.md").write_text("changed, and the watcher missed it")
    _touch(content / "c.md", "new, missed too")
    assert [Path(p).name for p in scan.verify(content)] == ["a.md", "c.md"]
    assert _shape(scan.scan(content)) == _shape(scan_content(content))  # the check's walk is kept


def test_a_full_check_gives_way_to_a_waiting_change_and_the_next_one_finds_what_it_missed(tmp_path):
    """At 100,000 files the check walks for 1.5 s; a rebuild waiting meanwhile goes first."""
    content = tmp_path / "content"
    for i in range(3000):
        _touch(content / f"{i:04d}.md", "x")
    scan = ContentScan()
    scan.report(None)
    listing = scan.scan(content)
    scan.report([])
    (content / "0007.md").write_text("changed, and the watcher missed it")
    asked = []
    assert scan.verify(content, busy=lambda: asked.append(1) or len(asked) >= 2) == []
    assert len(asked) == 2  # asked every 1,024 entries, and stopped at the first yes
    assert scan.listing is listing  # nothing learnt, nothing forgotten
    assert [Path(p).name for p in scan.verify(content, busy=lambda: False)] == ["0007.md"]
