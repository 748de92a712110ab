"""Pagefind's Python API (`pagefind.index.PagefindIndex`) over a backing service that reads
its answers as they come. The package's own service sleeps 0.1 s before reading each
answer, so feeding it a page costs 0.1 s: 20 minutes for a 10,000-article site. The
protocol is the package's (base64 JSON messages, each ended by a comma); only the reading
loop differs, and it fails every waiting request when Pagefind exits, so none hangs."""
from __future__ import annotations

import asyncio
import base64
import json
import os
import signal
from typing import Any

from pagefind.service import PagefindService

ANSWER_LIMIT = 2**30  # a shard's files come back in one answer: 2 MB at 500 pages, more at 100,000 articles


class Service(PagefindService):
    async def launch(self) -> "Service":
        """As the package's, reading answers of up to ANSWER_LIMIT bytes (its 2 MiB would fail
        a shard's files)."""
        await super().launch()
        self._backend.stdout._limit = ANSWER_LIMIT  # type: ignore[union-attr]
        return self

    async def send(self, payload: Any) -> Any:
        """As the package's, without its debug lines: those are f-strings that format the
        whole request, a page's HTML, twice per page whether or not debug logging is on
        (0.4 s of CPU for 3,900 pages). A request to a Pagefind that has stopped fails
        unwritten: asyncio warns of every write to a closed pipe from the fifth on, and
        `build --watch` stopped mid-index printed those on its terminal."""
        if self._backend.stdin is None:
            await self.launch()
        assert self._backend.stdin is not None
        if self._backend.stdin.is_closing() or self._backend.returncode is not None:
            raise RuntimeError("pagefind stopped")
        self._message_id += 1
        future = self._loop.create_future()
        self._responses[self._message_id] = future
        request = {"message_id": self._message_id, "payload": payload}
        self._backend.stdin.write(base64.b64encode(json.dumps(request).encode("utf-8")) + b",")
        await self._backend.stdin.drain()
        return await future

    async def _wait_for_responses(self) -> None:
        stdout = self._backend.stdout
        assert stdout is not None
        try:
            while True:
                answer = await stdout.readuntil(b",")
                try:
                    message = json.loads(base64.b64decode(answer[:-1]))
                except ValueError:  # a stray line on its output: not an answer
                    continue
                waiting = self._responses.pop(message.get("message_id"), None) if isinstance(message, dict) else None
                if waiting is None or waiting.done():
                    continue
                payload: Any = message.get("payload") or {}
                if payload.get("type") == "Error":
                    _fail(waiting, RuntimeError(payload.get("message") or "pagefind failed"))
                else:
                    waiting.set_result(payload)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError) as exc:
            for waiting in self._responses.values():
                if not waiting.done():
                    _fail(waiting, RuntimeError(f"pagefind stopped ({type(exc).__name__})"))
            self._responses.clear()

    async def close(self) -> None:
        """As the package's, but the process is stopped with a signal: its `terminate()`
        polls the process first, and when Pagefind has exited already (`build --watch`
        stops it on exit) that poll reaps it before asyncio's child watcher can, which then
        prints "Unknown child process pid …" on the terminal."""
        try:
            await asyncio.wait_for(asyncio.gather(*self._responses.values(), return_exceptions=True), timeout=5)
        except asyncio.TimeoutError:
            pass
        self._poll_task.cancel()
        stop(self._backend)
        await self._backend.wait()


def stop(process: Any) -> None:
    """SIGTERM to an asyncio subprocess that has not been seen to exit, from any thread."""
    if process.returncode is None:
        try:
            os.kill(process.pid, signal.SIGTERM)
        except OSError:  # it has exited already
            pass


def _fail(waiting: asyncio.Future, exc: BaseException) -> None:
    """Fail a request; whoever awaits it still gets `exc`. Marked as seen here: of requests
    gathered together only the first failure reaches the caller, and asyncio would print
    the others as "Future exception was never retrieved" (on the terminal of `build
    --watch` when it stops Pagefind)."""
    waiting.set_exception(exc)
    waiting.exception()
