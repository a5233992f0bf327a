"""Progress reports: one small object for uploads, downloads and server-side operations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    """``done`` bytes (or percent, for server stages) out of ``total`` (None when unknown)."""

    done: int
    total: int | None
    stage: str


ProgressCallback = Callable[[Progress], object]


class Meter:
    """Counts bytes through one transfer and reports each step to the callback."""

    def __init__(self, callback: ProgressCallback | None, total: int | None, stage: str) -> None:
        self.callback = callback
        self.total = total
        self.stage = stage
        self.done = 0

    def add(self, n: int) -> None:
        self.done += n
        if self.callback is not None:
            self.callback(Progress(self.done, self.total, self.stage))

    def start(self) -> None:
        if self.callback is not None:
            self.callback(Progress(0, self.total, self.stage))
