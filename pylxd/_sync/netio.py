"""Byte streams for the blocking face's HTTP connections (hand-written; ``_async/netio.py`` is
its asyncio twin): a socket over a unix socket, TCP or TLS, with its own read buffer.

Every read and write takes a timeout and raises ``TimeoutError`` when it passes (a socket
timeout is one); the other failures are ``OSError``s, which the errors layer translates.
"""

from __future__ import annotations

import select
import socket
import ssl
from typing import IO
from urllib.parse import urlsplit

from .._connection import Endpoint
from .._http import (
    PIECE_SIZE,
    READ_SIZE,
    ReadBuffer,
    Scratch,
    connect_failure,
    disconnected,
)

_UNSET = object()


class Stream:
    def __init__(
        self,
        sock: socket.socket,
        buffer: ReadBuffer | None = None,
        scratch: Scratch | None = None,
    ) -> None:
        self._sock = sock
        # A buffer and scratch given are an asyncio stream's, lent with its socket.
        self._buffer = ReadBuffer() if buffer is None else buffer
        self._scratch = Scratch() if scratch is None else scratch
        self._timeout: object = _UNSET

    def _set_timeout(self, timeout: float | None) -> None:
        if timeout != self._timeout:  # settimeout is a system call: only when it changes
            self._sock.settimeout(timeout)
            self._timeout = timeout

    def _recv_into(self, view: memoryview, timeout: float | None) -> int:
        """Receive what the socket has into ``view`` (waiting for some); 0 at the end."""
        self._set_timeout(timeout)
        return self._sock.recv_into(view)

    def _fill(self, timeout: float | None) -> bool:
        """Read what the socket has into the buffer; False at the end of the stream."""
        view = self._scratch.view(READ_SIZE)
        n = self._recv_into(view, timeout)
        self._buffer += view[:n]
        return bool(n)

    def read_some(self, limit: int, timeout: float | None) -> bytes:
        """Up to ``limit`` bytes, as soon as there are some; ``b""`` at the end."""
        if self._buffer:
            return self._buffer.take(limit)
        view = self._scratch.view(min(limit, READ_SIZE))
        return bytes(view[: self._recv_into(view, timeout)])

    def read_borrowed(self, limit: int, timeout: float | None) -> bytes | memoryview:
        """Up to ``limit`` bytes (at most ``PIECE_SIZE``), fewer only at the end, as a view of the
        scratch buffer valid until the next read: for a consumer done with each piece before
        the next (a file, a hash). Whole pieces mean fewer of them: a daemon sends file data
        in pieces of 32 to 100 KiB."""
        if self._buffer:
            return self._buffer.take(limit)
        view = self._scratch.view(min(limit, PIECE_SIZE))
        got = 0
        while got < len(view) and (n := self._recv_into(view[got:], timeout)):
            got += n
        return view[:got]

    def read_exactly(self, n: int, timeout: float | None) -> bytes:
        while len(self._buffer) < n:
            if not self._fill(timeout):
                raise disconnected(partial=True)
        return self._buffer.take(n)

    def read_until(self, separator: bytes, timeout: float | None) -> bytes:
        """Everything up to and including ``separator`` (a reply head, a chunk line)."""
        start = 0
        while True:
            piece, start = self._buffer.take_through(separator, start)
            if piece is not None:
                return piece
            if not self._fill(timeout):
                raise disconnected(partial=bool(self._buffer))

    def write(self, data: bytes, timeout: float | None) -> None:
        self._set_timeout(timeout)
        self._sock.sendall(data)

    def send_file(self, file: IO[bytes], offset: int, count: int, timeout: float | None) -> int:
        """Send ``count`` bytes of ``file`` from ``offset`` with sendfile (over TLS, read and
        written); fewer at its end."""
        self._set_timeout(timeout)
        return self._sock.sendfile(file, offset, count)

    def is_stale(self) -> bool:
        """An idle connection with something to read has been closed (or spoken to) by the
        server: it cannot carry a request."""
        if self._buffer or self._sock.fileno() < 0:
            return True
        if isinstance(self._sock, ssl.SSLSocket) and self._sock.pending():
            return True
        return bool(select.select([self._sock], [], [], 0)[0])

    def close(self) -> None:
        self._sock.close()


def connect(endpoint: Endpoint, context: ssl.SSLContext | None, timeout: float | None) -> Stream:
    """A connection to an endpoint (a unix socket, or ``http(s)://host:port``)."""
    try:
        return _connect(endpoint, context, timeout)
    except OSError as exc:
        raise connect_failure(exc, endpoint.address) from exc


def _connect(endpoint: Endpoint, context: ssl.SSLContext | None, timeout: float | None) -> Stream:
    if endpoint.kind == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(timeout)
            sock.connect(endpoint.address)
        except BaseException:
            sock.close()
            raise
        return Stream(sock)
    url = urlsplit(endpoint.address)
    port = url.port or (443 if url.scheme == "https" else 80)
    sock = socket.create_connection((url.hostname, port), timeout=timeout)
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if url.scheme == "https" and context is not None:
            sock = context.wrap_socket(sock, server_hostname=url.hostname)
    except BaseException:
        sock.close()
        raise
    return Stream(sock)
