"""No request reads a file outside the site folder, however the path is spelled."""
from __future__ import annotations

import http.client

import pytest
from harness import BASE, make_site, running

SECRET = b"top secret: outside the site"

ATTEMPTS = [
    "/../secret.txt", BASE + "../secret.txt", BASE + "../../secret.txt",
    BASE + "%2e%2e/secret.txt", BASE + "%2e%2e%2fsecret.txt", BASE + "..%2fsecret.txt", BASE + "%2E%2E%2Fsecret.txt",
    BASE + "..%5csecret.txt", BASE + "..\\secret.txt", BASE + "%2fsecret.txt", "//secret.txt", BASE + "/../secret.txt",
    BASE + "secret.txt%00.html", BASE + "%00", BASE + "%c0%ae%c0%ae/secret.txt", BASE + "./../secret.txt",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", BASE + "..%252fsecret.txt", "http://example.org/../secret.txt",
    BASE + "leak.txt", BASE + "leakdir/secret.txt", BASE + "leakdir/", BASE + "leakdir",
]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("traversal") / "site")
    secret = site.out.parent / "secret.txt"
    secret.write_bytes(SECRET)  # beside the output folder
    with running(site) as run:
        (site.out / "leak.txt").symlink_to(secret)  # links planted inside the site
        (site.out / "leakdir").symlink_to(secret.parent)
        yield run


@pytest.mark.parametrize("path", ATTEMPTS)
def test_no_path_reads_outside_the_site(live, path):
    for method in ("GET", "HEAD"):
        r = live.fetch(path, method)
        assert SECRET not in r.body and b"root:" not in r.body
        assert r.status in (302, 400, 404), (path, r.status)
        if r.status == 302:  # only ever to a path inside the site
            assert r.headers["location"].startswith(BASE) and ".." not in r.headers["location"]


def test_absolute_path_in_the_url_is_rooted_in_the_site(live):
    secret = live.site.out.parent / "secret.txt"
    assert live.fetch(str(secret)).status == 404
    assert live.fetch(BASE + str(secret).lstrip("/")).status == 404


def test_raw_request_line_with_dot_segments(live):
    conn = http.client.HTTPConnection("127.0.0.1", live.port, timeout=5)
    conn.putrequest("GET", BASE + "../../../../../../etc/passwd", skip_host=True)
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    assert resp.status == 400 and b"root:" not in body
