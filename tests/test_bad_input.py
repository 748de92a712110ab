"""Each kind of bad input builds with a warning or is rejected with path:line: field: message,
and never stops the build or writes outside the output folder."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import article_front, text_of, write_article


@pytest.fixture
def bad_site(tmp_path, build):
    c = tmp_path / "content"
    write_article(c, "good.md", article_front("A good article"), "Body **text**.\n")
    (c / "broken-yaml.md").write_text('---\ntitle: "ok"\npublishedDateTime: 2024-03-01\ntopics: [AI\nheat: 3\n---\nx\n')
    (c / "empty.md").write_text("")
    write_article(c, "no-title.md", 'publishedDateTime: 2024-03-01T00:00:00Z\ntopics: [AI]')
    write_article(c, "empty-title.md", 'title: "   "\npublishedDateTime: 2024-03-01T00:00:00Z')
    write_article(c, "bad-date.md", 'title: "Bad date"\npublishedDateTime: "last Tuesday"\ntopics: [AI]')
    write_article(c, "wrong-types.md", article_front("Wrong types", extra='heat: "high"\nquality: [1]\npublished: maybe\n'))
    latin1 = write_article(c, "latin1.md", article_front("Cafe owner"))
    latin1.write_bytes(latin1.read_bytes() + b"Caf\xe9 latin-1 body\n")
    write_article(c, "js-url.md", 'title: "Scripted"\npublishedDateTime: 2024-03-01T00:00:00Z\n'
                  'webUrl: "javascript:alert(1)"\nprovider: {name: Evil, domain: evil.example}\ntopics: [AI]',
                  "[click](javascript:alert(2)) <script>alert(3)</script>\n")
    write_article(c, "a/2024-03-01-same-slug.md", article_front("First", date="2024-03-01T08:00:00Z"))
    write_article(c, "b/2024-03-01-same-slug.md", article_front("Second", date="2024-03-01T09:00:00Z"))
    write_article(c, "xss.md", article_front('<script>alert(\\"t\\")</script> in a title',
                                             extra='excerpt: "<script>alert(1)</script> excerpt"\n'))
    write_article(c, "escape.md", 'title: "Escape attempt"\npublishedDateTime: 2024-03-01T00:00:00Z\n'
                  'provider: {name: "../../../x", domain: "../../../../tmp/evil"}\ntopics: ["../../..", AI]')
    write_article(c, "big.md", article_front("A very large file"), ("Paragraph of text. " * 50 + "\n\n") * 5200)
    (c / "image.png").write_bytes(b"\x89PNG\r\n")
    return build(c), tmp_path


def test_every_file_has_an_outcome(bad_site):
    built, _ = bad_site
    assert built.code == 0
    outcomes = {f["path"]: f["outcome"] for f in built.report["files"]}
    assert outcomes["good.md"] == "built"
    for name in ("broken-yaml.md", "empty.md", "no-title.md", "empty-title.md", "bad-date.md"):
        assert outcomes[name] == "rejected", name
    for name in ("wrong-types.md", "latin1.md", "js-url.md", "xss.md", "escape.md", "big.md",
                 "a/2024-03-01-same-slug.md", "b/2024-03-01-same-slug.md"):
        assert outcomes[name] == "built", name
    assert outcomes["image.png"] == "ignored"


def _diag(built, name, field):
    found = [d for d in built.diagnostics(name) if d["field"] == field]
    assert found, f"no {field} diagnostic for {name}: {built.diagnostics(name)}"
    return found[0]


def test_diagnostics_name_line_and_field(bad_site):
    built, _ = bad_site
    yaml_error = _diag(built, "broken-yaml.md", "front matter")
    assert yaml_error["severity"] == "error" and yaml_error["line"] in (4, 5)
    assert _diag(built, "empty.md", "file")["message"] == "empty file"
    assert _diag(built, "no-title.md", "title")["severity"] == "error"
    assert _diag(built, "empty-title.md", "title")["line"] == 2
    date = _diag(built, "bad-date.md", "publishedDateTime")
    assert date["line"] == 3 and "last Tuesday" in date["message"]
    assert _diag(built, "wrong-types.md", "heat")["severity"] == "warning"
    assert _diag(built, "wrong-types.md", "quality")["severity"] == "warning"
    assert _diag(built, "wrong-types.md", "published")["severity"] == "warning"
    assert _diag(built, "latin1.md", "encoding")["line"] == 10
    assert "javascript" in _diag(built, "js-url.md", "webUrl")["message"]
    assert "same date and slug" in _diag(built, "b/2024-03-01-same-slug.md", "slug")["message"]
    # the CLI prints errors as path:line: severity: field: message
    assert "bad-date.md:3: error: publishedDateTime: not a date" in built.stderr


def test_script_in_title_and_body_is_text(bad_site):
    built, _ = bad_site
    page = next(built.out.glob("2024/03/01/script-alert-t-script-in-a-title/index.html"))
    raw = page.read_text()
    assert "<script>" not in raw
    from conftest import parse_html
    tree = parse_html(page)
    assert text_of(tree.find(".//h1")).startswith('<script>alert("t")</script>')
    # the only script is the theme's own optional file, never anything from the input
    assert [(s.get("src"), "".join(s.itertext())) for s in tree.iter("script")] == [("/assets/time.js", "")]
    js = (built.out / "2024/03/01/scripted/index.html").read_text()
    assert "href=\"javascript:" not in js and "<script>" not in js
    assert "&lt;script&gt;alert(3)" in js


def test_colliding_slugs_get_two_pages(bad_site):
    built, _ = bad_site
    first = built.page("/2024/03/01/same-slug/")
    second = built.page("/2024/03/01/same-slug-2/")
    assert text_of(first.find(".//h1")) == "First" and text_of(second.find(".//h1")) == "Second"


def test_nothing_outside_the_output_folder(bad_site):
    built, tmp_path = bad_site
    assert not Path("/tmp/evil").exists()
    outside = {p for p in tmp_path.rglob("*") if p.is_file()}
    inside = {p for p in built.out.rglob("*") if p.is_file()}
    content = {p for p in (tmp_path / "content").rglob("*") if p.is_file()}
    own_state = {built.out.parent / "site-report.json", built.out.parent / ".site.lock"}  # report, build lock
    assert outside - inside - content == own_state
    providers = [p.name for p in (built.out / "providers").iterdir()]
    assert all("/" not in p and ".." not in p for p in providers)
    assert (built.out / "topics" / "ai" / "index.html").is_file()


def test_strict_exits_1_on_errors(bad_site, build):
    built, tmp_path = bad_site
    strict = build(tmp_path / "content", "--strict", out=tmp_path / "strict")
    assert strict.code == 1 and "rejected" in strict.stdout


def test_oversized_file_is_rejected_with_a_reason(tmp_path, build):
    c = tmp_path / "content"
    write_article(c, "huge.md", article_front("Huge"), "x" * 5000)
    cfg = tmp_path / "site.toml"
    cfg.write_text("max_file_bytes = 1000\n")
    built = build(c, config=cfg)
    assert built.outcome("huge.md") == "rejected"
    assert "max_file_bytes" in built.diagnostics("huge.md")[0]["message"]


@pytest.mark.parametrize("static, message", [
    ("feed.xml", "feed.xml: claimed twice (a static file and a generated feed, sitemap or API file?)"),
    ("index.html", "index.html: claimed by a static or generated file and by home page from"),
    ("topics/ai/index.html", "topics/ai/index.html: claimed by a static or generated file and by topic page from"),
])
def test_a_static_file_in_a_generated_files_place_fails_the_build_and_says_which(tmp_path, build, static, message):
    c = tmp_path / "content"
    write_article(c, "a.md", article_front("An article"))
    (tmp_path / "static" / static).parent.mkdir(parents=True)
    (tmp_path / "static" / static).write_text("mine")
    cfg = tmp_path / "site.toml"
    cfg.write_text("search = false\n")
    built = build(c, config=cfg)
    assert built.code == 1 and message in built.stderr, built.stderr
    assert not (tmp_path / "site" / "index.html").exists()  # nothing published
