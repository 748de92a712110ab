"""A real `serve` for tests: a small site on disk, a DevServer on an ephemeral port,
a plain HTTP client that does not follow redirects, and an SSE client on its own thread."""
from __future__ import annotations

import http.client
import json
import queue
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import pytest
from conftest import article_front, write_article

from generator.serve import DevServer, ServeOptions

BASE = "/news/"


@dataclass
class Site:
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def config(self) -> Path:
        return self.root / "site.toml"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def static(self) -> Path:
        return self.root / "static"

    @property
    def out(self) -> Path:
        """Beside the site folder, like serve's default temporary folder: a build's own renames
        next to its output would otherwise reach the watch on site.toml's folder, where an
        unpaired move holds watchdog's event queue for 0.5 s."""
        return self.root.parent / "out"

    def article(self, slug: str, title: str, day: int = 1) -> Path:
        """Write (or rewrite) content/_news/2024-03-DD-slug.md; its page is /news/2024/03/DD/slug/."""
        return write_article(self.content / "_news", f"2024-03-{day:02d}-{slug}.md",
                             article_front(title, date=f"2024-03-{day:02d}T10:00:00Z", topics="[AI]"),
                             "Body text.\n")


def make_site(root: Path, articles: int = 3) -> Site:
    root.mkdir(parents=True, exist_ok=True)
    site = Site(root)
    for i in range(articles):
        site.article(f"story-{i}", f"Story number {i}", day=i + 1)
    site.config.write_text('title = "Serve test"\nbase_url = "https://example.org/news/"\n')
    site.templates.mkdir()
    site.static.mkdir()
    return site


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Running:
    server: DevServer
    site: Site
    log: list[str] = field(default_factory=list)

    @property
    def port(self) -> int:
        assert self.server.server is not None
        return self.server.server.server_address[1]

    def fetch(self, path: str, method: str = "GET", accept: str = "text/html") -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            conn.putheader("Accept", accept)
            conn.endheaders()
            resp = conn.getresponse()
            return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
        finally:
            conn.close()

    def events(self) -> EventClient:
        return EventClient(self.port)


class EventClient:
    """Reads /__livereload on a thread; events land in a queue as (name, data)."""

    def __init__(self, port: int):
        self.queue: queue.Queue[tuple[str, str]] = queue.Queue()
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.conn.request("GET", "/__livereload")
        self.response = self.conn.getresponse()
        assert self.response.getheader("Content-Type", "").startswith("text/event-stream")
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()
        self.hello = self.expect("hello")  # the generation of the site as served now

    def _read(self) -> None:
        name, data = "message", []
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\n")
                if not line:
                    if data:
                        self.queue.put((name, "\n".join(data)))
                    name, data = "message", []
                elif line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    data.append(line[6:])
        except (OSError, ValueError):
            pass
        self.queue.put(("closed", ""))

    def next(self, timeout: float) -> tuple[str, str]:
        try:
            return self.queue.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no event within {timeout} s") from None

    def expect(self, name: str, timeout: float = 5) -> str:
        event, data = self.next(timeout)
        assert event == name, (event, data)
        return data

    def error(self, timeout: float = 5) -> dict:
        return json.loads(self.expect("builderror", timeout))

    def quiet_for(self, seconds: float) -> list[tuple[str, str]]:
        """Every event within `seconds` (expected: none)."""
        end, seen = time.monotonic() + seconds, []
        while (left := end - time.monotonic()) > 0:
            try:
                seen.append(self.queue.get(timeout=left))
            except queue.Empty:
                break
        return seen

    def close(self) -> None:
        self.conn.close()


@contextmanager
def running(site: Site, prepare: Callable[[DevServer], None] | None = None,
            **options: object) -> Iterator[Running]:
    """A started DevServer on an ephemeral port; `prepare` adjusts it before it starts."""
    opts = ServeOptions(content=site.content, config=site.config, out=site.out, port=0,
                        **options)  # type: ignore[arg-type]
    run = Running(DevServer(opts), site)
    run.server.log = run.log.append
    if prepare:
        prepare(run.server)
    run.server.start()
    try:
        yield run
    finally:
        run.server.shutdown()


def wait_for(predicate: Callable[[], bool], timeout: float = 5) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path / "site")


@pytest.fixture
def live(site: Site) -> Iterator[Running]:
    with running(site) as run:
        yield run
