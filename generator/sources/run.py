"""One ingest: every source in turn, each ending with counts and, when it fails, a plain
sentence; a failing source never stops the others and never removes anything. The
sources' state is saved after each one, so a run cut short keeps what it learnt."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from ..config import Config
from ..dates import iso
from . import state as states
from .counts import FAILED, NOT_MODIFIED, WAITING, IngestReport, SourceResult
from .entries import NewArticle, file_stem, file_text, prepare, with_page
from .fetch import Fetcher, FetchFailed
from .files import OutsideContent, known_urls, source_folder, write_new
from .fulltext import read_page
from .kinds import Feed, NotAFeed, read_feed
from .robots import Robots
from .settings import IngestSettings, Source


@dataclass
class Run:
    """What the sources of one run share: the content folder, what it already links, the
    fetcher (its per-host clock) and robots.txt rules, the clock."""

    content: Path
    cfg: Config
    now: datetime
    known: set[str]
    fetcher: Fetcher
    robots: Robots
    settings: IngestSettings


def ingest(content: Path, cfg: Config, now: datetime, say: Callable[[str], None] = lambda line: None) -> IngestReport:
    """Fetch every source of `cfg.sources` and write its new entries under content/<source>/;
    `say` gets a line per source as it ends."""
    started = time.perf_counter()
    settings = cfg.ingest or IngestSettings()
    path = states.state_path(content)
    saved = states.load_state(path)
    fetcher = Fetcher(settings, cfg.base_url)
    run = Run(content, cfg, now, known_urls(content), fetcher, Robots(fetcher), settings)
    report = IngestReport(state_file=str(path))
    try:
        for source in cfg.sources:
            before = states.for_url(saved.get(source.name), source.url)
            result, after = _guarded(run, source, before)
            saved[source.name] = after
            report.sources.append(result)
            try:
                states.save_state(path, saved)
            except OSError as exc:
                result.warnings.append(f"the sources' state could not be saved to {path} "
                                       f"({exc.strerror or 'write failed'}); the next run fetches in full")
            say(result.line())
    finally:
        fetcher.close()
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _guarded(run: Run, source: Source, before: states.SourceState) -> tuple[SourceResult, states.SourceState]:
    result = SourceResult(source.name, source.url)
    try:
        return result, _one(run, source, before, result)
    except Exception:
        if os.environ.get("NEWSDIGEST_DEBUG"):
            raise
        result.status = FAILED
        result.message = ("an internal error stopped this source (the other sources went on; "
                          "NEWSDIGEST_DEBUG=1 shows it)")
        return result, states.failed(before, run.now, result.message, None, run.settings.max_backoff_hours)


def _one(run: Run, source: Source, before: states.SourceState, result: SourceResult) -> states.SourceState:
    waiting = before.waiting(run.now)
    if waiting is not None:
        result.status = WAITING
        why = (f"backing off after {before.failures} failure{'s' if before.failures != 1 else ''} "
               f"(last: {before.last_error})" if before.failures else "its last answer is still fresh (Cache-Control)")
        result.message = f"{why}; next try after {iso(waiting)}"
        return before
    try:
        folder = source_folder(run.content, source.name)
        got = run.fetcher.get(source.url, before.etag, before.last_modified)
        if got.moved_to:
            result.warnings.append(f"the feed has moved for good to {got.moved_to}: put that in site.toml")
        if got.status == 304:
            result.status, result.not_modified = NOT_MODIFIED, 1
            return states.not_modified(before, run.now, got.max_age)
        feeds = _pages(run, read_feed(got.body, got.content_type, got.url), result)
    except (FetchFailed, NotAFeed) as exc:
        return _failed(run, before, result, exc.message, getattr(exc, "retry_after", None))
    except OutsideContent:
        return _failed(run, before, result, f"content/{source.name} leads outside the content folder "
                                            f"(a link); nothing is written there", None)
    complete = _entries(run, source, feeds, result, folder)
    return states.succeeded(before, run.now, got.etag, got.last_modified, got.max_age, keep_validators=complete)


def _failed(run: Run, before: states.SourceState, result: SourceResult, message: str,
            retry_after: float | None) -> states.SourceState:
    after = states.failed(before, run.now, message, retry_after, run.settings.max_backoff_hours)
    result.status, result.failed = FAILED, result.failed + 1
    result.message = message + (f"; next try after {after.not_before}" if after.not_before else "")
    return after


def _pages(run: Run, first: Feed, result: SourceResult) -> list[Feed]:
    """The first page and the ones after it (a paged API, a paged JSON Feed), up to max_pages."""
    feeds, seen = [first], set()
    result.kind = first.kind
    while feeds[-1].next_page and len(feeds) < run.settings.max_pages and feeds[-1].next_page not in seen:
        seen.add(feeds[-1].next_page)
        try:
            got = run.fetcher.get(feeds[-1].next_page)
            feeds.append(read_feed(got.body, got.content_type, got.url))
        except (FetchFailed, NotAFeed) as exc:
            result.warnings.append(f"page {len(feeds) + 1} ({feeds[-1].next_page}) could not be read: {exc.message}")
            break
    result.pages = len(feeds)
    for feed in feeds:
        result.warnings.extend(feed.warnings)
    return feeds


def _entries(run: Run, source: Source, feeds: list[Feed], result: SourceResult, folder: Path) -> bool:
    """Write the new entries; False when some were left for the next run or could not be
    written (then the validators are not kept, or the next run's 304 would hide them)."""
    tz = run.cfg.tz
    for feed in feeds:
        for entry in feed.entries:
            made = prepare(entry, source, feed, run.now, tz)
            if isinstance(made, str):
                result.skipped += 1
                result.warnings.append(f"entry {(entry.title or entry.link)[:80]!r} skipped: {made}")
                continue
            if made.key in run.known:
                result.duplicate += 1
                continue
            if result.new >= run.settings.max_new:
                result.deferred += 1
                continue
            _write(run, source, made, result, folder)
    return result.deferred == 0 and result.failed == 0


def _write(run: Run, source: Source, article: NewArticle, result: SourceResult, folder: Path) -> None:
    body = ""
    if source.fulltext:
        page = read_page(article.url, run.fetcher, run.robots)
        body = page.body
        if page.note:
            result.warnings.append(f"{article.title[:80]!r}: {page.note}")
        article = with_page(article, page.fields, run.cfg.tz)
    for note in article.notes:
        result.warnings.append(f"{article.title[:80]!r}: {note}")
    try:
        path = write_new(folder, file_stem(article, run.cfg.tz), file_text(article, body))
    except OSError as exc:
        result.failed += 1
        result.warnings.append(f"{article.title[:80]!r} could not be written to {folder} "
                               f"({exc.strerror or 'write failed'})")
        return
    run.known.add(article.key)
    result.new += 1
    result.files.append(path.relative_to(run.content).as_posix())
