"""A generated file that is not a page (feed, sitemap, API): made on demand."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(slots=True)  # not frozen: a build makes one per story (10,000s), and frozen construction is slow
class Output:
    path: str
    make: Callable[[], bytes]
    key: str | None = None  # what the bytes are made from; None: made on every build

    @classmethod
    def ready(cls, path: str, data: bytes) -> "Output":
        return cls(path, lambda: data)
