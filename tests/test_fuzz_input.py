"""Hostile input, generated (issue #24): real-shaped front matter and plain text, mutated
by byte flips, truncation, duplicate keys, wrong types, NULs, byte-order marks, CRLF, huge
numbers, impossible dates and markup. For every generated file the build gives no
traceback, the report has an entry with an outcome, nothing is written outside --out, and no
page or feed carries active markup from the input (read back with html5lib and feedparser).

`make test` runs a few hundred files; `pytest -m slow` runs thousands."""
from __future__ import annotations

import codecs
import json
import re
from pathlib import Path

import feedparser
import html5lib
import pytest
from conftest import ROOT, SEEDS, SHARED, run_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.report import OUTCOMES

# real-shaped inputs: the sample site's articles (always here), the seeds and real
# everyday-cc files when ../shared is beside the checkout
_NEWS = ROOT / "content" / "_news"
BASES = [p for p in (
    _NEWS / "2024-05-02-parliament-committee-backs-labels-for-ai-generated-political.md",
    _NEWS / "2024-05-14-lumen-labs-releases-aster-2-open-weight-model.md",
    _NEWS / "2024-06-10-meridian-health-ransomware.md",
    _NEWS / "plain-city-drones-deliver-blood-samples.txt",
    _NEWS / "plain-quantum-startup-error-rates.md",
    SEEDS / "000_3286746cba8f7c84.txt", SEEDS / "003_a7c0050854ea5c8d.txt",
    SHARED / "stories-dev" / "_news__2022-04-06-aurora-werner-enterprises-testing-self-driving-tractor-trailers.md",
) if p.is_file()]
TEXTS = {p.name: p.read_bytes() for p in BASES}
KEYS = ["title", "excerpt", "publishedDateTime", "updatedDateTime", "expiryDateTime", "webUrl", "originalUrl",
        "quality", "heat", "published", "provider", "topics", "images", "related", "locale", "category", "type"]
VALUES = [
    "[a, b]", "{x: 1}", "[]", "{}", "null", "~", "yes", "no", '""', "''", ".nan", ".NaN", ".inf", "-.inf", "1e400",
    "1.0e+400", "-1.0e+400", "99999999999999999999999999999999", "-7", "0", "3.5", "0x1F", "012", "1_000",
    "2024-02-30", "2024-13-01T00:00:00Z", "0000-01-01", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-12:00",
    "10000-01-01", "2024-02-29T24:61:61Z", "1969-07-20T20:17:40Z", "last Tuesday", "!!binary aGVsbG8=",
    "!!timestamp 2024-02-30", "!!set {a, b}", "&a [x, *a]", "*undefined", "|\n  block\n  text",
    '"<script>alert(1)</script>"', "'<img src=x onerror=alert(1)>'", '"javascript:alert(1)"', '"data:text/html,<b>x</b>"',
    '"https://example.com/\u0000x"', '"../../../../tmp/escape"', '"\\u202e\\u0000\\ufeff"', '"' + "A" * 3000 + '"',
    "[{url: javascript:alert(1), width: .nan, height: 1e400}]", "[{title: [x], webUrl: {y: 1}, provider: [z]}]",
    "{name: [x], domain: {d: 1}, images: [{url: [u], width: -1}]}", "[[[[[[[[]]]]]]]]",
]
MARKUP = ['<script>alert("xss")</script>', '<img src=x onerror="alert(1)">', '<a href="javascript:alert(1)">x</a>',
          '<iframe src="https://evil.example/"></iframe>', '<svg onload=alert(1)>', '"><script>alert(2)</script>',
          '[click](javascript:alert(3))', '<style>body{display:none}</style>', '<meta http-equiv="refresh" content="0">',
          '<object data="x.swf"></object>', '<base href="https://evil.example/">', '<svg><a xlink:href="javascript:x">a</a></svg>',
          "&lt;script&gt;alert(4)&lt;/script&gt;"]


