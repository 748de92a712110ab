"""Every input accounted for (issue #24): each entry under content/ is built or in the report
with an outcome and a plain message; binary files are no articles; byte-order marks are
honoured; a bad optional field costs the field, not the article."""
from __future__ import annotations

import codecs
import os
import re

import pytest
from conftest import SHARED, article_front, text_of, write_article

DEV = SHARED / "stories-dev"
REAL = DEV / "_news__2022-04-05-microsoft-taps-ai-to-make-you-look-your-best-in-video-meetings.md"  # published: true
needs_real = pytest.mark.skipif(not REAL.is_file(), reason="../shared/stories-dev is not beside this checkout")


def _files(built) -> dict[str, tuple[str, list[tuple[str, str, str]]]]:
    """path → (outcome, [(field, severity, message)])."""
    return {f["path"]: (f["outcome"], [(d["field"], d["severity"], d["message"]) for d in f["diagnostics"]])
            for f in built.report["files"]}


def _one(built, path: str, field: str = "file") -> tuple[str, str, str]:
    """The file's outcome, and the severity and message of its one diagnostic on `field`."""
    outcome, diags = _files(built)[path]
    found = [(s, m) for f, s, m in diags if f == field]
    assert len(found) == 1, (path, diags)
    return outcome, *found[0]


# ---- 1. every entry under content/ ------------------------------------------------------------

def test_every_entry_is_in_the_report(tmp_path, build, monkeypatch):
    c = tmp_path / "content"
    write_article(c, "good.md", article_front("A good article"))
    write_article(tmp_path / "elsewhere", "secret.md", article_front("A secret from outside"))
    (c / "outside.md").symlink_to(tmp_path / "elsewhere" / "secret.md")
    (c / "outside-folder").symlink_to(tmp_path / "elsewhere")
    write_article(c, "sub/inner.md", article_front("An article in a folder"))
    (c / "inside.md").symlink_to(c / "sub" / "inner.md")  # stays inside: followed
    (c / "folder-link").symlink_to(c / "sub")
    (c / "nowhere.md").symlink_to(c / "missing.md")
    (c / "loop.md").symlink_to(c / "loop.md")
    write_article(c, "looks-like-a-file.md/real.md", article_front("Inside a folder named like a file"))
    os.mkfifo(c / "pipe.md")  # never opened: reading it would block the build
    (c / "notes.json").write_text("{}")
    write_article(c, "locked.md", article_front("Unreadable"))
    (c / "shut").mkdir()
    write_article(c, "shut/hidden-by-permissions.md", article_front("In a folder nobody may open"))

    import generator.content.load
    import generator.content.scan
    read, scandir = generator.content.load._read_bytes, os.scandir

    def unreadable(path, size):  # the build runs as root here, where chmod 000 would not stop it
        if str(path).endswith("locked.md"):
            raise PermissionError(13, "Permission denied")
        return read(path, size)

    def shut(path):
        if str(path).endswith("/shut"):
            raise PermissionError(13, "Permission denied")
        return scandir(path)

    monkeypatch.setattr(generator.content.load, "_read_bytes", unreadable)
    monkeypatch.setattr(generator.content.scan.os, "scandir", shut)
    built = build(c, "--jobs", "1")
    assert built.code == 0, built.stderr
    files = _files(built)
    on_disk = {p.relative_to(c).as_posix() for p in c.rglob("*") if not (p.is_dir() and not p.is_symlink())
               and not p.relative_to(c).as_posix().startswith("shut/")}
    on_disk |= {"looks-like-a-file.md", "shut"}  # the folders the report names
    assert set(files) == on_disk
    assert files["good.md"][0] == "built"
    # the link is followed: its file is the same article as the one it points at, built once
    assert (files["inside.md"][0], files["sub/inner.md"][0]) == ("built", "duplicate")
    assert files["looks-like-a-file.md/real.md"][0] == "built"
    assert _one(built, "outside.md") == ("ignored", "info", "link leads outside content/; not read")
    assert _one(built, "outside-folder") == ("ignored", "info", "link leads outside content/; not read")
    assert _one(built, "folder-link") == ("ignored", "info",
                                          "link to a folder inside content/; its files are read where they are")
    assert _one(built, "nowhere.md") == ("rejected", "error", "cannot read: the link leads to no file")
    assert _one(built, "loop.md") == ("rejected", "error", "cannot read: the links lead round in a loop")
    assert _one(built, "looks-like-a-file.md") == ("ignored", "info", "a folder, not a file; the files in it are read")
    assert _one(built, "pipe.md") == ("ignored", "info", "a named pipe, not a file; not read")
    assert _one(built, "notes.json") == ("ignored", "info", "not an article file; ignored")
    assert _one(built, "locked.md") == ("rejected", "error", "cannot read: Permission denied")
    assert _one(built, "shut") == ("rejected", "error", "cannot open this folder; the files in it are not read")
    site = "\n".join(p.read_text(errors="replace") for p in built.out.rglob("*.html"))
    assert "A secret from outside" not in site and "In a folder nobody may open" not in site


