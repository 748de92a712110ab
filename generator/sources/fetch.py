"""HTTP for ingest, bounded and polite: urllib3 with retries off and redirects followed by
hand (each hop checked: http(s) only, at most 5, no loops), connect and read timeouts
plus a deadline for the whole response, a size cap counted after decompression, a
minimum interval between two requests to one host, conditional GET, and a User-Agent
that names us. Every failure becomes FetchFailed with a sentence a site editor can act
on, never an exception's text."""
from __future__ import annotations

import email.utils
import re
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3 import exceptions as u3

from .. import __version__
from .settings import IngestSettings

USER_AGENT = f"newsdigest/{__version__} (news digest site generator; feed ingest)"
MAX_REDIRECTS = 5
FEED_ACCEPT = ("application/feed+json, application/json;q=0.9, application/atom+xml, application/rss+xml, "
               "application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_REDIRECTS = {301, 302, 303, 307, 308}
_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)", re.I)
_REASONS = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 410: "Gone",
            429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
            503: "Service Unavailable", 504: "Gateway Timeout"}


class FetchFailed(Exception):
    """A request that gave nothing usable. `retry_after`: seconds the server asked us to
    wait; `status`: the HTTP status, 0 when there was no answer."""

    def __init__(self, message: str, retry_after: float | None = None, status: int = 0):
        super().__init__(message)
        self.message, self.retry_after, self.status = message, retry_after, status


@dataclass(frozen=True)
class Fetched:
    url: str  # where the bytes came from, after redirects
    status: int  # 200, or 304 when the validators still hold
    body: bytes
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    max_age: float | None = None  # Cache-Control max-age: the answer stays fresh this long
    moved_to: str = ""  # the requested address redirected permanently here


def retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds from `now` that a Retry-After header (seconds or an HTTP date) asks for."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - now).total_seconds())


def max_age(cache_control: str | None) -> float | None:
    if not cache_control or "no-cache" in cache_control.lower() or "no-store" in cache_control.lower():
        return None
    m = _MAX_AGE.search(cache_control)
    return float(m.group(1)) if m else None