@st.composite
def hostile_text(draw) -> str:
    """A base file with key-level damage: wrong types, duplicate keys, markup, CRLF."""
    name = draw(st.sampled_from(sorted(TEXTS)))
    text = TEXTS[name].decode("utf-8")
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["value", "duplicate", "markup", "body", "front"]))
        key = draw(st.sampled_from(KEYS))
        if kind in ("value", "duplicate"):
            line = f"{key}: {draw(st.sampled_from(VALUES))}"
            if kind == "value" and re.search(rf"^{key}:", text, re.M):
                text = re.sub(rf"^{key}:.*$", lambda m: line, text, count=1, flags=re.M)
            else:
                text = re.sub(r"\A(---\r?\n)?", lambda m: (m.group(1) or "---\n") + line + "\n"
                              + ("" if m.group(1) else "---\n"), text, count=1)
        elif kind == "markup":
            markup = draw(st.sampled_from(MARKUP)).replace("\\", "\\\\").replace('"', '\\"')
            text = re.sub(rf"^{key}:.*$", lambda m: f'{key}: "{markup}"', text, count=1, flags=re.M)
        elif kind == "body":
            lines = text.split("\n")
            at = draw(st.integers(0, len(lines)))
            text = "\n".join([*lines[:at], draw(st.sampled_from(MARKUP)), *lines[at:]])
        else:  # front matter on a plain text, or none on an article
            text = text[4:] if text.startswith("---\n") else "---\ntitle: Given\n---\n" + text
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text


@st.composite
def hostile_file(draw) -> tuple[str, bytes]:
    """A name and bytes: the damaged text, encoded (byte-order marks), then byte-level damage."""
    text = draw(hostile_text())
    codec = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32", "latin-1"]))
    data = (codecs.BOM_UTF16_BE if codec == "utf-16-be" else b"") + text.encode(codec, errors="replace")
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["flip", "nul", "truncate", "cut", "control"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
        elif kind == "nul":
            data = data[:at] + b"\x00" + data[at:]
        elif kind == "truncate":
            data = data[:at]
        elif kind == "cut":
            data = data[:at] + data[at + draw(st.integers(1, 200)):]
        else:
            data = data[:at] + bytes(draw(st.lists(st.integers(0, 31), min_size=1, max_size=40))) + data[at:]
    name = draw(st.sampled_from(["a.md", "b.txt", "_news/2024-02-29-c.md", "_archive/_news/d.markdown", "e.MD"]))
    return name, data


_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data|file):", re.I)
_URL_META = re.compile(r"(url|image|video|audio)$", re.I)  # a meta whose content a client follows (og:url, og:image)
_FORBIDDEN = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "style", "form", "math"}


