"""`serve` wired together: bind, watch, build, serve, then rebuild on every burst of
changes and tell open pages. Each part lives in its own module; this one decides what
the terminal and the browser hear about a build."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from ..progress import Progress
from .broker import Broker
from .builder import Outcome, SiteBuilder, shown
from .handler import SiteServer, bind
from .loop import RebuildLoop, _log
from .outdir import OutputLock, claim


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


class DevServer(RebuildLoop):
    def __init__(self, options: ServeOptions, log: Callable[[str], None] = _log,
                 native: type[BaseObserver] = Observer):
        self.options = options
        self.broker = Broker()
        self.root = options.out.resolve() if options.out else Path()
        self.base_path = "/"
        super().__init__(SiteBuilder(options.content, options.config, self.root, options.base_url,
                                     options.drafts, options.strict, options.search, progress=Progress()),
                         options.poll, options.quiet, options.max_wait, log, native)
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
        self.watch()
        if not self.options.search:
            self.log("search index: not built while serving (--search rebuilds it after every change)")
        self.first_build()
        self._serving = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1},
                                         name="newsdigest-http", daemon=True)
        self._serving.start()
        self.log(f"serving {self.url} from {shown(self.root)} (Ctrl-C to stop)")

    def wait(self) -> None:
        """Block until shutdown(); Ctrl-C interrupts it."""
        self._stopped.wait()

    def shutdown(self) -> None:
        """Stop watching, let a running build finish briefly, end the event streams, close the socket."""
        self.stop_watching()
        self.broker.close()
        if self.server is not None:
            if self._serving is not None:
                self.server.shutdown()
            self.server.server_close()
        if self._lock is not None:
            self._lock.release()
        self._stopped.set()

    def announce(self, outcome: Outcome, changed: frozenset[str] | None) -> None:
        """Tell open pages: the error, or a reload (only the styles when only CSS changed)."""
        self.base_path = self.builder.base_path
        if outcome.error is not None:
            self.broker.fail(outcome.error)
            return
        recovering = self.broker.error is not None
        if changed is not None and (outcome.changed or recovering):
            only_css = not recovering and all(p.endswith(".css") for p in changed)
            self.broker.publish("css" if only_css else "reload")
