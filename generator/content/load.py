"""Find input files and turn each into a RawDocument: decoded text, front matter with
the line of every top-level key, and the body. The only stage that reads content/."""
from __future__ import annotations

import errno
import functools
import hashlib
import os
import stat as filemode
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import ERROR, Diagnostic
from .encoding import decode_text, not_text, without_controls
from .frontmatter import parse_yaml
from .htmlpage.charset import decode_page
from .scan import ARTICLE_SUFFIXES, HTML_SUFFIXES, scan_content

IGNORED_NAMES = {"providers.toml"}


@dataclass(frozen=True)
class RawDocument:
    """One input file after decoding. `meta` is None for plain text (no front matter)."""

    path: str  # relative to the content folder, POSIX separators
    text: str
    meta: dict[str, Any] | None
    body: str
    body_line: int  # line where the body starts (1-based)
    key_lines: dict[str, int] = field(default_factory=dict)
    mtime: float = 0.0
    size: int = 0
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class Skipped:
    """A file that is not an article (or could not be read): reported, never silent."""

    path: str
    diagnostics: tuple[Diagnostic, ...]


def discover(content: Path) -> list[Path]:
    """Every file under content/, sorted, following no symlink out of the folder."""
    return [Path(p) for _, p, st in scan_content(content) if st is not None and filemode.S_ISREG(st.st_mode)]


@functools.lru_cache(maxsize=8)
def _resolved(content: Path) -> str:
    return str(content.resolve())


def _relative(file: Path, content: Path) -> str:
    """The content-relative POSIX path; a prefix cut for what `discover` found (no relpath per file)."""
    if not file.is_absolute():
        return file.as_posix()
    root, path = _resolved(content), str(file)
    if path.startswith(root + os.sep) and "/.." not in path and "/./" not in path:
        return path[len(root) + 1:].replace(os.sep, "/")
    return os.path.relpath(file, root).replace(os.sep, "/")


def decode(data: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """UTF-8, or what a byte-order mark says (UTF-16, UTF-32); invalid bytes are replaced
    and reported with their line."""
    return decode_text(data, path)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter, body, body line). The block opens with `---` on line 1 and closes
    at the next line that is exactly `---` (URLs containing `---` do not close it)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    return "\n".join(lines[1:]), "", len(lines) + 1


@dataclass(slots=True)  # not frozen: a rebuild makes 10,000 and frozen construction costs twice as much
class SourceFile:
    """An input file's identity: what the cache keys on before any parsing."""

    path: str
    data: bytes
    mtime: float
    digest: str
    stat_key: tuple[int, int] = (0, 0)


def _read_bytes(file: str | Path, size: int) -> bytes:
    """The file's bytes with open, read and close only (Path.read_bytes adds an fstat, an
    ioctl and an lseek per file); reads on to the end should the file have grown."""
    fd = os.open(file, os.O_RDONLY)
    try:
        chunks = [os.read(fd, size + 1)]
        while chunks[-1]:
            chunks.append(os.read(fd, 1 << 16))
    finally:
        os.close(fd)
    return b"".join(chunks)


def read_source(file: Path, content: Path, max_bytes: int) -> SourceFile | Skipped:
    return read_file(_relative(file, content), str(file), max_bytes)


@functools.lru_cache(maxsize=1 << 17)
def is_article_name(rel: str) -> bool:
    """Remembered per path: a rebuild asks again for each of 10,000 files."""
    return os.path.splitext(rel)[1].lower() in ARTICLE_SUFFIXES and rel.rsplit("/", 1)[-1] not in IGNORED_NAMES


