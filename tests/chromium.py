"""Debian's Chromium for the browser tests, driven by Playwright: where it is, how it is
launched, and the skip (the only one allowed) when it is not installed."""
from __future__ import annotations

import http.server
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

needs_chromium = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                                     "(apt-get install chromium)"),
]


@contextmanager
def launched() -> Iterator:
    """A headless Chromium; Playwright is in the [test] extras, so missing it is an error, not a skip."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield instance
        finally:
            instance.close()


class BasePathHandler(http.server.SimpleHTTPRequestHandler):
    """Static files under the site's base path (`base`, set by a subclass), quietly; like a plain web host."""

    base = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.base):
            return str(Path(self.directory) / "__outside_base_path__")
        return super().translate_path("/" + path[len(self.base):])

    def log_message(self, *args) -> None:
        pass
