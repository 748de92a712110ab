"""The build report: every input file with its outcome and diagnostics, counts and
stage timings. Nothing is lost: a file not on the site is here with a reason."""
from __future__ import annotations

import json
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from .model import ERROR, WARNING, Diagnostic

OUTCOMES = ("built", "draft", "scheduled", "expired", "duplicate", "rejected", "ignored")


@dataclass
class Report:
    outcomes: dict[str, str] = field(default_factory=dict)  # source → outcome
    diagnostics: list[Diagnostic] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    pages: int = 0
    rendered: int = 0
    files_written: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    topics: int = 0
    stories: int = 0
    failure: str = ""
    search: str = ""  # what the search step did
    shards: Any = None  # the search index's shards (shards.plan_shards), for build --watch to index them
    next_due: Any = None  # earliest publication time of a scheduled article

    def __getstate__(self) -> dict[str, Any]:
        """What the build manifest keeps, for a no-op build to report again: not the shards,
        whose records hold the text of every indexed page (23 MB at 10,000 articles) and
        serve this build's search step only."""
        return {**self.__dict__, "shards": None}

    def saved(self, path: Any, what: str, cost: str, write: Callable[[], None]) -> None:
        """Write a cache file; one that cannot be written (a read-only or misnamed cache folder)
        is a warning, not a failed build: the site is right without it, only the next build slower."""
        try:
            write()
        except OSError as exc:
            self.diagnostics.append(Diagnostic(str(path), 0, "cache", WARNING,
                                               f"cannot write the {what} ({exc.strerror or exc}); the next build {cost}"))

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = round(self.timings.get(name, 0.0) + time.perf_counter() - start, 4)

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes.values() if o == outcome)

    def severity_count(self, severity: str) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    @property
    def seconds(self) -> float:
        return round(sum(self.timings.values()), 3)

    def summary(self) -> str:
        count = Counter(self.outcomes.values()).__getitem__  # one pass: 10,000 outcomes in a watched rebuild
        skipped = count("draft") + count("scheduled") + count("expired") + count("duplicate")
        status = "build failed: " + self.failure + "\n" if self.failure else ""
        return (f"{status}{self.pages} pages ({self.files_written} files changed, {self.files_removed} removed) · articles: "
                f"{count('built')} built, {skipped} skipped "
                f"({count('draft')} draft, {count('scheduled')} scheduled"
                + (f", {count('expired')} expired" if count("expired") else "")
                + (f", {count('duplicate')} duplicate" if count("duplicate") else "") + "), "
                f"{count('rejected')} rejected · {self.topics} topics · {self.stories} stories · "
                f"{self.severity_count(WARNING)} warnings · {self.severity_count(ERROR)} errors · "
                f"{self.seconds:.2f} s" + (" · " + self.search if self.search.startswith("search is off") else ""))

    def as_dict(self) -> dict:
        by_path: dict[str, list[dict]] = {}
        for d in self.diagnostics:
            by_path.setdefault(d.path, []).append(d.as_dict())
        return {
            "counts": {
                **{o: self.count(o) for o in OUTCOMES},
                "pages": self.pages, "pages_rendered": self.rendered, "files_written": self.files_written,
                "files_unchanged": self.files_unchanged, "files_removed": self.files_removed,
                "topics": self.topics, "stories": self.stories,
                "warnings": self.severity_count(WARNING), "errors": self.severity_count(ERROR),
            },
            "failure": self.failure or None,
            "search": self.search or None,
            "files": [{"path": p, "outcome": o, "diagnostics": by_path.get(p, [])}
                      for p, o in sorted(self.outcomes.items())],
            "diagnostics": [d.as_dict() for d in self.diagnostics],
            "timings": self.timings,
        }

    def write_json(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
