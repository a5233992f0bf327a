"""Concurrency for the blocking face (hand-written; ``_async/face.py`` is its asyncio twin).

The same three calls as the asyncio face, with threads.
"""

from __future__ import annotations

import inspect
import queue
import threading
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from websockets.sync.client import ClientConnection

    from .._http import FileBody, Framing
    from .http11 import Piece
    from .netio import Stream

    # A websocket that is only read (exec output): the connection itself, which reads in a
    # thread of its own already (the asyncio face gets the same from an OutputReader).
    OutputReader = ClientConnection


def drain(
    stream: Stream,
    framing: Framing,
    length: int,
    timeout: float | None,
    consume: Callable[[Piece], None],
    count: Callable[[int], None],
) -> None:
    """Read a reply's body to its end (``http11.drain``; the asyncio face may use a thread)."""
    from . import http11  # which imports this module

    http11.drain(stream, framing, length, timeout, consume, count)


def send_file(stream: Stream, body: FileBody, timeout: float | None) -> None:
    """Send a file body (``http11.send_file``; the asyncio face may use a thread)."""
    from . import http11  # which imports this module

    http11.send_file(stream, body, timeout)


class Task:
    """A unit of concurrent work started by :func:`start`, on a daemon thread."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(fn, args), daemon=True)
        self._thread.start()

    def _run(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        try:
            fn(*args)
        except BaseException as exc:  # handed to join()
            self._error = exc

    def join(self, timeout: float | None = None) -> None:
        """Wait for the work to end (re-raising its error); ``TimeoutError`` after ``timeout``."""
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise TimeoutError
        if self._error is not None:
            raise self._error

    def done(self) -> bool:
        return not self._thread.is_alive()

    def cancel(self) -> None:
        """Threads cannot be stopped: the caller closes what the work is blocked on."""


def start(fn: Callable[..., Any], *args: Any) -> Task:
    return Task(fn, *args)


def run_blocking(fn: Callable[..., Any], *args: Any) -> Any:
    return fn(*args)


class Queue:
    """An unbounded queue between a producer thread and a consumer."""

    def __init__(self) -> None:
        self._queue: queue.Queue[Any] = queue.Queue()

    def put(self, item: Any) -> None:
        self._queue.put_nowait(item)

    def get(self, timeout: float | None = None) -> Any:
        """The next item; ``TimeoutError`` if none came within ``timeout`` seconds."""
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError from None


def recv(ws: ClientConnection, timeout: float | None) -> bytes | str:
    """One websocket message; ``TimeoutError`` if none came within ``timeout`` seconds."""
    return ws.recv(timeout)


@cache
def legacy_flag() -> dict[str, bool]:
    """``legacy=True`` for the sync client's ``connect`` where it has the flag (websockets
    17.1 and later warn without it); earlier versions return a connection anyway, and would
    hand the unknown flag on to the socket."""
    from websockets.sync.client import connect

    return {"legacy": True} if "legacy" in inspect.signature(connect).parameters else {}


@cache
def websocket_connection_class() -> type:
    """The sync websocket client, with two mends (built on first use: websockets loads only
    then).

    It keeps the last messages of a peer that hangs up at once. LXD sends its last message and
    a close frame, then drops the TCP connection. The library answers the close frame before
    handing over the frames it read with it; when that answer fails (the socket is gone) it
    drops them, losing the last message. Failing to answer a close is harmless: the peer has
    left.

    Its reading thread starts reading once the handshake request is sent. Before websockets
    17 (the last for Python 3.10 is 16), that thread blocks in a TLS read at once, while the
    opening thread writes the request on the same TLS connection. OpenSSL does not allow
    both at once: about one exec in 150 over https:// lost a websocket's request or reply (a
    timed-out handshake, or HTTP 400 from the server).
    """
    from websockets.protocol import State
    from websockets.sync.client import ClientConnection

    class WebSocketConnection(ClientConnection):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.request_sent = threading.Event()  # before the base class starts the thread
            super().__init__(*args, **kwargs)

        def send_data(self) -> None:
            try:
                super().send_data()
            except OSError:
                if self.protocol.state is State.OPEN:
                    raise
            finally:
                # The first send is the handshake request. The reading thread calls this after
                # every receive too: the flag is read before the event's lock is taken.
                if not self.request_sent.is_set():
                    self.request_sent.set()

        def recv_events(self) -> None:
            self.request_sent.wait()
            super().recv_events()

        def close_socket(self) -> None:
            self.request_sent.set()  # a handshake that failed before sending
            super().close_socket()

    return WebSocketConnection


def open_output(uri: str, options: dict[str, Any]) -> ClientConnection:
    """Connect a websocket that is only read (the asyncio face's twin reads it in a thread)."""
    from websockets.sync.client import connect

    # The options name the connection class, and legacy=True where it is needed.
    return cast("ClientConnection", connect(uri, **options))
