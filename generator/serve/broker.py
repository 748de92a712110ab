"""Fan build news out to every open page's event stream (Server-Sent Events).

Each change the browser should see bumps the generation; pages carry the generation
they were served at, so a page that connects late still learns it is stale."""
from __future__ import annotations

import queue
import secrets
import threading
from typing import TypeAlias

from .client import BuildError

Stream: TypeAlias = "queue.Queue[bytes | None]"  # None ends the stream


def _message(event: str, data: str) -> bytes:
    lines = "".join(f"data: {line}\n" for line in data.splitlines() or [""])
    return f"event: {event}\n{lines}\n".encode()


class Broker:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._streams: set[Stream] = set()
        self._session = secrets.token_hex(4)  # a restarted server never matches an old page
        self._count = 0
        self.error: BuildError | None = None
        self.closed = False

    @property
    def generation(self) -> str:
        return f"{self._session}.{self._count}"

    def subscribe(self) -> Stream:
        stream: Stream = queue.Queue()
        with self._lock:
            if self.closed:
                stream.put(None)
                return stream
            stream.put(_message("hello", self.generation))
            if self.error is not None:
                stream.put(_message("builderror", self.error.to_json()))
            self._streams.add(stream)
        return stream

    def unsubscribe(self, stream: Stream) -> None:
        with self._lock:
            self._streams.discard(stream)

    def clients(self) -> int:
        with self._lock:
            return len(self._streams)

    def publish(self, event: str) -> None:
        """A good build: "reload", or "css" when only stylesheets changed."""
        self._send(event, None)

    def fail(self, error: BuildError) -> None:
        self._send("builderror", error)

    def _send(self, event: str, error: BuildError | None) -> None:
        with self._lock:
            self._count += 1
            self.error = error
            data = error.to_json() if error else self.generation
            for stream in self._streams:
                stream.put(_message(event, data))

    def close(self) -> None:
        """End every stream so their handler threads return."""
        with self._lock:
            self.closed = True
            for stream in self._streams:
                stream.put(None)
            self._streams.clear()
