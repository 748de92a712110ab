"""HTML pages: a saved news page becomes an article, its fields read from the page's own
metadata and its body from the main text. `extract` (in .extract) loads trafilatura and
htmldate, so it is imported only when a build meets an HTML page."""
from __future__ import annotations


class NotAnArticle(Exception):
    """The page is not one article (a home or section page, no body) or cannot be read:
    reported against the file, never built."""

    def __init__(self, message: str, field: str = "page", line: int = 0):
        super().__init__(message)
        self.message, self.field, self.line = message, field, line
