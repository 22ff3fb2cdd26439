"""Progress bars for long work, on stderr, and silent unless stderr is a terminal.

A bar redraws at most ten times a second; `write` prints a message line above it, so
per-document messages and the bar can share the terminal.
"""
from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 28


class Progress:
    def __init__(self, total: int | None, label: str, unit: str = "", stream: TextIO | None = None,
                 enabled: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _is_terminal(self.stream) if enabled is None else enabled
        self.total = total
        self.label = label
        self.unit = unit
        self.done = 0
        self.start = time.monotonic()
        self._drawn = 0.0
        self._shown = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def update(self, n: int = 1) -> None:
        self.done += n
        if self.enabled and (time.monotonic() - self._drawn > 0.1 or self.done == self.total):
            self._draw()

    def write(self, line: str) -> None:
        """Print a message line without breaking the bar."""
        if self.enabled and self._shown:
            self.stream.write("\r\x1b[2K")
        self.stream.write(line + "\n")
        if self.enabled and self._shown:
            self._draw()
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._shown = False

    def render(self) -> str:
        elapsed = time.monotonic() - self.start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        unit = f" {self.unit}" if self.unit else ""
        if self.total:
            filled = int(WIDTH * min(self.done, self.total) / self.total)
            eta = (self.total - self.done) / rate if rate > 0 else 0.0
            return (f"{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {self.done}/{self.total}{unit} "
                    f"{elapsed:.0f}s elapsed, ~{eta:.0f}s left")
        return f"{self.label} {self.done}{unit} {elapsed:.0f}s elapsed ({rate:.1f}/s)"

    def _draw(self) -> None:
        self._drawn = time.monotonic()
        self._shown = True
        self.stream.write("\r\x1b[2K" + self.render())
        self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
