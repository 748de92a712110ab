"""Bytes of a saved web page → text. Pages say their own character set (`<meta charset>`,
an http-equiv Content-Type, an XML declaration), and older ones are not UTF-8: reading
them as UTF-8 would turn every accented letter into U+FFFD."""
from __future__ import annotations

import codecs
import re

from ...model import WARNING, Diagnostic
from ..encoding import bom, decode_text

# where browsers look for the declaration (they stop at 1024 bytes; saved pages put a few
# kilobytes of comments and scripts first)
_PRESCAN = 8192
_DECLARED = re.compile(
    rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.+-]+)"
    rb"|<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_:.+-]+)", re.I)
# WHATWG Encoding: labels that browsers read as a wider encoding than their name says
_AS_BROWSERS_READ = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "l1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "iso-8859-9": "cp1254", "latin5": "cp1254",
    "iso-8859-11": "cp874", "tis-620": "cp874", "gb2312": "gb18030", "gbk": "gb18030",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "big5": "big5hkscs",
    # a declaration read as ASCII cannot be in UTF-16: browsers take it as UTF-8
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
}


def declared_charset(data: bytes) -> str:
    """The character set the page declares near its top, lower-cased; "" for none."""
    m = _DECLARED.search(data[:_PRESCAN])
    return (m.group(1) or m.group(2)).decode("ascii").lower() if m else ""


def decode_page(data: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """A byte-order mark wins; then text that is valid UTF-8 is UTF-8 (pages are often saved
    as UTF-8 under the charset they were served with); else the declared charset, as
    browsers read it. Bytes it cannot map are replaced and reported with their line."""
    if bom(data)[0]:  # read as every input file is
        return decode_text(data, path)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    label = declared_charset(data)
    if not label or label.replace("_", "-") in ("utf-8", "utf8"):
        return decode_text(data, path, "utf-8", label)
    codec = _AS_BROWSERS_READ.get(label, label)
    try:
        codecs.lookup(codec)
    except LookupError:
        text, diags = decode_text(data, path)
        return text, [Diagnostic(path, 1, "encoding", WARNING,
                                 f"unknown charset {label[:40]!r}; read as UTF-8"), *diags]
    return decode_text(data, path, codec, label)

