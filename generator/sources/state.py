"""What each source's last run left: its validators (ETag, Last-Modified) for a
conditional GET, when it last worked, how many runs in a row failed, and the time before
which it is not asked again (backoff, Retry-After, Cache-Control). One small JSON file
beside the content folder (`.<folder>-sources.json`): outside the folder the build
reads, beside the articles it belongs to. A missing or damaged file means "first run"."""
from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Mapping

from ..dates import iso, parse_datetime

VERSION = 1
BACKOFF_START = timedelta(minutes=30)  # after one failure; doubles with each one after


@dataclass(frozen=True)
class SourceState:
    url: str = ""  # the validators belong to this address; another url starts afresh
    etag: str = ""
    last_modified: str = ""
    last_success: str = ""  # ISO 8601
    last_attempt: str = ""
    failures: int = 0  # consecutive
    not_before: str = ""  # ISO 8601: do not ask before this
    last_error: str = ""

    def waiting(self, now: datetime) -> datetime | None:
        """When a run at `now` may ask again, or None when it may ask now."""
        when = parse_datetime(self.not_before, now.tzinfo) if self.not_before else None
        return when if when is not None and when > now else None


def state_path(content: Path) -> Path:
    content = content.resolve()
    return content.with_name(f".{content.name}-sources.json")


def load_state(path: Path) -> dict[str, SourceState]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("sources"), dict):
        return {}
    names = {f.name: f.type for f in dataclasses.fields(SourceState)}
    out = {}
    for name, entry in data["sources"].items():
        if isinstance(entry, dict):
            kept = {k: v for k, v in entry.items()
                    if k in names and isinstance(v, int if names[k] == "int" else str) and not isinstance(v, bool)}
            out[name] = SourceState(**kept)
    return out


def save_state(path: Path, states: Mapping[str, SourceState]) -> None:
    """Atomically: a run killed halfway leaves the last complete file."""
    data: dict[str, Any] = {"version": VERSION,
                            "sources": {k: dataclasses.asdict(v) for k, v in sorted(states.items())}}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, sort_keys=True)
            fh.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def for_url(state: SourceState | None, url: str) -> SourceState:
    """The state to use for `url`: a source whose url changed keeps nothing."""
    return state if state is not None and state.url == url else SourceState(url=url)


def succeeded(state: SourceState, now: datetime, etag: str, last_modified: str,
              fresh_for: float | None, keep_validators: bool = True) -> SourceState:
    """After a fetch that worked. `fresh_for`: the answer's max-age, honoured up to 6 hours."""
    not_before = iso(now + timedelta(seconds=min(fresh_for, 6 * 3600))) if fresh_for else ""
    return dataclasses.replace(
        state, etag=etag if keep_validators else "", last_modified=last_modified if keep_validators else "",
        last_success=iso(now), last_attempt=iso(now), failures=0, not_before=not_before, last_error="")


def not_modified(state: SourceState, now: datetime, fresh_for: float | None) -> SourceState:
    return succeeded(state, now, state.etag, state.last_modified, fresh_for)


def failed(state: SourceState, now: datetime, message: str, retry_after: float | None,
           max_backoff_hours: float) -> SourceState:
    """Back off: 30 min after one failure, doubling, at most `max_backoff_hours`; a server's
    Retry-After wins when it asks for longer (up to the same limit)."""
    failures = state.failures + 1
    longest = timedelta(hours=max_backoff_hours)
    wait = min(BACKOFF_START * 2 ** min(failures - 1, 20), longest)
    if retry_after is not None:
        wait = min(max(wait, timedelta(seconds=retry_after)), longest) if retry_after > 0 else timedelta(0)
    return dataclasses.replace(state, last_attempt=iso(now), failures=failures,
                               not_before=iso(now + wait) if wait else "", last_error=message)
