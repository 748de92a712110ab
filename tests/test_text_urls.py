import pytest

from generator.text import initials, slugify, strip_html, truncate
from generator.urls import SiteUrls, normalise_url, safe_http_url


@pytest.mark.parametrize("text, slug", [
    ("Mark Zuckerberg woos Big Tech in Asia", "mark-zuckerberg-woos-big-tech-in-asia"),
    ("Süddeutsche Zeitung: Öl & Gas", "suddeutsche-zeitung-ol-gas"),
    ("../../etc/passwd", "etc-passwd"),
    ("日経テック", ""),
])
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_slug_length_cut_at_word():
    assert slugify("word " * 40, max_len=22) == "word-word-word-word"


def test_strip_html_and_entities():
    assert strip_html("<b>Chips</b> &amp; <i>GPUs</i>&#8217;") == "Chips & GPUs\u2019"


def test_truncate():
    assert truncate("short", 10) == "short"
    assert truncate("one two three four", 12) == "one two…"


@pytest.mark.parametrize("name, mono", [("The Korea Herald", "KH"), ("TechCrunch", "TE"), ("AOL", "AO"), ("日経テック", "日")])
def test_initials(name, mono):
    assert initials(name) == mono


@pytest.mark.parametrize("url, ok", [
    ("https://a.com/x?y=1&#038;z=2", "https://a.com/x?y=1&z=2"),
    ("http://a.com/a---b", "http://a.com/a---b"),
    ("https://a.com/with space", "https://a.com/with%20space"),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    ("data:text/html,x", None),
    ("/relative/path", None),
    ("ftp://a.com/x", None),
    ("", None),
    (42, None),
])
def test_safe_http_url(url, ok):
    assert safe_http_url(url) == ok


def test_normalise_url():
    assert normalise_url("https://www.A.com/x/?utm_source=t&b=2#frag") == normalise_url("http://a.com/x?b=2")
    assert normalise_url("https://a.com/x") != normalise_url("https://a.com/y")


def test_site_urls_with_base_path():
    urls = SiteUrls("https://example.org/ai/")
    assert urls.path("index.html") == "/ai/"
    assert urls.path("topics/ai/page/2/index.html") == "/ai/topics/ai/page/2/"
    assert urls.path("feed.xml") == "/ai/feed.xml"
    assert urls.absolute("topics/ai/index.html") == "https://example.org/ai/topics/ai/"
    assert urls.asset("/assets/x.jpg", "https://cdn.example.net/site/") == "https://cdn.example.net/site/assets/x.jpg"
    assert urls.asset("/assets/x.jpg", "") == "/ai/assets/x.jpg"
    assert SiteUrls("").path("topics/index.html") == "/topics/"


def test_clean_text_keeps_scripts_as_text():
    from generator.text import clean_text
    assert clean_text("<p>Chips &amp; <b>GPUs</b></p>") == "Chips & GPUs"
    assert clean_text('Hello <script>alert("x")</script>') == 'Hello <script>alert("x")</script>'


def _slow_safe(value):
    """safe_http_url as urlsplit alone judges it (the rule the plain-URL shortcut must keep)."""
    import html
    import re
    from urllib.parse import urlsplit
    url = html.unescape(value.strip()).replace(" ", "%20")
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    ok = parts.scheme.lower() in ("http", "https") and parts.netloc and not re.search(r"[\x00-\x1f]", url)
    return url if ok else None


def _slow_normalise(url):
    import html
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
    parts = urlsplit(html.unescape(url.strip()) if "&" in url else url.strip())
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    path = parts.path.rstrip("/") or "/"
    if not parts.query and host:
        return f"//{host}{path}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith("utm_")]
    return urlunsplit(("", host, path, urlencode(sorted(query)), ""))


_URL_PIECES = ["http", "https", "HTTP", "://", ":", "//", "/", "www.", "Www.", "a", "B", "0", "-", ".", "..",
               ":80", ":x", "?", "#", "&", "&amp;", "=", "@", "[", "]", "%", " ", "\t", "\x00", "\x7f", "é", "~", "/x/"]


def test_plain_url_shortcut_agrees_with_urlsplit():
    """The shortcut for plain http(s) URLs gives what urlsplit gives, for URLs built from the
    pieces where the two could part: ports, userinfo, brackets, ? and # in either order,
    case, control characters, spaces, non-ASCII."""
    import random
    rng = random.Random(6)
    urls = ["http://a.com", "https://www.a.com/x/", "http://a.com:80", "http://a.com:80x/y", "http://a.com?#",
            "http://a.com#x?y", "http://a.com/p?q#f", "http://a@b.com/", "http://[::1]/", "http://a.com/\x7f"]
    for _ in range(20000):
        head = rng.choice(["http://", "https://", "HTTPS://", "http:/", "http://www.", ""])
        urls.append(head + "".join(rng.choice(_URL_PIECES) for _ in range(rng.randint(0, 8))))
    for url in urls:
        assert safe_http_url(url) == _slow_safe(url), url
        normalise_url.cache_clear()
        try:
            expected = _slow_normalise(url)
        except ValueError:
            with pytest.raises(ValueError):
                normalise_url(url)
            continue
        assert normalise_url(url) == expected, url
