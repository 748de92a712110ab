"""Bytes → text, for every input file: one reading of byte-order marks for front matter,
plain text and HTML pages alike, and one test of whether a file is text at all. A binary
file read as text "finds" dates and titles in its noise and becomes an article."""
from __future__ import annotations

import codecs
import re

from ..model import WARNING, Diagnostic
from ..text import NOT_IN_XML

# UTF-32 LE first: its mark begins with UTF-16 LE's
BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_NAMES = {"utf-8": "UTF-8", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16", "utf-32-le": "UTF-32", "utf-32-be": "UTF-32"}

# the first bytes of file formats people keep beside their articles (images, documents,
# archives, programs); none of them can begin a text file
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"), (b"RIFF", "an image or sound file"), (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"), (b"\x00\x00\x01\x00", "an icon"), (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or an office document"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an office document"),
    (b"\x1f\x8b", "a gzip archive"), (b"BZh", "a bzip2 archive"), (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"Rar!\x1a\x07", "a RAR archive"), (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"\x7fELF", "a program"), (b"MZ\x90\x00", "a program"), (b"\xca\xfe\xba\xbe", "a program"),
    (b"SQLite format 3\x00", "a database"), (b"OggS", "a sound or video file"), (b"ID3", "an MP3 file"),
    (b"fLaC", "a sound file"), (b"\x1aE\xdf\xa3", "a video file"), (b"wOFF", "a font"), (b"wOF2", "a font"),
)
_HEAD = 8192  # how much of a file the text test reads
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")  # not tab, newlines, form feed or escape
_CONTROL_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_MOST_CONTROL = 0.05  # text has next to none; random bytes have one in eight


def bom(data: bytes) -> tuple[str, int]:
    """(codec, length) of the byte-order mark the data starts with; ("", 0) for none."""
    for mark, codec in BOMS:
        if data.startswith(mark):
            return codec, len(mark)
    return "", 0


def not_text(data: bytes) -> str:
    """Why the data is not text ("a PNG image", "it holds NUL bytes"...), or "" when it is."""
    head = data[:_HEAD]
    codec, skip = bom(head)
    if codec:  # UTF-16 and UTF-32 are full of NUL bytes: judge the characters instead
        chars = head[skip:].decode(codec, errors="replace")
        if "\x00" in chars:
            return "it holds NUL characters"
        return _mostly_control(len(_CONTROL_TEXT.findall(chars)), len(chars))
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[4:8] == b"ftyp":
        return "a video or image file"
    if b"\x00" in head:
        return "it holds NUL bytes"
    return _mostly_control(len(_CONTROL.findall(head)), len(head))


def _mostly_control(control: int, total: int) -> str:
    if total and control / total > _MOST_CONTROL:
        return f"{control / total:.0%} of its first characters are control characters"
    return ""


def decode_text(data: bytes, path: str, codec: str = "utf-8", label: str = "") -> tuple[str, list[Diagnostic]]:
    """The text of the data in `codec`, unless a byte-order mark says otherwise; bytes it
    cannot map are replaced and reported with their line (in the file's own encoding)."""
    marked, skip = bom(data)
    if marked:
        codec, data = marked, data[skip:]
    try:
        return data.decode(codec), []
    except UnicodeDecodeError as exc:
        text = data.decode(codec, errors="replace")
        line = data[: exc.start].decode(codec, errors="replace").count("\n") + 1
        name = _NAMES.get(codec, label or codec)
        return text, [Diagnostic(path, line, "encoding", WARNING,
                                 f"invalid {name} at byte {exc.start + skip}; replaced with U+FFFD")]


def without_controls(text: str, path: str) -> tuple[str, list[Diagnostic]]:
    """The text without control characters no page or feed may carry (a stray byte in
    front matter would make YAML refuse the whole article), reported with the first's line."""
    first = NOT_IN_XML.search(text)
    if first is None:
        return text, []
    line = text.count("\n", 0, first.start()) + 1
    text, n = NOT_IN_XML.subn("", text)
    return text, [Diagnostic(path, line, "encoding", WARNING,
                             f"{n} control character{'s' if n != 1 else ''} removed (the first on line {line})")]
