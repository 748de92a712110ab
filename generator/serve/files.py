"""Map a request path to a file of the built site, and name its Content-Type.

Everything a client sends is distrusted: encoded slashes, dot segments, backslashes
and NUL are refused before any file system call, and the resolved file (after
following symlinks) must still lie inside the site folder."""
from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",  # feeds too: browsers show it instead of downloading
    ".xsl": "application/xml; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".pdf": "application/pdf",
    ".wasm": "application/wasm",
}


def content_type(path: Path) -> str:
    """Fixed types for what a site ships (the OS mime table differs between machines)."""
    known = TYPES.get(path.suffix.lower())
    if known:
        return known
    guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return guessed + "; charset=utf-8" if guessed.startswith("text/") else guessed


@dataclass(frozen=True)
class Found:
    file: Path


@dataclass(frozen=True)
class Redirect:
    location: str


@dataclass(frozen=True)
class Missing:
    bad: bool = False  # True: a malformed or hostile path (400), else not found (404)


def _segments(raw: str) -> list[str] | None:
    """Percent-decoded path segments, or None when a segment could escape or alias."""
    if not raw.startswith("/") or "\\" in raw or "\0" in raw:
        return None
    parts = raw[1:].split("/")
    decoded = []
    for i, part in enumerate(parts):
        seg = unquote(part, errors="strict") if "%" in part else part
        if seg in (".", "..") or any(c in seg for c in "/\\\0") or (seg == "" and i != len(parts) - 1):
            return None
        decoded.append(seg)
    return decoded


def locate(root: Path, base_path: str, raw_path: str, query: str = "") -> Found | Redirect | Missing:
    """What to answer for `raw_path` (still percent-encoded) on a site served at `base_path`."""
    try:
        segs = _segments(raw_path)
    except UnicodeDecodeError:
        segs = None
    if segs is None:
        return Missing(bad=True)
    suffix = "?" + query if query else ""
    path = "/" + "/".join(segs)
    if path in ("/", base_path.rstrip("/")) and path != base_path:
        return Redirect(base_path + suffix)
    if not path.startswith(base_path):
        return Missing()
    rel = path[len(base_path):]
    if any(s.startswith(".") for s in rel.split("/")):  # the build marker, editor leftovers
        return Missing()
    site = root.resolve()
    target = (site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)).resolve()
    if not target.is_relative_to(site):
        return Missing()
    if target.is_dir():
        return Redirect(raw_path + "/" + suffix)
    return Found(target) if target.is_file() else Missing()
