"""The search index of a site kept built (`build --watch`), updated on a thread of its own:
Pagefind indexes each changed shard (a month of pages, about a second at 10,000 articles),
which no rebuild of the pages should wait for. Requests made while it runs make one more
run after it, with the last rebuild's shards, so the index catches up once changes stop."""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable, Mapping

from ..config import Config
from ..publish.search import UP_TO_DATE, index_shards
from ..publish.shards import Shard


class Indexer:
    def __init__(self, out: Path, log: Callable[[str], None]):
        self.out, self.log = out, log
        self._wanted: tuple[Config, Mapping[str, Shard]] | None = None
        self._stopping = False
        self._stop: Callable[[], None] | None = None  # stops the running Pagefind process
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="newsdigest-search", daemon=True)

    def want(self, cfg: Config, shards: Mapping[str, Shard]) -> None:
        """Index the shards that changed once the run in progress, if any, is over."""
        with self._cond:
            self._wanted = (cfg, shards)
            self._cond.notify()
        if not self._thread.is_alive() and not self._stopping:
            self._thread.start()

    def stop(self) -> None:
        """Stop Pagefind if it runs (its half-made index is discarded) and wait for the thread."""
        with self._cond:
            self._stopping = True
            self._cond.notify()
            stop = self._stop
        if stop is not None:
            stop()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _started(self, stop: Callable[[], None]) -> None:
        with self._cond:
            self._stop = stop
            stopping = self._stopping
        if stopping:
            stop()

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._wanted is None and not self._stopping:
                    self._cond.wait()
                if self._stopping:
                    return
                (cfg, shards), self._wanted = self._wanted, None
            start = time.perf_counter()
            try:  # one Pagefind process: the next rebuild may want the other CPU
                said = index_shards(self.out, cfg, shards, 1, self._started)
            except OSError as exc:  # the output folder replaced meanwhile: the next run makes it again
                said = f"search index not updated: {exc}"
            with self._cond:
                self._stop = None
                if self._stopping:
                    return
            if not said.startswith(UP_TO_DATE):  # a rebuild that changed no indexed page says nothing
                self.log(f"search: {said} ({time.perf_counter() - start:.1f} s)")