class Fetcher:
    """One per run: its connection pools and its per-host clock live as long as the run."""

    def __init__(self, settings: IngestSettings, site_url: str = "", clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.settings, self.clock, self.sleep = settings, clock, sleep
        # the site that fetches, so a feed's owner can see who reads it
        self.user_agent = USER_AGENT[:-1] + f"; +{site_url})" if site_url else USER_AGENT
        self.pool = urllib3.PoolManager(
            retries=False, timeout=urllib3.Timeout(connect=settings.connect_timeout, read=settings.read_timeout))
        self.last_request: dict[str, float] = {}  # host → when its last request ended

    def close(self) -> None:
        self.pool.clear()

    def get(self, url: str, etag: str = "", last_modified: str = "", accept: str = FEED_ACCEPT) -> Fetched:
        headers = {"User-Agent": self.user_agent, "Accept": accept, "Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen, moved_to, current, permanent = {url}, "", url, True
        for _hop in range(MAX_REDIRECTS + 1):
            if urlsplit(current).scheme.lower() not in ("http", "https") or not urlsplit(current).hostname:
                raise FetchFailed(f"{_short(current)} is not an http(s) address; only those are fetched")
            response = self._request(current, headers)
            if response.status not in _REDIRECTS:
                return self._answer(current, response, moved_to)
            location = response.headers.get("Location", "")
            _discard(response)
            if not location:
                raise FetchFailed(f"the server redirected (HTTP {response.status}) without saying where to")
            permanent = permanent and response.status in (301, 308)
            current = urljoin(current, location.strip())
            if permanent:
                moved_to = current
            if current in seen:
                raise FetchFailed(f"the address redirects in a loop (back to {_short(current)})")
            seen.add(current)
        raise FetchFailed(f"more than {MAX_REDIRECTS} redirects; stopped at {_short(current)}")

    def _wait_for_host(self, host: str) -> None:
        last = self.last_request.get(host)
        if last is not None:
            wait = last + self.settings.host_interval - self.clock()
            if wait > 0:
                self.sleep(wait)

    def _request(self, url: str, headers: dict[str, str]) -> urllib3.BaseHTTPResponse:
        host = (urlsplit(url).hostname or "").lower()
        self._wait_for_host(host)
        try:
            return self.pool.request("GET", url, headers=headers, redirect=False, preload_content=False,
                                     decode_content=True)
        except (u3.HTTPError, OSError, ValueError) as exc:
            self.last_request[host] = self.clock()
            raise FetchFailed(self._why(exc, host)) from None

    def _answer(self, url: str, response: urllib3.BaseHTTPResponse, moved_to: str) -> Fetched:
        host = (urlsplit(url).hostname or "").lower()
        try:
            status, h = response.status, response.headers
            fresh = max_age(h.get("Cache-Control"))
            if status == 304:
                return Fetched(url, 304, b"", etag=h.get("ETag", ""), last_modified=h.get("Last-Modified", ""),
                               max_age=fresh, moved_to=moved_to)
            if status != 200:
                wait = retry_after(h.get("Retry-After"), datetime.now(timezone.utc)) if status in (429, 503) else None
                raise FetchFailed(_status_message(status), retry_after=wait, status=status)
            body = self._body(response)
            return Fetched(url, 200, body, content_type=h.get("Content-Type", ""), etag=h.get("ETag", ""),
                           last_modified=h.get("Last-Modified", ""), max_age=fresh, moved_to=moved_to)
        except (u3.HTTPError, OSError) as exc:
            raise FetchFailed(self._why(exc, host)) from None
        finally:
            _discard(response)
            self.last_request[host] = self.clock()

    def _body(self, response: urllib3.BaseHTTPResponse) -> bytes:
        cap = self.settings.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap and not response.headers.get("Content-Encoding"):
            response.close()
            raise FetchFailed(_too_large(cap))
        deadline = self.clock() + 4 * self.settings.read_timeout
        chunks, size = [], 0
        for chunk in response.stream(65536, decode_content=True):
            size += len(chunk)
            if size > cap:
                response.close()
                raise FetchFailed(_too_large(cap))
            if self.clock() > deadline:
                response.close()
                raise FetchFailed(f"the server sent its answer too slowly (more than "
                                  f"{4 * self.settings.read_timeout:g} s)")
            chunks.append(chunk)
        return b"".join(chunks)

    def _why(self, exc: BaseException, host: str) -> str:
        s = self.settings
        if isinstance(exc, u3.ConnectTimeoutError):
            return f"could not connect to {host} within {s.connect_timeout:g} s"
        if isinstance(exc, (u3.ReadTimeoutError, socket.timeout, TimeoutError)):
            return f"{host} did not answer within {s.read_timeout:g} s"
        if isinstance(exc, u3.NameResolutionError):
            return f"the host name {host} could not be found"
        if isinstance(exc, u3.SSLError):
            return f"the secure connection to {host} failed (its certificate could not be verified)"
        if isinstance(exc, u3.NewConnectionError):
            return f"could not connect to {host} (refused or unreachable)"
        if isinstance(exc, u3.DecodeError):
            return f"{host} sent a compressed answer that could not be decompressed"
        if isinstance(exc, (u3.LocationParseError, ValueError)):
            return "the address could not be understood"
        return f"the connection to {host} broke off before the answer was complete"


def _discard(response: urllib3.BaseHTTPResponse) -> None:
    """Hand the connection back for the next request: a short unread body (a redirect's, an
    error page) is read off, anything longer closes the connection instead."""
    try:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) <= 65536:
            response.drain_conn()
        else:
            response.close()
    except (u3.HTTPError, OSError):
        response.close()
    response.release_conn()


def _status_message(status: int) -> str:
    reason = _REASONS.get(status, "")
    code = f"HTTP {status}" + (f" {reason}" if reason else "")
    if status in (429, 503):
        return f"the server asked us to slow down ({code})"
    if status == 410:
        return f"the feed is gone for good ({code}); remove it from site.toml"
    if status == 404:
        return f"nothing at this address ({code}); check the url in site.toml"
    if status in (401, 403):
        return f"the server refused access ({code})"
    if status >= 500:
        return f"the server failed ({code})"
    return f"unexpected answer from the server ({code})"


def _too_large(cap: int) -> str:
    return f"the answer is larger than the limit of {cap:,} bytes (ingest.max_bytes); not read"


def _short(url: str) -> str:
    return url if len(url) <= 100 else url[:97] + "..."
