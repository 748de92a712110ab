"""URLs: the one place that turns a page path into a link, and that judges input URLs."""
from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

_CONTROL = re.compile("[\x00-\x1f\ufffe\uffff\ud800-\udfff]")  # control and non-characters: never in a usable URL
# An http(s) URL with a plain host name, in printable ASCII: what urlsplit makes of it can be
# read off the text (host, path up to ? or #, query up to #), so the usual URL skips urlsplit.
_PLAIN_HTTP = re.compile(r"https?://([A-Za-z0-9.-]+)(?::[0-9]*)?((?:/[^?#]*)?)(?:\?([^#]*))?(?:#.*)?\Z")


def _plain(url: str) -> re.Match[str] | None:
    return _PLAIN_HTTP.match(url) if url.isascii() and url.isprintable() and " " not in url else None


def safe_http_url(value: str | None) -> str | None:
    """The URL when it is an absolute http(s) URL, else None.

    Input URLs carry WordPress entities (`&#038;`) and stray spaces; those are
    repaired, anything with another scheme (javascript:, data:) is refused.
    """
    if not value or not isinstance(value, str):
        return None
    url = html.unescape(value.strip()).replace(" ", "%20")
    if _plain(url):
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if _CONTROL.search(url):
        return None
    return url


@functools.lru_cache(maxsize=262144)
def normalise_url(url: str) -> str:
    """Identity of a link for de-duplication: scheme, www., fragment, tracking and slash ignored."""
    url = html.unescape(url.strip()) if "&" in url else url.strip()
    m = _plain(url)
    if m:
        host, path, query = m[1].lower(), m[2], m[3] or ""
    else:
        parts = urlsplit(url)
        host, path, query = (parts.hostname or "").lower(), parts.path, parts.query
    if host.startswith("www."):
        host = host[4:]
    path = path.rstrip("/") or "/"
    if not query and host:  # the common case, without the query round trip
        return f"//{host}{path}"
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not k.lower().startswith("utm_")]
    return urlunsplit(("", host, path, urlencode(sorted(pairs)), ""))


def domain_of(url: str | None) -> str:
    if not url:
        return ""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


@dataclass(frozen=True)
class SiteUrls:
    """Builds every internal URL from an output path, honouring the base path.

    `base_url` is absolute ("https://example.org/ai/") or empty for a site
    served at the root of any host.
    """

    base_url: str = ""

    @functools.cached_property
    def base_path(self) -> str:
        path = urlsplit(self.base_url).path if self.base_url else "/"
        return path if path.endswith("/") else path + "/"

    def path(self, output: str) -> str:
        """Root-relative link for an output file ("topics/ai/index.html" → "/ai/topics/ai/")."""
        clean = output[: -len("index.html")] if output.endswith("index.html") else output
        return self.base_path + clean.lstrip("/")

    @functools.cached_property
    def _root(self) -> str:
        return self.base_url if self.base_url.endswith("/") else self.base_url + "/"

    def absolute(self, output: str) -> str:
        """Absolute URL of an output (one for every page in the sitemap)."""
        if not self.base_url:
            return self.path(output)
        rel = (output[: -len("index.html")] if output.endswith("index.html") else output).lstrip("/")
        if rel.startswith(".") or ":" in rel.partition("/")[0]:
            return urljoin(self._root, rel)
        return self._root + rel  # what urljoin gives for a plain relative path, without its cost

    def asset(self, url: str, asset_base: str) -> str:
        """Resolve a logo or image URL that may be relative to the source site's assets."""
        if safe_http_url(url):
            return safe_http_url(url) or ""
        if url.startswith("//"):
            return "https:" + url
        if asset_base:
            return urljoin(asset_base if asset_base.endswith("/") else asset_base + "/", url.lstrip("/"))
        return self.base_path + url.lstrip("/")


def clean_domain(value: str) -> str:
    d = value.strip().lower()
    d = re.sub(r"^[a-z]+://", "", d).split("/")[0].split(":")[0]
    return d[4:] if d.startswith("www.") else d
