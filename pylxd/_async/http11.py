"""HTTP/1.1 requests over kept-alive connections, and the pool of idle ones.

Each request takes an idle connection (or opens one), writes its head and body, and reads the
reply's head; the body is then read whole or in pieces, and the connection goes back to the
pool once it is read to the end. A reply abandoned half-read closes its connection.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from .. import _http
from . import face
from .netio import Stream

# Idle connections kept, and for how long: a local daemon is quick to reconnect to, and a
# connection idle for long is likelier to be closed by the server as we reuse it.
_MAX_IDLE = 20
_IDLE_EXPIRY = 5.0


class Reply:
    """A reply's status and headers; its body read whole (``aread``) or in pieces
    (``aiter_stream``), then ``aclose``."""

    def __init__(
        self,
        pool: Pool,
        stream: Stream,
        status: int,
        headers: list[tuple[bytes, bytes]],
        framing: _http.Framing,
        length: int,
        keep_alive: bool,
        timeout: float | None,
    ) -> None:
        self.status = status
        self.headers = headers
        self._pool = pool
        self._stream: Stream | None = stream
        self._framing = framing
        self._length = length
        self._keep_alive = keep_alive
        self._timeout = timeout
        if framing == "none":
            self._finish()

    def _finish(self) -> None:
        """The body has been read to its end: the connection can carry another request."""
        stream, self._stream = self._stream, None
        if stream is not None:
            if self._keep_alive:
                self._pool.release(stream)
            else:
                stream.close()

    async def aread(self) -> bytes:
        if self._stream is None:
            return b""
        if self._framing == "length":
            body = await self._stream.read_exactly(self._length, self._timeout)
            self._finish()
            return body
        return b"".join([piece async for piece in self.aiter_stream()])

    async def aiter_stream(self) -> AsyncIterator[bytes]:
        """The body in pieces as they come."""
        stream = self._stream
        if stream is None:
            return
        async for piece in body_pieces(stream, self._framing, self._length, self._timeout, False):
            yield bytes(piece)  # bytes already: bytes() of bytes is the same object
        self._finish()

    async def apump(self, consume: Callable[[Piece], None], count: Callable[[int], None]) -> None:
        """Read the body to its end, handing each piece to ``consume`` (a view valid only
        during the call: for a consumer done with it then, as a file or a hash) and its size
        to ``count``."""
        stream = self._stream
        if stream is None:
            return
        await face.drain(stream, self._framing, self._length, self._timeout, consume, count)
        self._finish()

    async def aclose(self) -> None:
        """Let go of the reply; a body not read to the end closes its connection."""
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.close()


# A piece of a body: bytes, or a view of a connection's scratch buffer (``borrowed``).
Piece = bytes | memoryview


async def body_pieces(
    stream: Stream, framing: _http.Framing, length: int, timeout: float | None, borrowed: bool
) -> AsyncIterator[Piece]:
    """A reply's body, read to its end in pieces as they come: ``bytes``, or with
    ``borrowed`` views of the connection's scratch buffer, each valid until the next."""
    if framing == "length":
        async for piece in _read_pieces(stream, length, timeout, borrowed):
            yield piece
    elif framing == "chunked":
        while True:
            size = _http.chunk_size(await stream.read_until(b"\r\n", timeout))
            if size == 0:
                while await stream.read_until(b"\r\n", timeout) != b"\r\n":
                    pass  # trailers: none that matter here
                break
            async for piece in _read_pieces(stream, size, timeout, borrowed):
                yield piece
            if await stream.read_exactly(2, timeout) != b"\r\n":
                raise _http.ProtocolError("a chunk did not end with CRLF")
    elif framing == "close":  # the body ends with the connection
        read = stream.read_borrowed if borrowed else stream.read_some
        while piece := await read(_http.PIECE_SIZE, timeout):
            yield piece


async def drain(
    stream: Stream,
    framing: _http.Framing,
    length: int,
    timeout: float | None,
    consume: Callable[[Piece], None],
    count: Callable[[int], None],
) -> None:
    """Read a body to its end: each piece (borrowed) to ``consume``, its size to ``count``."""
    async for piece in body_pieces(stream, framing, length, timeout, True):
        consume(piece)
        count(len(piece))


async def _read_pieces(
    stream: Stream, n: int, timeout: float | None, borrowed: bool
) -> AsyncIterator[Piece]:
    """The next ``n`` bytes of a body, in pieces as they come."""
    read = stream.read_borrowed if borrowed else stream.read_some
    while n:
        piece = await read(min(n, _http.PIECE_SIZE), timeout)
        if not piece:
            raise _http.disconnected(partial=True)
        n -= len(piece)
        yield piece


