"""Concurrency for the asyncio face (hand-written; ``_sync/face.py`` is its blocking twin).

Exec reads and writes several websockets at once: here with tasks, there with threads, behind
the same three calls. Exec output and large downloads are read by threads here too (see
``OutputReader`` and ``drain``). Everything else is generated from the async source.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import select
import ssl
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from .._progress import Meter

if TYPE_CHECKING:
    from websockets.asyncio.client import ClientConnection

    from .._http import FileBody, Framing
    from .http11 import Piece
    from .netio import Stream


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


# A body this large or of unknown size, over a plain socket, is read by a thread (drain).
_THREAD_BODY = 1 << 20


async def drain(
    stream: Stream,
    framing: Framing,
    length: int,
    timeout: float | None,
    consume: Callable[[Piece], None],
    count: Callable[[int], None],
) -> None:
    """Read a reply's body to its end (``http11.drain``). A large body over a plain socket is
    read by a thread of its own with blocking reads, the blocking face's code: a daemon sends
    file data in pieces of 32 to 100 KiB as it reads them, and the loop would take a turn per
    piece (measured on a 100 MiB file get: 2.3x the CPU of http.client in the loop, 1.3x in
    the thread). ``consume`` then runs in that thread, ``count`` on the loop (coalesced)."""
    from . import http11  # which imports this module
    from .netio import SocketStream

    if not isinstance(stream, SocketStream) or 0 <= length <= _THREAD_BODY:
        await http11.drain(stream, framing, length, timeout, consume, count)
        return
    from .._sync import http11 as blocking

    counter = _Counter(count)
    try:
        await stream.lend(
            lambda twin: blocking.drain(twin, framing, length, timeout, consume, counter.add)
        )
    finally:
        counter.flush()


async def send_file(stream: Stream, body: FileBody, timeout: float | None) -> None:
    """Send a file body (``http11.send_file``). A large one over a plain socket is sent by a
    thread of its own with blocking sendfile, the blocking face's code: the loop's sendfile
    waits for room in the socket between pieces of the socket buffer's size, a turn of the
    loop each (measured on a 100 MiB file put: 1.0x the CPU of http.client in the loop, 0.65x
    in the thread). The progress callback still runs on the loop (coalesced)."""
    from . import http11  # which imports this module
    from .netio import SocketStream

    if not isinstance(stream, SocketStream) or body.size <= _THREAD_BODY:
        await http11.send_file(stream, body, timeout)
        return
    from .._http import FileBody
    from .._sync import http11 as blocking

    body.meter.start()
    meter = _LoopMeter(body.meter)
    try:
        lent = FileBody(body.source, body.size, meter)
        await stream.lend(lambda twin: blocking.send_file(twin, lent, timeout))
    finally:
        meter.counter.flush()


class _LoopMeter(Meter):
    """A transfer's meter for a thread: what it counts reaches ``meter`` on the event loop,
    through a :class:`_Counter` (the caller started ``meter`` already)."""

    def __init__(self, meter: Meter) -> None:
        super().__init__(None, meter.total, meter.stage)
        self.counter = _Counter(meter.add)

    def start(self) -> None:
        pass

    def add(self, n: int) -> None:
        self.counter.add(n)


class _Counter:
    """Sizes counted in a thread, reported to ``count`` on the event loop: at most every
    ``EVERY`` seconds while the thread counts (a wake-up of the loop per piece would cost what
    the thread saves), and the rest by ``flush`` at the end."""

    EVERY = 0.05

    def __init__(self, count: Callable[[int], None]) -> None:
        self._count = count
        self._loop = asyncio.get_running_loop()
        self._lock = threading.Lock()
        self._pending = 0
        self._scheduled = False
        self._last = time.monotonic()

    def add(self, n: int) -> None:  # in the thread
        with self._lock:
            self._pending += n
            if self._scheduled or time.monotonic() - self._last < self.EVERY:
                return
            self._scheduled = True
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody listens
            self._loop.call_soon_threadsafe(self.flush)

    def flush(self) -> None:  # on the loop
        with self._lock:
            n, self._pending = self._pending, 0
            self._scheduled = False
            self._last = time.monotonic()
        if n:
            self._count(n)


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


class OutputReader:
    """The messages of a websocket that is only read (exec output), read by the sync
    websocket client in a thread of its own and handed to the event loop in batches.

    Why a thread: the event loop reads a socket only between parsing frames and running the
    consumer, while the server waits for room to write; a thread blocked in ``recv`` drains
    the socket as data comes. Measured on 64 MiB of exec output (thousands of 4 to 64 KiB
    frames from LXD), asyncio's websocket client reached 0.83 to 0.9x the sync client's
    throughput; this reader reaches 0.92 to 1.0x, for 1.25 to 1.3x its CPU.
    """

    # Bytes read ahead of a slow consumer before the thread stops reading.
    READ_AHEAD = 4 << 20
    # While more data waits in the socket, messages are told to the loop once this many bytes
    # have come (a wake-up per message is what a fast command's output would cost).
    TELL_AT = 256 << 10

    def __init__(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._ready = asyncio.Event()
        self._lock = threading.Condition()
        self._messages: deque[bytes] = deque()  # filled by the thread
        self._queued = 0  # bytes in _messages
        self._batch: deque[bytes] = deque()  # taken from _messages, read by the loop
        self._told = False  # the loop has been woken for what is in _messages
        self._ended = False  # the connection's reading thread has ended
        self._closing = False
        self.connection: Any = None  # the sync ClientConnection, once open

    # -- in the connection's thread ------------------------------------------------------
    def put(self, message: bytes, more: bool) -> None:
        """Queue a message; ``more``: data is waiting in the socket already (the loop is told
        later, unless much has come)."""
        with self._lock:
            while self._queued > self.READ_AHEAD and not self._closing:
                self._lock.wait()
            if self._closing:
                return  # nobody reads any more
            self._messages.append(message)
            self._queued += len(message)
            wake = not self._told and (not more or self._queued >= self.TELL_AT)
            self._told = self._told or wake
        if wake:
            self._wake()

    def tell(self) -> None:
        """Wake the loop for any messages it has not been told of (the socket has gone quiet:
        no message may follow soon)."""
        with self._lock:
            wake = bool(self._messages) and not self._told
            self._told = self._told or wake
        if wake:
            self._wake()

    def end(self) -> None:
        with self._lock:
            self._ended = True
        self._wake()

    def _wake(self) -> None:
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody reads
            self._loop.call_soon_threadsafe(self._ready.set)

    # -- in the event loop -----------------------------------------------------------------
    def __aiter__(self) -> OutputReader:
        return self

    async def __anext__(self) -> bytes:
        """The next message; at the end, ``StopAsyncIteration`` after a normal close, else
        the library's ``ConnectionClosedError`` (as the asyncio client does)."""
        while not self._batch:
            with self._lock:
                if self._messages:  # take all that came (one lock per batch, not per message)
                    self._batch, self._messages = self._messages, self._batch
                    self._queued = 0
                    self._told = False
                    self._lock.notify()
                    break
                if self._ended:
                    break
                self._ready.clear()
            await self._ready.wait()
        if self._batch:
            return self._batch.popleft()
        from websockets.exceptions import ConnectionClosedOK

        closed = self.connection.protocol.close_exc
        if isinstance(closed, ConnectionClosedOK):
            raise StopAsyncIteration
        raise closed

    async def close(self) -> None:
        with self._lock:
            self._closing = True
            self._lock.notify()  # a thread waiting for room drops what it reads from now on
        if self.connection is not None:
            await asyncio.to_thread(self.connection.close)


