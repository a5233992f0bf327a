"""Progress reports: one small object for uploads, downloads and server-side operations."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


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


_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([KMGT]?i?B)\b")
_UNITS = {
    "B": 1,
    "KB": 10**3,
    "MB": 10**6,
    "GB": 10**9,
    "TB": 10**12,
    "KiB": 2**10,
    "MiB": 2**20,
    "GiB": 2**30,
    "TiB": 2**40,
}


def from_operation(op: Mapping[str, Any]) -> Progress | None:
    """The server's progress for a running operation (its ``*_progress`` metadata text, or the
    structured ``progress`` newer LXD sends), as a :class:`Progress`."""
    meta = op.get("metadata")
    if not isinstance(meta, Mapping):
        return None
    structured = meta.get("progress")
    if isinstance(structured, Mapping) and "percent" in structured:
        return Progress(int(structured.get("percent") or 0), 100, str(structured.get("stage", "")))
    for key, value in meta.items():
        if not (isinstance(key, str) and key.endswith("_progress") and isinstance(value, str)):
            continue
        stage = key[: -len("_progress")]
        if m := _PERCENT.search(value):
            return Progress(int(float(m.group(1))), 100, stage)
        if m := _SIZE.search(value):
            return Progress(int(float(m.group(1)) * _UNITS.get(m.group(2), 1)), None, stage)
    return None
