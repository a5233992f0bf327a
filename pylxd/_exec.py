"""Exec's pure parts: request bodies, control messages, output collection, stdin chunking."""

from __future__ import annotations

import codecs
import json
import signal as _signal
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

CHUNK = 1 << 20  # stdin frames; also the read size for files given as stdin
TERM_GRACE = 5.0  # seconds between SIGTERM and SIGKILL on an exec timeout
DRAIN_GRACE = 10.0  # seconds to finish reading output once the command ended


class ExecuteResult(NamedTuple):
    """What ``execute()`` returns, as pylxd: ``(exit_code, stdout, stderr)``."""

    exit_code: int
    stdout: Any  # str when decoding, bytes otherwise; empty when a handler took the stream
    stderr: Any


def check_command(commands: object) -> list[str]:
    if isinstance(commands, (str, bytes)) or not isinstance(commands, Sequence):
        raise TypeError("commands must be a list of strings, e.g. ['ls', '-l']")
    if not commands:
        raise ValueError("commands must not be empty")
    for part in commands:
        if not isinstance(part, str):
            raise TypeError(f"commands must hold strings, not {type(part).__name__}")
        if "\x00" in part:
            raise ValueError(f"command argument {part!r} must not contain NUL")
    return list(commands)


def exec_body(
    commands: object,
    environment: Mapping[str, str] | None,
    user: int | None,
    group: int | None,
    cwd: str | None,
    *,
    interactive: bool,
    width: int | None = None,
    height: int | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "command": check_command(commands),
        "environment": dict(environment or {}),
        "wait-for-websocket": True,
        "interactive": interactive,
    }
    if interactive:
        body["width"], body["height"] = width or 80, height or 24
    if user is not None:
        body["user"] = user
    if group is not None:
        body["group"] = group
    if cwd is not None:
        body["cwd"] = cwd
    return body


def resize_message(width: int, height: int) -> str:
    # The server wants the sizes as strings (PROTOCOL.md 2.6).
    return json.dumps(
        {"command": "window-resize", "args": {"width": str(width), "height": str(height)}}
    )


def signal_message(signum: int) -> str:
    return json.dumps({"command": "signal", "signal": int(signum)})


SIGTERM = int(_signal.SIGTERM)
SIGKILL = int(_signal.SIGKILL)


class Output:
    """One output stream: collected into a value, or decoded chunk by chunk to a handler."""

    def __init__(
        self, handler: Callable[[Any], Any] | None, decode: bool, encoding: str | None
    ) -> None:
        self.handler = handler
        self.decode = decode
        self._decoder = codecs.getincrementaldecoder(encoding or "utf-8")(errors="replace")
        self._chunks: list[bytes] = []
        self.broken: str | None = None  # why the stream ended early, if it did

    def convert(self, data: bytes, final: bool = False) -> Any:
        return self._decoder.decode(data, final) if self.decode else data

    def collect(self, data: bytes) -> None:
        self._chunks.append(data)

    def value(self) -> Any:
        if self.handler is not None:
            return "" if self.decode else b""
        data = b"".join(self._chunks)
        return self.convert(data, final=True)
