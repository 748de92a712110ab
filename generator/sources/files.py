"""content/ as ingest sees it: which article addresses it holds already (so an entry is
never added twice, whichever source or person added it first), and new files written
atomically under content/<source>/ without ever replacing one."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from ..content.scan import scan_content
from ..urls import normalise_url, safe_http_url

# top-level keys only: a related link (indented) is another outlet's piece, not an article here
_URL_KEY = re.compile(rb"\n(?:webUrl|originalUrl|ampWebUrl|cdnAmpWebUrl)[ \t]*:[ \t]*([^\r\n]*)")
_COMMENT = re.compile(r"[ \t]+#.*$")
_PAGE_URL = re.compile(rb"<(?:link[^>]*rel=[\"']?canonical[^>]*|meta[^>]*property=[\"']?og:url[^>]*)>", re.I)
_HREF = re.compile(rb"(?:href|content)=[\"']?([^\"'\s>]+)", re.I)
_TEXT_SUFFIXES = (".md", ".markdown", ".txt")
_HTML_SUFFIXES = (".html", ".htm")
HEAD_BYTES = 256 * 1024  # front matter and <head> are near the top


def _unquote(raw: bytes) -> str:
    """A YAML scalar as written on one line: quoted (a comment may follow) or plain."""
    value = raw.decode("utf-8", errors="replace").strip()
    quote = value[:1]
    if quote not in ("'", '"'):
        return _COMMENT.sub("", value)
    end = value.find(quote, 1)
    return value[1:end] if end > 0 else value[1:]


def _front_matter(data: bytes) -> bytes:
    """The front-matter block of a Markdown or text file (found by its delimiters, not
    parsed: this runs over every file in content/ before each ingest)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.startswith(b"---"):
        return b""
    end = data.find(b"\n---", 3)
    return data[3:end] if end > 0 else b""


def urls_in(data: bytes, name: str) -> list[str]:
    """The addresses a file stands for: its front matter's webUrl and the like, or an HTML
    page's canonical address."""
    found: list[str] = []
    if name.endswith(_TEXT_SUFFIXES):
        found = [_unquote(v) for v in _URL_KEY.findall(_front_matter(data))]
    elif name.endswith(_HTML_SUFFIXES):
        for tag in _PAGE_URL.findall(data):
            href = _HREF.search(tag)
            if href:
                found.append(href.group(1).decode("utf-8", errors="replace"))
    return [u for u in found if safe_http_url(u)]


def known_urls(content: Path) -> set[str]:
    """Normalised addresses of every article under content/ (read from the top of each file:
    at 10,000 articles, a fraction of a second)."""
    known: set[str] = set()
    for rel, path, _st in scan_content(content):
        if not rel.lower().endswith(_TEXT_SUFFIXES + _HTML_SUFFIXES):
            continue
        try:
            with open(path, "rb") as fh:
                data = fh.read(HEAD_BYTES)
        except OSError:
            continue
        known.update(normalise_url(safe_http_url(u) or u) for u in urls_in(data, rel.lower()))
    return known


class OutsideContent(Exception):
    """The source's folder resolves outside content/ (a link): nothing is written there."""


def source_folder(content: Path, name: str) -> Path:
    folder = content / name
    if folder.is_symlink() or not folder.resolve().is_relative_to(content.resolve()):
        raise OutsideContent(name)
    return folder


def write_new(folder: Path, stem: str, text: str) -> Path:
    """Write `stem`.md, or `stem`-2.md and so on when that name is taken, atomically: the
    bytes go to a hidden temporary file (the reader skips dotfiles) that is then linked
    under its name, which fails rather than replace a file that appeared meanwhile."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".ingest-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fchmod(fh.fileno(), 0o644)  # as any article file, not mkstemp's 0600
            os.fsync(fh.fileno())
        for n in range(1, 1000):
            path = folder / (f"{stem}.md" if n == 1 else f"{stem}-{n}.md")
            try:
                _place(tmp, path)
                return path
            except FileExistsError:
                continue
        raise FileExistsError(f"{folder / stem}.md")
    finally:
        Path(tmp).unlink(missing_ok=True)


def _place(tmp: str, path: Path) -> None:
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: claim the name, then swap the bytes in
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        os.replace(tmp, path)