def active_markup(html: str | bytes, where: str) -> list[str]:
    """What in a page (or a feed's HTML) could run or restyle: scripts other than the theme's
    own file, event handlers, script URLs, embedding and refresh elements."""
    found = []
    for el in html5lib.parse(html, namespaceHTMLElements=False).iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.rsplit("}", 1)[-1].lower()
        if tag == "script" and not (el.get("src", "").endswith("/assets/time.js") and not "".join(el.itertext())):
            found.append(f"{where}: <script> {el.attrib} {''.join(el.itertext())[:60]!r}")
        if tag in _FORBIDDEN or (tag == "meta" and el.get("http-equiv", "").lower() == "refresh"):
            found.append(f"{where}: <{tag}>")
        for name, value in el.attrib.items():
            name = name.rsplit("}", 1)[-1].lower()
            url_meta = tag == "meta" and name == "content" and _URL_META.search(el.get("property") or el.get("name") or "")
            if name.startswith("on") or ((name in ("href", "src", "action", "formaction", "srcset", "poster") or url_meta)
                                         and _SCHEMES.match(value or "")):
                found.append(f"{where}: <{tag} {name}={value[:60]!r}>")
            if name == "style" and not re.fullmatch(r"--hue: \d+", value or ""):
                found.append(f"{where}: <{tag} style={value[:60]!r}>")
    return found


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def check_build(capsys, root: Path, files: list[tuple[str, bytes]]) -> None:
    content = root / "content"
    written: dict[str, bytes] = {}
    for n, (name, data) in enumerate(files):
        path = content / name
        path = path.with_name(f"{path.stem}-{n}{path.suffix}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written[path.relative_to(content).as_posix()] = data
    (root / "site.toml").write_text('search = false\nbase_url = "https://digest.example/news/"\n'
                                    'date_fallback = "mtime"\n[paths]\ncache = ".cache"\n')
    before = _tree(root)
    built = run_build(capsys, content, root / "out", "--jobs", "1", config=root / "site.toml")
    assert "Traceback" not in built.stderr + built.stdout
    assert built.code == 0, built.stderr
    outcomes = {f["path"]: f["outcome"] for f in built.report["files"]}
    for rel in written:  # every generated file has its entry and outcome
        assert outcomes.get(rel) in OUTCOMES, (rel, outcomes)
    messages = [d["message"] for d in built.report["diagnostics"]]
    assert not [m for m in messages if "unexpected fault" in m or re.search(r"\b[A-Z]\w*(Error|Exception)\b", m)]
    # nothing outside --out but the build's own report, lock and cache
    made = _tree(root) - before
    assert {p for p in made if not p.startswith(("out/", ".cache/"))} <= {"out", ".cache", "out-report.json", ".out.lock"}
    problems = []
    for page in (root / "out").rglob("*.html"):
        problems += active_markup(page.read_bytes(), page.relative_to(root).as_posix())
    for feed in (root / "out").rglob("feed.xml"):
        parsed = feedparser.parse(feed.read_bytes(), sanitize_html=False)
        assert not parsed.bozo, (feed, parsed.bozo_exception)
        for entry in parsed.entries:
            for part in (entry.get("title_detail"), entry.get("summary_detail"), *entry.get("content", [])):
                if part and "html" in part.get("type", ""):
                    problems += active_markup(part["value"], f"{feed.name}: {entry.get('id')}")
    for feed in (root / "out").rglob("feed.json"):
        for item in json.loads(feed.read_text(encoding="utf-8"))["items"]:
            if item.get("content_html"):
                problems += active_markup(item["content_html"], f"{feed.name}: {item['id']}")
    assert not problems, problems[:5]


_HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
_RUNS = iter(range(10**9))


# the same examples every run, so `make test` cannot turn red by luck; the slow run explores
@settings(max_examples=300, deadline=None, suppress_health_check=_HEALTH, derandomize=True)
@given(files=st.lists(hostile_file(), min_size=1, max_size=4))
def test_hostile_files_are_built_or_reported_and_never_run(capsys, tmp_path_factory, files):
    check_build(capsys, tmp_path_factory.mktemp(f"fuzz{next(_RUNS)}"), files)


@pytest.mark.slow
@settings(max_examples=1500, deadline=None, suppress_health_check=_HEALTH)
@given(files=st.lists(hostile_file(), min_size=1, max_size=8))
def test_hostile_files_long(capsys, tmp_path_factory, files):
    check_build(capsys, tmp_path_factory.mktemp(f"fuzz{next(_RUNS)}"), files)


def test_the_markup_check_sees_what_it_must():
    """The check above is only as good as what it notices."""
    theme = '<script src="/news/assets/time.js" defer></script><span class="badge-mono" style="--hue: 12">AB</span>'
    assert active_markup(theme, "theme") == []
    for markup in MARKUP[:-1]:
        if not markup.startswith("["):
            assert active_markup(f"<p>{markup}</p>", "input"), markup
    assert active_markup("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "escaped") == []
    # a title that reads like a script URL is text in og:title, but an address in og:image
    assert active_markup('<meta property="og:title" content="javascript:alert(1)">', "title") == []
    assert active_markup('<meta property="og:image" content="javascript:alert(1)">', "image")
