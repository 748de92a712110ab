"""Progress on a terminal: one line per stage, redrawn in place; silent elsewhere."""
from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """`update(stage, done, total)`; draws at most ten times a second, only on a TTY."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._last = 0.0
        self._shown = False

    def update(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        self.stream.write(f"\r\x1b[K{stage}: {done:,}/{total:,}")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        """Clear the line; the next update draws a new one (a long-lived process builds again)."""
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False


SILENT = Progress(enabled=False)
