"""Static files: the built-in theme's, overridden file by file by the site's own."""
from __future__ import annotations

from pathlib import Path

from ..config import Config

BUILTIN_STATIC = Path(__file__).resolve().parents[2] / "static"
BUILTIN_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def static_files(cfg: Config) -> dict[str, Path]:
    """Output path → source file. Symlinks and hidden files are skipped."""
    files: dict[str, Path] = {}
    for root in (BUILTIN_STATIC, cfg.static_dir):
        if root is None or not root.is_dir():
            continue
        base = root.resolve()
        for p in sorted(base.rglob("*")):
            rel = p.relative_to(base)
            if p.is_symlink() or not p.is_file() or any(part.startswith(".") for part in rel.parts):
                continue
            files[rel.as_posix()] = p
    return files