def read_file(rel: str, path: str, max_bytes: int, stat: os.stat_result | None = None) -> SourceFile | Skipped:
    """Read and hash a file; `stat`: the entry's, when the caller has just taken it (scan.py).
    A file the parse cache saw unchanged is not read at all: the corpus takes its entry."""
    scanned = stat is not None
    try:
        if stat is None:
            stat = os.stat(path)
    except OSError as exc:
        why = exc.strerror
        if os.path.islink(path):
            why = "the links lead round in a loop" if exc.errno == errno.ELOOP else "the link leads to no file"
        return Skipped(rel, (Diagnostic(rel, 0, "file", ERROR, f"cannot read: {why}"),))
    if not filemode.S_ISREG(stat.st_mode):
        return not_a_file(rel, path, stat, scanned)
    if not is_article_name(rel):
        return Skipped(rel, (Diagnostic(rel, 0, "file", "info", "not an article file; ignored"),))
    try:
        if stat.st_size > max_bytes:
            return Skipped(rel, (Diagnostic(rel, 0, "file", ERROR,
                                            f"file is {stat.st_size:,} bytes, over max_file_bytes ({max_bytes:,})"),))
        data = _read_bytes(path, stat.st_size)
    except OSError as exc:
        return Skipped(rel, (Diagnostic(rel, 0, "file", ERROR, f"cannot read: {exc.strerror}"),))
    return SourceFile(rel, data, stat.st_mtime, hashlib.sha1(data).hexdigest(), (stat.st_size, stat.st_mtime_ns))


_SPECIAL = ((filemode.S_ISFIFO, "a named pipe"), (filemode.S_ISSOCK, "a socket"),
            (filemode.S_ISCHR, "a device"), (filemode.S_ISBLK, "a device"))


def not_a_file(rel: str, path: str, stat: os.stat_result, scanned: bool) -> Skipped:
    """An entry under content/ that is no regular file: named in the report, never opened
    (a named pipe would block the build, a link outside would publish what is not content)."""
    def skipped(severity: str, message: str) -> Skipped:
        return Skipped(rel, (Diagnostic(rel, 0, "file", severity, message),))

    if filemode.S_ISLNK(stat.st_mode):  # the scan gives a link's own stat when it leads outside
        return skipped("info", "link leads outside content/; not read")
    if filemode.S_ISDIR(stat.st_mode):
        if not scanned:  # the scan could not open it
            return skipped(ERROR, "cannot open this folder; the files in it are not read")
        if os.path.islink(path):
            return skipped("info", "link to a folder inside content/; its files are read where they are")
        return skipped("info", "a folder, not a file; the files in it are read")
    kind = next((name for test, name in _SPECIAL if test(stat.st_mode)), "not a regular file")
    return skipped("info", f"{kind}, not a file; not read")


def is_html_name(rel: str) -> bool:
    return rel.lower().endswith(HTML_SUFFIXES)


def parse_source(src: SourceFile) -> RawDocument | Skipped:
    rel = src.path
    why = not_text(src.data)
    if why:
        return Skipped(rel, (Diagnostic(rel, 0, "file", ERROR, f"not a text file ({why})"),))
    html = is_html_name(rel)
    text, diags = decode_page(src.data, rel) if html else decode(src.data, rel)
    text, dropped = without_controls(text.replace("\r\n", "\n").replace("\r", "\n"), rel)
    diags += dropped
    if not text.strip():
        return Skipped(rel, (*diags, Diagnostic(rel, 1, "file", ERROR, "empty file")))
    if html:  # a saved web page: its metadata is in the page, not in front matter
        return RawDocument(rel, text, None, text, 1, {}, src.mtime, len(src.data), tuple(diags))
    block, body, body_line = split_front_matter(text)
    meta, key_lines = None, {}
    if block is not None:
        meta, key_lines, errs = parse_yaml(block, rel)
        if errs:
            return Skipped(rel, (*diags, *errs))
    return RawDocument(rel, text, meta, body, body_line, key_lines, src.mtime, len(src.data), tuple(diags))


def read_document(file: Path, content: Path, max_bytes: int) -> RawDocument | Skipped:
    src = read_source(file, content, max_bytes)
    return src if isinstance(src, Skipped) else parse_source(src)
