"""The content folder, walked once per build: every file the reader may take, with its
stat. The input snapshot (is there anything to do?) and the reader (which file changed?)
both use this one walk, so a rebuild stats each of 10,000 articles once, not twice."""
from __future__ import annotations

import os
from pathlib import Path

Scanned = tuple[str, str, "os.stat_result | None"]  # content-relative POSIX path, absolute path, stat


def scan_content(content: Path) -> list[Scanned]:
    """Every file under content/ but dotfiles, sorted, following no symlink out of the
    folder; its stat is None when it cannot be taken (the reader then reports why)."""
    root = content.resolve()
    found: list[Scanned] = []

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                try:
                    if entry.is_dir():
                        if not entry.is_symlink():  # linked folders are not entered
                            walk(entry.path, f"{prefix}{entry.name}/")
                        continue
                    # a linked file must stay inside
                    if entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(root):
                        continue
                except OSError:
                    continue
                try:
                    st: os.stat_result | None = os.stat(entry.path)
                except OSError:
                    st = None
                found.append((prefix + entry.name, entry.path, st))

    walk(str(root), "")
    return sorted(found)