class Pool:
    """Kept-alive connections to one place, opened by ``open_stream(timeout)``."""

    def __init__(self, open_stream: Callable[[float | None], Awaitable[Stream]]) -> None:
        self._open_stream = open_stream
        self._idle: list[tuple[Stream, float]] = []

    def _take_idle(self) -> Stream | None:
        now = time.monotonic()
        while True:
            try:  # threads share the sync face's pool: pop, not test-then-pop
                stream, since = self._idle.pop()
            except IndexError:
                return None
            if now - since < _IDLE_EXPIRY and not stream.is_stale():
                return stream
            stream.close()

    def release(self, stream: Stream) -> None:
        if len(self._idle) < _MAX_IDLE:
            self._idle.append((stream, time.monotonic()))
        else:
            stream.close()

    async def request(
        self,
        method: str,
        target: str,
        headers: list[tuple[bytes, bytes]],
        content: Any,  # bytes, an iterable of bytes (or an async one), or None
        chunked: bool,
        connect_timeout: float | None,
        timeout: float | None,
    ) -> Reply:
        """Send a request and read its reply's head. ``chunked``: send ``content`` (an
        iterable) with chunked transfer encoding."""
        stream = self._take_idle()
        if stream is None:
            stream = await self._open_stream(connect_timeout)
        try:
            write_error = await _write_request(
                stream, method, target, headers, content, chunked, timeout
            )
            try:
                while True:
                    status, reply_headers = _http.parse_head(
                        await stream.read_until(b"\r\n\r\n", timeout)
                    )
                    if not 100 <= status < 200 or status == 101:
                        break  # an interim reply (100 Continue) is followed by the real one
            except ConnectionError:
                if write_error is not None:
                    raise write_error from None  # no reply: the failed write says most
                raise
            framing, length, keep_alive = _http.framing(method, status, reply_headers)
            # A body cut off by the server leaves the connection mid-request: never reused.
            keep_alive = keep_alive and write_error is None
        except BaseException:
            stream.close()
            raise
        return Reply(self, stream, status, reply_headers, framing, length, keep_alive, timeout)

    async def aclose(self) -> None:
        idle, self._idle = self._idle, []
        for stream, _ in idle:
            stream.close()


async def _write_request(
    stream: Stream,
    method: str,
    target: str,
    headers: list[tuple[bytes, bytes]],
    content: Any,
    chunked: bool,
    timeout: float | None,
) -> ConnectionError | None:
    """Write a request; a connection failure while writing is returned, not raised: the
    server may refuse a body before reading all of it (and close), and its reply, read next,
    says why."""
    head = _http.request_head(method, target, headers)
    try:
        if content is None:
            await stream.write(head, timeout)
        elif isinstance(content, bytes):
            if len(content) <= 65536:  # one write, one packet
                await stream.write(head + content, timeout)
            else:  # a large body is not copied onto its head
                await stream.write(head, timeout)
                await stream.write(content, timeout)
        elif isinstance(content, _http.FileBody):
            await stream.write(head, timeout)
            await face.send_file(stream, content, timeout)
        else:
            await stream.write(head, timeout)
            async for piece in _pieces(content):
                if piece:
                    await stream.write(_http.chunk(piece) if chunked else piece, timeout)
            if chunked:
                await stream.write(_http.LAST_CHUNK, timeout)
    except ConnectionError as exc:
        return exc
    return None


async def send_file(stream: Stream, body: _http.FileBody, timeout: float | None) -> None:
    """Send a file body (its size is the request's Content-Length); see ``face.send_file``."""
    body.meter.start()
    with body.opened() as (file, offset):
        end = offset + body.size
        try:
            while offset < end:
                piece = min(_http.PIECE_SIZE, end - offset)
                sent = await stream.send_file(file, offset, piece, timeout)
                if not sent:
                    raise ValueError(f"the file to upload ended {end - offset} bytes early")
                offset += sent
                body.meter.add(sent)
        finally:
            file.seek(offset)  # a file object given is left after what was sent


async def _pieces(content: Any) -> AsyncIterator[bytes]:
    """The pieces of a request body, from an iterable (or, on the asyncio face, an async
    iterable)."""
    if hasattr(content, "__aiter__"):
        async for piece in content:
            yield piece
    else:
        for piece in content:
            yield piece
