"""Turn a stream of file changes into builds: one build per burst, none lost.

A burst (an editor's atomic save, a `git checkout` of 500 files) is built once it
has been quiet for `quiet` seconds, or `max_wait` after its first change if it never
goes quiet. Changes that arrive while a build runs are kept and built right after."""
from __future__ import annotations

import threading
import time
import traceback
from typing import Callable, Iterable

Build = Callable[[frozenset[str]], None]


class Rebuilder:
    def __init__(self, build: Build, quiet: float = 0.1, max_wait: float = 1.0,
                 idle: Callable[[], None] = lambda: None):
        self.build = build  # called with the paths of one burst, on this class's own thread
        self.idle = idle  # housekeeping after each build is counted, off the save → reload path
        self.quiet, self.max_wait = quiet, max_wait
        self.builds = 0
        self._pending: set[str] = set()
        self._first = self._last = 0.0
        self._stopping = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="newsdigest-rebuild", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def changed(self, paths: Iterable[str]) -> None:
        """Called from the watcher's thread for every relevant event."""
        with self._cond:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending.update(paths)
            self._last = now
            self._cond.notify()

    def waiting(self) -> bool:
        """Whether changes wait for a build: housekeeping (`idle`) gives way to them."""
        with self._cond:
            return bool(self._pending) or self._stopping

    def stop(self, timeout: float) -> bool:
        """Stop after the build in progress, waiting at most `timeout`; False if it still runs."""
        with self._cond:
            self._stopping = True
            self._cond.notify()
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def _next_batch(self) -> frozenset[str] | None:
        with self._cond:
            while not self._stopping:
                if not self._pending:
                    self._cond.wait()
                    continue
                due = min(self._last + self.quiet, self._first + self.max_wait)
                wait = due - time.monotonic()
                if wait <= 0:
                    batch, self._pending = frozenset(self._pending), set()
                    return batch
                self._cond.wait(wait)
            return None

    def _run(self) -> None:
        while (batch := self._next_batch()) is not None:
            try:
                self.build(batch)
            except Exception:  # a dev server outlives any one build's bug
                traceback.print_exc()
            finally:
                self.builds += 1
            self.idle()