def test_a_link_outside_is_never_opened(tmp_path, build, monkeypatch):
    c = tmp_path / "content"
    write_article(c, "good.md", article_front("A good article"))
    write_article(tmp_path, "secret.md", article_front("Secret"))
    (c / "x.md").symlink_to(tmp_path / "secret.md")
    import generator.content.load
    opened = []
    read = generator.content.load._read_bytes
    monkeypatch.setattr(generator.content.load, "_read_bytes", lambda path, size: opened.append(str(path)) or read(path, size))
    built = build(c, "--jobs", "1")
    assert built.outcome("x.md") == "ignored" and not [p for p in opened if "secret" in p or p.endswith("x.md")]


# ---- 2. text or not ----------------------------------------------------------------------------

@pytest.mark.parametrize("name, data, why", [
    ("binary.md", bytes(range(256)) * 40, "it holds NUL bytes"),  # the issue's 10 KB of bytes 0-255
    ("photo.md", b"\x89PNG\r\n\x1a\n" + b"\x00\x10IHDR" * 50, "a PNG image"),
    ("doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"stream\n" * 40, "a PDF document"),
    ("archive.md", b"PK\x03\x04" + bytes(200), "a ZIP archive or an office document"),
    ("page.html", b"\x1f\x8b\x08\x00" + bytes(range(1, 255)) * 4, "a gzip archive"),
    ("noise.txt", bytes(b for b in range(1, 256) if b not in (9, 10, 13)) * 30,
     "11% of its first characters are control characters"),
])
def test_binary_input_is_not_a_text_file(tmp_path, build, name, data, why):
    c = tmp_path / "content"
    write_article(c, "good.md", article_front("A good article"))
    (c / name).write_bytes(data)
    built = build(c)
    assert built.code == 0
    assert _one(built, name) == ("rejected", "error", f"not a text file ({why})")
    assert len(list(built.out.glob("20*/*/*/*/index.html"))) == 1  # only the good article has a page


@needs_real
@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_byte_order_marks_are_honoured(tmp_path, build, codec):
    """A real article saved with a byte-order mark (as Windows tools save) reads as itself."""
    text = REAL.read_text(encoding="utf-8")
    data = text.encode(codec)
    if codec.endswith(("-le", "-be")):  # these codecs write no mark of their own
        data = codecs.BOM_UTF16_LE if codec == "utf-16-le" else codecs.BOM_UTF16_BE if codec == "utf-16-be" \
            else codecs.BOM_UTF32_LE if codec == "utf-32-le" else codecs.BOM_UTF32_BE
        data += text.encode(codec)
    c = tmp_path / "content"
    c.mkdir()
    (c / "windows.md").write_bytes(data)
    built = build(c)
    assert built.outcome("windows.md") == "built"
    assert not [d for d in built.diagnostics("windows.md") if d["severity"] != "info"]
    page = built.page("/2022/04/05/microsoft-taps-ai-to-make-you-look-your-best-in-video-meetings/")
    assert text_of(page.find(".//h1")) == "Microsoft taps AI to make you look your best in video meetings"


def test_front_matter_text_and_html_pages_read_byte_order_marks_alike():
    from generator.content.htmlpage.charset import decode_page
    from generator.content.load import decode

    text = "<p>Ærøskøbing — 日本 — ok</p>\n"
    for codec, bom in (("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                       ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32-le", codecs.BOM_UTF32_LE),
                       ("utf-32-be", codecs.BOM_UTF32_BE)):
        data = bom + text.encode(codec)
        assert decode(data, "a.md") == decode_page(data, "a.html")[0:1] + ([],) and decode(data, "a.md")[0] == text


# ---- 3. field-level recovery -------------------------------------------------------------------

@pytest.mark.parametrize("line, field, message", [
    ("heat: 1e400", "heat", "'1e400' is out of range (at most 1,000,000,000 either way); dropped"),
    ("heat: 1.0e+400", "heat", "infinity is out of range (at most 1,000,000,000 either way); dropped"),
    ("heat: -.inf", "heat", "minus infinity is out of range (at most 1,000,000,000 either way); dropped"),
    ("heat: 1000000000000000000000000000000", "heat",
     "1000000000000000000000000000000 is out of range (at most 1,000,000,000 either way); dropped"),
    ("quality: .nan", "quality", "expected a number, got NaN; dropped"),
    ("quality: .NaN", "quality", "expected a number, got NaN; dropped"),
    ('quality: "nan"', "quality", "expected a number, got 'nan'; dropped"),
    ("heat: high", "heat", "expected a number, got 'high'; dropped"),
    ("heat: [1, 2]", "heat", "expected a number, got [1, 2]; dropped"),
    ("heat: yes", "heat", "expected a number, got True; dropped"),
    ("excerpt: [a, b]", "excerpt", "expected text, got a list (['a', 'b']); dropped"),
    ("category: {a: b}", "category", "expected text, got key: value pairs ({'a': 'b'}); dropped"),
    ("updatedDateTime: 2024-02-30T10:00:00Z", "updatedDateTime",
     "not a date: '2024-02-30T10:00:00Z' (expected ISO 8601, e.g. 2024-02-29T09:30:00Z, years 1000 to 9999); dropped"),
    ("updatedDateTime: 9999-12-31T23:59:59-12:00", "updatedDateTime",
     "not a date: '9999-12-31T23:59:59-12:00' (expected ISO 8601, e.g. 2024-02-29T09:30:00Z, years 1000 to 9999); dropped"),
    ("expiryDateTime: [2030]", "expiryDateTime",
     "not a date: [2030] (expected ISO 8601, e.g. 2024-02-29T09:30:00Z, years 1000 to 9999); dropped"),
])
def test_an_impossible_optional_value_costs_the_field_not_the_article(tmp_path, build, line, field, message):
    c = tmp_path / "content"
    write_article(c, "a.md", article_front("An article with one bad field", extra=line + "\n"))
    built = build(c)
    assert built.outcome("a.md") == "built"
    outcome, severity, said = _one(built, "a.md", field)
    assert (severity, said) == ("warning", message)
    api = (built.out / "api" / "topics" / "ai" / "page" / "1" / "index.json").read_text()
    value = re.search(rf'"{field}": ([^,}}\n]+)', api)
    assert value is None or value.group(1) in ("null", '""', "[]"), value


@pytest.mark.parametrize("lines, field, message", [
    ("title: [a, b]", "title", "expected text, got a list (['a', 'b']); the article is not built"),
    ('title: "  "', "title", "missing or empty title; the article is not built"),
    ("publishedDateTime: [2024]", "publishedDateTime",
     "not a date: [2024] (expected ISO 8601, e.g. 2024-02-29T09:30:00Z, years 1000 to 9999); the article is not built"),
    ("publishedDateTime: 0001-01-01T00:00:00Z", "publishedDateTime",
     "not a date: '0001-01-01T00:00:00Z' (expected ISO 8601, e.g. 2024-02-29T09:30:00Z, years 1000 to 9999); "
     "the article is not built"),
    ('publishedDateTime: ""', "publishedDateTime", "missing publication date; the article is not built"),
])
def test_a_bad_required_field_rejects_and_says_so_once(tmp_path, build, lines, field, message):
    c = tmp_path / "content"
    front = article_front("Placeholder")
    key = lines.split(":")[0]
    front = re.sub(rf"^{key}:.*$", lines, front, flags=re.M)
    write_article(c, "a.md", front)
    built = build(c)
    assert built.outcome("a.md") == "rejected"
    assert [(d["field"], d["severity"], d["message"]) for d in built.diagnostics("a.md")
            if d["severity"] != "info"] == [(field, "error", message)]


@needs_real
@pytest.mark.parametrize("change, outcome", [
    (("heat: 216", "heat: 1e400"), "built"),  # the issue's cases, on real front matter
    (("quality: 106", "quality: .nan"), "built"),
    (('title: "Microsoft taps', 'title: [a, b]\nx: "Microsoft taps'), "rejected"),
])
def test_the_issue_cases_on_real_front_matter(tmp_path, build, change, outcome):
    text = REAL.read_text(encoding="utf-8")
    assert change[0] in text
    c = tmp_path / "content"
    c.mkdir()
    (c / "real.md").write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    built = build(c)
    assert built.outcome("real.md") == outcome
    messages = [d["message"] for d in built.diagnostics("real.md")]
    assert not [m for m in messages if re.search(r"[A-Z][a-z]+Error|Exception|Traceback|could not be read", m)]


def test_no_message_quotes_a_python_exception(tmp_path, build, monkeypatch):
    """A fault in the reader (a bug) is reported in plain words with where it happened."""
    import generator.content.ingest

    def broken(*args, **kwargs):
        raise OverflowError("cannot convert float infinity to integer")

    monkeypatch.setattr(generator.content.ingest, "build_article", broken)
    c = tmp_path / "content"
    write_article(c, "a.md", article_front("Any article"))
    built = build(c, "--jobs", "1")
    outcome, severity, message = _one(built, "a.md")
    assert (outcome, severity) == ("rejected", "error")
    assert message.startswith("could not be read: an unexpected fault in the generator (generator/content/ingest.py, line ")
    assert message.endswith("stopped it; please report this file as a bug")
    assert "OverflowError" not in message and "infinity" not in message


@pytest.mark.parametrize("block, message", [
    ("title: x\nheat: " + "9" * 5000, "invalid YAML: a value that cannot be read (a number thousands of digits long, "
                                      "or an impossible date)"),
    ("title: !!timestamp 2024-13-45", "invalid YAML: a value that cannot be read (a number thousands of digits "
                                      "long, or an impossible date)"),
    ("title: !!timestamp", "invalid YAML: a value that cannot be read (a number thousands of digits "  # found by the fuzzer
                           "long, or an impossible date)"),
    ("title: " + "[" * 2000 + "]" * 2000, "invalid YAML: exceeded maximum nesting depth"),
    ("title: x\nk: " + "[" * 990 + "]" * 990, "invalid YAML: nested more than 32 levels deep"),  # the cache could not hold it
    ("title: x\nk:\n" + "".join(" " * (i + 1) + "k:\n" for i in range(40)), "invalid YAML: nested more than 32 levels deep"),
])
def test_yaml_that_python_cannot_hold_is_invalid_yaml(tmp_path, build, block, message):
    c = tmp_path / "content"
    c.mkdir()
    (c / "a.md").write_text(f"---\n{block}\n---\nBody.\n")
    built = build(c)
    assert _one(built, "a.md", "front matter") == ("rejected", "error", message)
