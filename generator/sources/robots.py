"""Whether an article page may be fetched, by its site's robots.txt (RFC 9309): read once
per host per run, through the same polite fetcher. A missing file (4xx) allows all; a
server error or no answer allows nothing, as the RFC says, until a later run."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from .fetch import Fetcher, FetchFailed

AGENT = "newsdigest"  # the product token robots.txt groups are matched against


class Robots:
    def __init__(self, fetcher: Fetcher):
        self.fetcher = fetcher
        self.rules: dict[str, RobotFileParser | bool] = {}  # origin → rules, or allow/deny all

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "", "", ""))
        if origin not in self.rules:
            self.rules[origin] = self._read(origin)
        rules = self.rules[origin]
        return rules if isinstance(rules, bool) else rules.can_fetch(AGENT, url)

    def _read(self, origin: str) -> RobotFileParser | bool:
        try:
            got = self.fetcher.get(origin + "/robots.txt", accept="text/plain")
        except FetchFailed as exc:
            # 4xx: no rules, all allowed; 5xx, 429 and no answer: unreachable, nothing allowed
            return 400 <= exc.status < 500 and exc.status != 429
        parser = RobotFileParser()
        parser.parse(got.body.decode("utf-8", errors="replace").splitlines())
        return parser

