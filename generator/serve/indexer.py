"""The search index of a site kept built (`build --watch`), updated on a thread of its own:
Pagefind re-indexes the whole site, about 26 s at 10,000 articles, which no rebuild of
the pages should wait for. Requests made while it runs make one more run after it, so
the index catches up with the last rebuild once changes stop."""
from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path
from typing import Callable

from ..config import Config
from ..publish.search import index_site


class Indexer:
    def __init__(self, out: Path, log: Callable[[str], None]):
        self.out, self.log = out, log
        self._wanted: Config | None = None
        self._stopping = False
        self._proc: subprocess.Popen | None = None
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="newsdigest-search", daemon=True)

    def want(self, cfg: Config) -> None:
        """Index the site as it is once the run in progress, if any, is over."""
        with self._cond:
            self._wanted = cfg
            self._cond.notify()
        if not self._thread.is_alive() and not self._stopping:
            self._thread.start()

    def stop(self) -> None:
        """Stop Pagefind if it runs (its half-made index is discarded) and wait for the thread."""
        with self._cond:
            self._stopping = True
            self._cond.notify()
            proc = self._proc
        if proc is not None:
            proc.terminate()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _started(self, proc: subprocess.Popen) -> None:
        with self._cond:
            self._proc = proc
            stopping = self._stopping
        if stopping:
            proc.terminate()

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._wanted is None and not self._stopping:
                    self._cond.wait()
                if self._stopping:
                    return
                cfg, self._wanted = self._wanted, None
            start = time.perf_counter()
            try:
                said = index_site(self.out, cfg, self._started)
            except OSError as exc:  # the output folder replaced meanwhile: the next run makes it again
                said = f"search index not updated: {exc}"
            with self._cond:
                self._proc = None
                if self._stopping:
                    return
            self.log(f"search: {said} ({time.perf_counter() - start:.1f} s)")
