"""The HTTP side of `serve`: the built site under its base path, the live-reload event
stream, and the error page while the last build is broken. Responses are never
cached (the site changes under the browser) and HTML gets the reload script here,
on the way out, so the files on disk stay exactly what `build` makes."""
from __future__ import annotations

import errno
import queue
import shutil
import socket
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from .broker import Broker
from .client import EVENTS_PATH, error_page, inject
from .files import Found, Missing, Redirect, content_type, locate

KEEPALIVE_SECONDS = 15  # a comment on an idle stream notices clients that went away


class Live(Protocol):
    """What a request needs to know about the site; it changes with every build."""

    root: Path
    base_path: str
    broker: Broker


class Handler(BaseHTTPRequestHandler):
    server: SiteServer
    server_version = "newsdigest-serve"

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal is for build results."""

    def _answer(self, with_body: bool) -> None:
        live = self.server.live
        url = urlsplit(self.path)
        if url.path == EVENTS_PATH:
            return self._events(live.broker, with_body)
        found = locate(live.root, live.base_path, url.path, url.query)
        if isinstance(found, Redirect):
            return self._send(HTTPStatus.FOUND, "text/plain; charset=utf-8", b"", with_body, found.location)
        # the generation before the file: a build finishing in between costs a reload, never a missed one
        error, generation = live.broker.error, live.broker.generation
        if isinstance(found, Found) and found.file.suffix != ".html":
            return self._send_file(found.file, with_body)
        wants_html = isinstance(found, Found) or "text/html" in self.headers.get("Accept", "")
        if error is not None and wants_html and not (isinstance(found, Missing) and found.bad):
            return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/html; charset=utf-8",
                              error_page(error, generation), with_body)
        if isinstance(found, Found):
            try:
                page = found.file.read_bytes()
            except OSError:  # removed by a build since it was located
                found = Missing()
            else:
                return self._send(HTTPStatus.OK, "text/html; charset=utf-8", inject(page, generation), with_body)
        self._not_found(live.root, found.bad, generation, with_body)

    def _not_found(self, root: Path, bad: bool, generation: str, with_body: bool) -> None:
        status = HTTPStatus.BAD_REQUEST if bad else HTTPStatus.NOT_FOUND
        try:
            page = (root / "404.html").read_bytes()
        except OSError:
            return self._send(status, "text/plain; charset=utf-8", f"{status.value} {status.phrase}\n".encode(),
                              with_body)
        self._send(status, "text/html; charset=utf-8", inject(page, generation), with_body)

    def _headers(self, status: int, ctype: str, length: int | None, location: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Cache-Control", "no-store")
        if length is not None:
            self.send_header("Content-Length", str(length))
        if location:
            self.send_header("Location", location)
        self.end_headers()

    def _send(self, status: int, ctype: str, data: bytes, with_body: bool, location: str = "") -> None:
        self._headers(status, ctype, len(data), location)
        if with_body:
            self.wfile.write(data)

    def _send_file(self, path: Path, with_body: bool) -> None:
        try:
            f = path.open("rb")
        except OSError:
            return self._not_found(self.server.live.root, False, self.server.live.broker.generation, with_body)
        with f:
            self._headers(HTTPStatus.OK, content_type(path), f.seek(0, 2))
            if with_body:
                f.seek(0)
                shutil.copyfileobj(f, self.wfile)

    def _events(self, broker: Broker, with_body: bool) -> None:
        """Server-Sent Events until the client leaves or the server stops."""
        self.close_connection = True
        self._headers(HTTPStatus.OK, "text/event-stream; charset=utf-8", None)
        if not with_body:
            return
        stream = broker.subscribe()
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while True:
                try:
                    message = stream.get(timeout=KEEPALIVE_SECONDS)
                except queue.Empty:
                    message = b": keep-alive\n\n"
                if message is None:
                    break
                self.wfile.write(message)
        except OSError:  # the page was closed or reloaded
            pass
        finally:
            broker.unsubscribe(stream)


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream must not keep the process alive

    def __init__(self, address: tuple[str, int], live: Live):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.live = live
        super().__init__(address, Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up mid-response is normal for a browser; anything else is printed."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def bind(host: str, port: int, live: Live, tries: int = 10) -> SiteServer:
    """Listen on `port`, or the next free one of `tries` when it is busy; port 0 = any free port."""
    for candidate in range(port, port + tries) if port else [0]:
        try:
            return SiteServer((host, candidate), live)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise OSError(f"cannot listen on {host}:{candidate}: {exc.strerror or exc}") from None
    raise OSError(f"ports {port}-{port + tries - 1} on {host} are all in use; pick another with --port")
