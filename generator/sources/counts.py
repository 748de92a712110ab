"""What one ingest did, per source: counts, the files it wrote, and in plain words why a
source failed or was not asked; printed one line a source and written as JSON like the
build report."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

OK, NOT_MODIFIED, FAILED, WAITING = "ok", "not modified", "failed", "waiting"


@dataclass
class SourceResult:
    name: str
    url: str
    status: str = OK  # ok | not modified | failed | waiting (not asked: backoff, Retry-After, still fresh)
    kind: str = ""  # RSS 2.0, Atom 1.0, JSON Feed 1.1, news API
    pages: int = 0
    new: int = 0
    duplicate: int = 0
    not_modified: int = 0  # answers that were 304 Not Modified
    skipped: int = 0  # entries that cannot be articles (no link, no title)
    failed: int = 0  # fetches or files that failed
    deferred: int = 0  # new entries past ingest.max_new, left for the next run
    message: str = ""
    files: list[str] = field(default_factory=list)  # content-relative paths written
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        head = f"{self.name}" + (f" ({self.kind}" + (f", {self.pages} pages" if self.pages > 1 else "") + ")"
                                 if self.kind else "")
        if self.status in (FAILED, WAITING):
            return f"{head}: {self.status}: {self.message}"
        if self.status == NOT_MODIFIED:
            return f"{head}: not modified" + (f" ({self.message})" if self.message else "")
        counts = [f"{self.new} new", f"{self.duplicate} duplicate"]
        counts += [f"{n} {what}" for n, what in ((self.skipped, "skipped"), (self.failed, "failed"),
                                                  (self.deferred, "left for the next run")) if n]
        return f"{head}: " + ", ".join(counts)


@dataclass
class IngestReport:
    sources: list[SourceResult] = field(default_factory=list)
    seconds: float = 0.0
    state_file: str = ""

    def total(self, name: str) -> int:
        return sum(getattr(s, name) for s in self.sources)

    def sources_with(self, status: str) -> int:
        return sum(1 for s in self.sources if s.status == status)

    @property
    def all_failed(self) -> bool:
        asked = [s for s in self.sources if s.status != WAITING]
        return bool(asked) and all(s.status == FAILED for s in asked)

    def summary(self) -> str:
        n = len(self.sources)
        parts = [f"{n} source{'s' if n != 1 else ''}", f"{self.total('new')} new",
                 f"{self.total('duplicate')} duplicate", f"{self.sources_with(NOT_MODIFIED)} not modified",
                 f"{self.sources_with(FAILED)} failed"]
        if self.sources_with(WAITING):
            parts.append(f"{self.sources_with(WAITING)} waiting")
        return "ingest: " + " · ".join(parts) + f" · {self.seconds:.2f} s"

    def as_dict(self) -> dict:
        return {"counts": {"sources": len(self.sources), "new": self.total("new"),
                           "duplicate": self.total("duplicate"), "not_modified": self.sources_with(NOT_MODIFIED),
                           "failed": self.sources_with(FAILED), "waiting": self.sources_with(WAITING),
                           "skipped": self.total("skipped"), "deferred": self.total("deferred")},
                "sources": [asdict(s) for s in self.sources], "state_file": self.state_file,
                "seconds": self.seconds}

    def write_json(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
