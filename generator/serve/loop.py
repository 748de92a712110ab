"""Keep a site built: watch its inputs, rebuild once per burst of changes and again when a
scheduled article falls due, and say in the terminal what each build did. What `serve`
and `build --watch` share; each adds what it does with a finished build (`announce`)."""
from __future__ import annotations

import signal
import sys
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from ..model import ERROR
from .builder import Outcome, SiteBuilder, shown
from .rebuild import Rebuilder
from .watch import Watcher

DUE = "\0due"  # the change a timer reports when a scheduled article's time comes: no file changed


def _log(message: str) -> None:
    print(message, flush=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def stop_on_sigterm() -> None:
    """SIGTERM (a service manager's stop) ends the process as Ctrl-C does, mid-build too."""
    signal.signal(signal.SIGTERM, _interrupt)


class RebuildLoop:
    def __init__(self, builder: SiteBuilder, poll: bool, quiet: float, max_wait: float,
                 log: Callable[[str], None] = _log, native: type[BaseObserver] = Observer):
        self.builder, self.log = builder, log
        self.build: Callable[[], Outcome] = builder.build  # the one rebuild call; tests may wrap it
        self.rebuilder = Rebuilder(self._rebuild, quiet, max_wait, self._settle)
        self.watcher = Watcher(self.rebuilder.changed, poll, native)
        self._due: threading.Timer | None = None
        self._due_at: datetime | None = None  # when the last build's selection changes

    def watch(self) -> None:
        """Start watching what the build reads (never what it writes); raises WatchError."""
        self.builder.configure()
        self.watcher.start(*self.builder.watch_targets(), self._written())
        targets = self.watcher.targets
        self.log(f"watching {len(targets)} paths{' by polling' if self.watcher.polling else ''}: "
                 + ", ".join(map(shown, targets)))
        if self.watcher.fallback_reason:
            self.log(f"(file system notifications failed: {self.watcher.fallback_reason}; polling instead)")
        self.builder.watched = True  # from here on every change reaches the builder (_rebuild)

    def first_build(self) -> None:
        """Build, then rebuild on every change from here on."""
        self._finish(self.build(), None)
        self._settle()
        self.rebuilder.start()

    def stop_watching(self) -> None:
        """Stop watching and the timer, let a running build finish briefly, save the last build's cache."""
        self.watcher.stop()
        if self._due is not None:
            self._due.cancel()
        if not self.rebuilder.stop(timeout=0.5):
            self.log("a build was still running; it is abandoned (the last good site stays in place)")
            return
        try:
            self.builder.save()  # the last build's cache and manifest, if it had no time to
        except OSError as exc:
            self.log(f"warning: could not save the build cache: {exc}")

    def announce(self, outcome: Outcome, changed: frozenset[str] | None) -> None:
        """What else hears of a finished build; `changed` is None for the first one."""

    def _written(self) -> list[Path]:
        cfg = self.builder.cfg
        return [self.builder.out, *([cfg.cache_dir.resolve()] if cfg and cfg.cache_dir else [])]

    def _rebuild(self, changed: frozenset[str]) -> None:
        names = sorted(shown(Path(p)) for p in changed if p != DUE)
        if names:
            self.log(f"changed: {', '.join(names[:3])}" + (f" and {len(names) - 3} more" if len(names) > 3 else ""))
        else:
            self.log("an article's publication or expiry time has come")
        self.builder.changed(changed - {DUE})
        self._finish(self.build(), changed)

    def _settle(self) -> None:
        """After a build's announcement: the builder's housekeeping, and a rebuild for any change
        its full check of content/ found that no event reported."""
        missed = [p for p in self.builder.settle(self.rebuilder.waiting) if self.watcher.relevant(p)]
        if missed:
            self.rebuilder.changed(missed)

    def _finish(self, outcome: Outcome, changed: frozenset[str] | None) -> None:
        try:
            self.watcher.update(*self.builder.watch_targets(), self._written())
        except OSError as exc:
            self.log(f"warning: cannot watch {exc.filename or 'a new path'}: {exc.strerror or exc}")
        if outcome.error is not None:
            self.log(f"build failed after {outcome.seconds:.2f} s: {outcome.error}")
            if outcome.error.excerpt:
                self.log(outcome.error.excerpt)
        else:
            assert outcome.report is not None
            for d in outcome.report.diagnostics:
                if d.severity == ERROR:
                    print(d, file=sys.stderr, flush=True)
            self.log(f"built: {outcome.report.summary()}")
            self._schedule(outcome.report.next_due)
        self.announce(outcome, changed)

    def _schedule(self, due: datetime | None) -> None:
        """Rebuild when the next scheduled article is due, as an hourly cron run would show it;
        not when the build's "now" is pinned (--now, SOURCE_DATE_EPOCH): that time never comes."""
        if self._due is not None:
            self._due.cancel()
            self._due = None
        self._due_at = due if self.builder.clock else None
        if self._due_at is not None:
            self._arm(self._due_at)

    def _arm(self, due: datetime) -> None:
        """Wait for `due` by the wall clock, looked at again at least hourly: a long wait can
        span a suspend or a clock change, and a timer cannot wait centuries."""
        if due != self._due_at:
            return  # a later build scheduled another time meanwhile
        wait = (due - datetime.now(timezone.utc)).total_seconds()
        if wait <= 0:
            self.rebuilder.changed([DUE])
            return
        self._due = threading.Timer(min(wait + 0.05, 3600.0), self._arm, (due,))
        self._due.daemon = True
        self._due.start()
