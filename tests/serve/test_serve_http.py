"""HTTP behaviour of `serve`: base path, redirects, types, HEAD, 404, headers, script injection."""
from __future__ import annotations

import pytest
from harness import BASE, live, make_site, running, site  # noqa: F401  (fixtures)

from generator.serve.client import EVENTS_PATH

ARTICLE = BASE + "2024/03/01/story-0/"


def test_base_path_and_redirects(live):
    for path, target in [("/", BASE), (BASE.rstrip("/"), BASE), (BASE + "topics/ai", BASE + "topics/ai/"),
                         (BASE + "topics/ai?page=1", BASE + "topics/ai/?page=1")]:
        r = live.fetch(path)
        assert r.status in (301, 302) and r.headers["location"] == target, path
    assert live.fetch(BASE + "topics/ai/").status == 200
    assert live.fetch("/topics/ai/").status == 404  # outside the base path


def test_article_page_has_script_but_the_file_on_disk_does_not(live):
    r = live.fetch(ARTICLE)
    assert r.status == 200 and r.headers["content-type"] == "text/html; charset=utf-8"
    assert "Story number 0" in r.text
    assert r.text.count(EVENTS_PATH) == 1 and r.text.index(EVENTS_PATH) < r.text.rindex("</body>")
    on_disk = (live.site.out / "2024/03/01/story-0/index.html").read_text()
    assert EVENTS_PATH not in on_disk and "__newsdigest" not in on_disk


def test_script_appended_to_a_page_without_head_or_body(site):
    (site.static / "bare.html").write_text("<p>bare fragment</p>")
    with running(site) as live:
        r = live.fetch(BASE + "bare.html")
    assert r.status == 200 and r.text.startswith("<p>bare fragment</p><script")
    assert EVENTS_PATH in r.text and r.text.endswith("</script>")
    assert (site.out / "bare.html").read_text() == "<p>bare fragment</p>"


STATIC = [  # name, bytes (None: the theme's own), Content-Type
    ("export.xml", b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'/>",
     "application/xml; charset=utf-8"),
    ("data.json", b"{}", "application/json"),
    ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
    ("fonts/font.woff2", b"wOF2\0\0", "font/woff2"),
    ("app.js", b"console.log(1)", "text/javascript; charset=utf-8"),
    ("notes.txt", "caf\u00e9".encode(), "text/plain; charset=utf-8"),
    ("assets/site.css", None, "text/css; charset=utf-8"),
]


@pytest.fixture(scope="module")
def static_site(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("types") / "site")
    for name, data, _ in STATIC:
        if data is not None:
            (site.static / name).parent.mkdir(parents=True, exist_ok=True)
            (site.static / name).write_bytes(data)
    with running(site) as live:
        yield live


@pytest.mark.parametrize("name, data, ctype", STATIC)
def test_content_types_and_head(static_site, name, data, ctype):
    get = static_site.fetch(BASE + name, accept="*/*")
    head = static_site.fetch(BASE + name, "HEAD", accept="*/*")
    assert get.status == head.status == 200
    assert get.headers["content-type"] == head.headers["content-type"] == ctype
    assert get.headers["content-length"] == head.headers["content-length"] == str(len(get.body))
    assert head.body == b"" and get.body == (static_site.site.out / name).read_bytes()
    assert EVENTS_PATH.encode() not in get.body


def test_head_of_html_page_counts_the_injected_script(live):
    get, head = live.fetch(ARTICLE), live.fetch(ARTICLE, "HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers["content-length"] == str(len(get.body))


def test_missing_page_is_the_404_page_with_status_404(live):
    r = live.fetch(BASE + "no/such/page/")
    assert r.status == 404 and r.headers["content-type"].startswith("text/html")
    assert r.body.startswith((live.site.out / "404.html").read_bytes()[:50]) and EVENTS_PATH in r.text
    assert live.fetch(BASE + "no/such/page/", "HEAD").status == 404


def test_every_response_is_no_store(live):
    for path in ["/", BASE, ARTICLE, BASE + "assets/site.css", BASE + "missing", BASE + "%2e%2e/x"]:
        assert live.fetch(path).headers["cache-control"] == "no-store", path


def test_hidden_files_of_the_build_are_not_served(live):
    assert (live.site.out / ".newsdigest.json").is_file()
    assert live.fetch(BASE + ".newsdigest.json").status == 404


def test_event_stream(live):
    events = live.events()  # asserts the content type and the first "hello"
    assert live.server.broker.clients() == 1
    events.close()
