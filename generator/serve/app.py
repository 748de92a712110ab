"""`serve` wired together: bind, watch, build, serve, then rebuild on every burst of
changes and tell open pages. Each part lives in its own module; this one decides what
the terminal and the browser hear about a build."""
from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from ..model import ERROR
from .broker import Broker
from .builder import Outcome, SiteBuilder, shown
from .handler import SiteServer, bind
from .outdir import OutputLock, claim
from .rebuild import Rebuilder
from .watch import Watcher


@dataclass(frozen=True)
class ServeOptions:
    content: Path
    config: Path | None = None
    out: Path | None = None  # None: a temporary folder of this site's own (see outdir)
    host: str = "127.0.0.1"
    port: int = 8000
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False
    poll: bool = False
    search: bool = False  # rebuild the Pagefind index after every change (slow)
    quiet: float = 0.05  # debounce: build once changes have stopped for this long...
    max_wait: float = 1.0  # ...or this long after the first one


def _log(message: str) -> None:
    print(message, flush=True)


class DevServer:
    def __init__(self, options: ServeOptions, log: Callable[[str], None] = _log,
                 native: type[BaseObserver] = Observer):
        self.options, self.log = options, log
        self.broker = Broker()
        self.root = options.out.resolve() if options.out else Path()
        self.base_path = "/"
        self.builder = SiteBuilder(options.content, options.config, self.root, options.base_url,
                                   options.drafts, options.strict, options.search)
        self.build: Callable[[], Outcome] = self.builder.build  # the one rebuild call; tests may wrap it
        self.rebuilder = Rebuilder(self._rebuild, options.quiet, options.max_wait, self._settle)
        self.watcher = Watcher(self.rebuilder.changed, options.poll, native)
        self.server: SiteServer | None = None
        self._lock: OutputLock | None = None
        self._serving: threading.Thread | None = None
        self._stopped = threading.Event()

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        name = {"0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(str(host), f"[{host}]" if ":" in str(host) else host)
        return f"http://{name}:{port}{self.base_path}"

    def start(self) -> None:
        """Bind first (a busy port fails fast), watch before building (no edit is missed), build,
        then serve. Raises OSError or WatchError when it cannot do one of them."""
        if self.options.out is None:
            config = self.options.config.resolve() if self.options.config else None
            self._lock = claim(f"{self.options.content.resolve()}\0{config}")
            self.root = self.builder.out = self._lock.site
        self.server = bind(self.options.host, self.options.port, self)
        if self.options.port and self.server.server_address[1] != self.options.port:
            self.log(f"port {self.options.port} is in use; using {self.server.server_address[1]}")
        self.builder.configure()
        self.watcher.start(*self.builder.watch_targets(), self._written())
        targets = self.watcher.targets
        self.log(f"watching {len(targets)} paths{' by polling' if self.watcher.polling else ''}: "
                 + ", ".join(map(shown, targets)))
        if self.watcher.fallback_reason:
            self.log(f"(file system notifications failed: {self.watcher.fallback_reason}; polling instead)")
        if not self.options.search:
            self.log("search index: not built while serving (--search rebuilds it after every change)")
        self.builder.watched = True  # from here on every change reaches the builder (_rebuild)
        self._finish(self.build(), None)
        self._settle()
        self.rebuilder.start()
        self._serving = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1},
                                         name="newsdigest-http", daemon=True)
        self._serving.start()
        self.log(f"serving {self.url} from {shown(self.root)} (Ctrl-C to stop)")

    def wait(self) -> None:
        """Block until shutdown(); Ctrl-C interrupts it."""
        self._stopped.wait()

    def shutdown(self) -> None:
        """Stop watching, let a running build finish briefly, end the event streams, close the socket."""
        self.watcher.stop()
        if not self.rebuilder.stop(timeout=0.5):
            self.log("a build was still running; it is abandoned (the last good site stays in place)")
        else:
            try:
                self.builder.memos.save()  # the last build's cache and manifest, if it had no time to
            except OSError as exc:
                self.log(f"warning: could not save the build cache: {exc}")
        self.broker.close()
        if self.server is not None:
            if self._serving is not None:
                self.server.shutdown()
            self.server.server_close()
        if self._lock is not None:
            self._lock.release()
        self._stopped.set()

    def _written(self) -> list[Path]:
        cfg = self.builder.cfg
        return [self.root, *([cfg.cache_dir.resolve()] if cfg and cfg.cache_dir else [])]

    def _rebuild(self, changed: frozenset[str]) -> None:
        names = sorted(shown(Path(p)) for p in changed)
        self.log(f"changed: {', '.join(names[:3])}" + (f" and {len(names) - 3} more" if len(names) > 3 else ""))
        self.builder.changed(changed)
        self._finish(self.build(), changed)

    def _settle(self) -> None:
        """After a build's reload: the builder's housekeeping, and a rebuild for any change
        its full check of content/ found that no event reported."""
        missed = [p for p in self.builder.settle(self.rebuilder.waiting) if self.watcher.relevant(p)]
        if missed:
            self.rebuilder.changed(missed)

    def _finish(self, outcome: Outcome, changed: frozenset[str] | None) -> None:
        """Report a build in the terminal and to open pages; `changed` is None for the first one."""
        self.base_path = self.builder.base_path
        try:
            self.watcher.update(*self.builder.watch_targets(), self._written())
        except OSError as exc:
            self.log(f"warning: cannot watch {exc.filename or 'a new path'}: {exc.strerror or exc}")
        if outcome.error is not None:
            self.log(f"build failed after {outcome.seconds:.2f} s: {outcome.error}")
            if outcome.error.excerpt:
                self.log(outcome.error.excerpt)
            self.broker.fail(outcome.error)
            return
        assert outcome.report is not None
        for d in outcome.report.diagnostics:
            if d.severity == ERROR:
                print(d, file=sys.stderr, flush=True)
        self.log(f"built: {outcome.report.summary()}")
        recovering = self.broker.error is not None
        if changed is not None and (outcome.changed or recovering):
            only_css = not recovering and all(p.endswith(".css") for p in changed)
            self.broker.publish("css" if only_css else "reload")