@functools.cache
def _output_connection_class() -> type:
    """The sync face's websocket client, handing each message to its OutputReader."""
    from websockets.frames import DATA_OPCODES, Frame

    from .._sync.face import websocket_connection_class

    class OutputConnection(websocket_connection_class()):  # type: ignore[misc]
        def __init__(self, *args: Any, reader: OutputReader, **kwargs: Any) -> None:
            self.reader = reader  # before the base class starts the reading thread
            self.fragments: list[bytes] = []
            super().__init__(*args, **kwargs)

        def process_event(self, event: Any) -> None:
            if not isinstance(event, Frame) or event.opcode not in DATA_OPCODES:
                super().process_event(event)  # the handshake's reply, pings, pongs, close
                self.reader.tell()
                return
            self.fragments.append(bytes(event.data))  # a no-op for bytes
            if event.fin:
                self.reader.put(b"".join(self.fragments), self._more())
                self.fragments.clear()

        def _more(self) -> bool:
            """Data is waiting in the socket: another message is likely on its way."""
            sock = self.socket
            if isinstance(sock, ssl.SSLSocket) and sock.pending():
                return True
            try:
                return bool(select.select([sock], [], [], 0)[0])
            except (OSError, ValueError):  # closed under us
                return False

        def recv_events(self) -> None:
            try:
                super().recv_events()
            finally:
                self.reader.end()

    return OutputConnection


async def open_output(uri: str, options: dict[str, Any]) -> OutputReader:
    """Connect a websocket that is only read: see :class:`OutputReader`."""
    from websockets.sync.client import connect

    from .._sync.face import legacy_flag

    reader = OutputReader()
    factory = functools.partial(_output_connection_class(), reader=reader)
    opening: Callable[[], Any] = functools.partial(
        connect, uri, create_connection=factory, **legacy_flag(), **options
    )
    reader.connection = await asyncio.to_thread(opening)
    return reader
