"""Concurrency for the asyncio face (hand-written; ``_sync/face.py`` is its blocking twin).

Exec reads and writes several websockets at once: here with tasks, there with threads, behind
the same three calls. Everything else is generated from the async source.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from websockets.asyncio.client import ClientConnection


class Task:
    """A unit of concurrent work started by :func:`start`."""

    def __init__(self, fn: Callable[..., Awaitable[Any]], *args: Any) -> None:
        self._task = asyncio.ensure_future(fn(*args))

    async def join(self, timeout: float | None = None) -> None:
        """Wait for the work to end (re-raising its error); ``TimeoutError`` after ``timeout``."""
        try:
            await asyncio.wait_for(asyncio.shield(self._task), timeout)
        except asyncio.TimeoutError:
            raise TimeoutError from None

    def done(self) -> bool:
        return self._task.done()

    def cancel(self) -> None:
        """Stop the work if it is still running (a thread cannot be stopped: the caller closes
        what the work is blocked on)."""
        self._task.cancel()


def start(fn: Callable[..., Awaitable[Any]], *args: Any) -> Task:
    return Task(fn, *args)


async def run_blocking(fn: Callable[..., Any], *args: Any) -> Any:
    """Run a blocking call (file I/O) without stalling the event loop."""
    return await asyncio.to_thread(fn, *args)


class Queue:
    """An unbounded queue between a producer task and a consumer."""

    def __init__(self) -> None:
        self._queue: asyncio.Queue[Any] = asyncio.Queue()

    def put(self, item: Any) -> None:
        self._queue.put_nowait(item)

    async def get(self, timeout: float | None = None) -> Any:
        """The next item; ``TimeoutError`` if none came within ``timeout`` seconds."""
        try:
            return await asyncio.wait_for(self._queue.get(), timeout)
        except asyncio.TimeoutError:
            raise TimeoutError from None


async def recv(ws: ClientConnection, timeout: float | None) -> bytes | str:
    """One websocket message; ``TimeoutError`` if none came within ``timeout`` seconds."""
    try:
        return await asyncio.wait_for(ws.recv(), timeout)
    except asyncio.TimeoutError:
        raise TimeoutError from None
