"""HTTP/1.1 framing, shared by both faces: request heads, reply heads, how a body ends.

The client speaks HTTP/1.1 itself (``_async/http11.py``) rather than through a general HTTP
library: its peers are LXD and Incus (Go's net/http) and image servers, its requests are
few-headered, and on a local socket the per-request cost of a general library was most of
the client's CPU (see bench/).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from ._progress import Meter

# A reply head longer than this is refused as malformed (Go's own limit is 1 MiB).
MAX_HEAD = 1 << 20
# The largest read asked of the socket at once for a piece handed out as bytes (a copy).
READ_SIZE = 256 << 10
# The largest piece of a body moved at once without a copy: a borrowed download piece
# (written or hashed as it comes), an upload's chunk or sendfile call (a progress step, and
# what the read timeout covers). As the floor's 1 MiB reads; measured on a 100 MiB export,
# 5 to 10% less CPU than 256 KiB pieces.
PIECE_SIZE = 1 << 20


class Scratch:
    """A socket stream's buffer to receive into, kept for the stream's life and grown on
    demand (to ``PIECE_SIZE`` only once a download asks). Receiving into a fresh buffer per
    read costs more than copying out of a kept one: a fresh large buffer is fresh memory,
    faulted in page by page (measured on a 100 MiB download over a unix socket: 74 ms of CPU
    with ``recv(256 KiB)``, 55 with ``recv_into`` and a copy, 52 for http.client)."""

    def __init__(self) -> None:
        self._buffer: memoryview | None = None

    def view(self, size: int) -> memoryview:
        """The first ``size`` bytes of the buffer (valid until the next receive)."""
        if self._buffer is None or len(self._buffer) < size:
            self._buffer = memoryview(bytearray(max(size, READ_SIZE)))
        return self._buffer[:size]


Framing = Literal["none", "length", "chunked", "close"]


class ServerDisconnected(ConnectionError):
    """The server closed the connection before its reply was complete."""


class NoReply(ServerDisconnected):
    """The server closed the connection before the first byte of its reply."""


def disconnected(partial: bool) -> ServerDisconnected:
    """What a connection closed early raises: whether part of the reply had come decides
    whether a request that changed nothing may be sent again."""
    if partial:
        return ServerDisconnected("the server closed the connection mid-reply")
    return NoReply("the server closed the connection without replying")


class ConnectFailed(ConnectionError):
    """A connection could not be opened (a missing or forbidden socket, an unreachable host)."""


def connect_failure(exc: OSError, where: str) -> OSError:
    """What a failed connect raises: timeouts, TLS errors and connection errors as they are,
    any other ``OSError`` (a socket file that is missing or not ours) as ``ConnectFailed``."""
    if isinstance(exc, (ConnectionError, TimeoutError)) or type(exc).__module__ == "ssl":
        return exc
    return ConnectFailed(f"cannot connect to {where}: {exc}")


class ProtocolError(ConnectionError):
    """The server's reply is not HTTP/1.1 this client can read."""


def request_head(method: str, target: str, headers: list[tuple[bytes, bytes]]) -> bytes:
    lines = [b"%s %s HTTP/1.1" % (method.encode("ascii"), target.encode("ascii"))]
    lines += [b"%s: %s" % pair for pair in headers]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def parse_head(raw: bytes) -> tuple[int, list[tuple[bytes, bytes]]]:
    """The status and headers of a reply head (status line to the blank line included). An
    HTTP/1.0 reply closes its connection unless it says otherwise: it gains the header that
    says so, for ``framing``."""
    lines = raw.split(b"\r\n")
    parts = lines[0].split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or not parts[1].isdigit():
        raise ProtocolError(f"not an HTTP/1.1 reply: {lines[0][:80]!r}")
    headers = []
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(b":")
        if not sep or not name or name != name.strip():
            raise ProtocolError(f"malformed header line: {line[:80]!r}")
        headers.append((name, value.strip()))
    if parts[0] == b"HTTP/1.0" and not any(
        n.lower() == b"connection" and b"keep-alive" in v.lower() for n, v in headers
    ):
        headers.append((b"Connection", b"close"))
    return int(parts[1]), headers


def framing(
    method: str, status: int, headers: list[tuple[bytes, bytes]]
) -> tuple[Framing, int, bool]:
    """How the body of a reply ends, its length when known, and whether the connection can
    carry another request afterwards."""
    length = -1
    chunked = False
    keep_alive = True
    for name, value in headers:
        lower = name.lower()
        if lower == b"content-length":
            if not value.isdigit() or (length != -1 and int(value) != length):
                raise ProtocolError(f"bad Content-Length: {value[:40]!r}")
            length = int(value)
        elif lower == b"transfer-encoding":
            chunked = value.lower().endswith(b"chunked")
        elif lower == b"connection":
            keep_alive = b"close" not in value.lower()
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return "none", 0, keep_alive
    if chunked:
        return "chunked", -1, keep_alive
    if length >= 0:
        return "length", length, keep_alive
    return "close", -1, False


def chunk_size(line: bytes) -> int:
    """The size on a chunk's header line (extensions after ``;`` ignored)."""
    text = line.split(b";", 1)[0].strip()
    try:
        return int(text, 16)
    except ValueError:
        raise ProtocolError(f"bad chunk header: {line[:40]!r}") from None


def chunk(piece: bytes) -> bytes:
    """One piece of a request body sent with chunked transfer encoding."""
    return b"%x\r\n%s\r\n" % (len(piece), piece)


LAST_CHUNK = b"0\r\n\r\n"


class ReadBuffer(bytearray):
    """What a socket stream has read and not handed out yet: the part of both faces' socket
    streams (``netio.py``) that does no I/O."""

    def take(self, n: int) -> bytes:
        """The first ``n`` bytes (all there are, if fewer), removed."""
        piece = bytes(self[:n])
        del self[:n]
        return piece

    def take_through(self, separator: bytes, start: int) -> tuple[bytes | None, int]:
        """Everything up to and including ``separator``, removed; or None and where the next
        search starts (no earlier byte can begin the separator)."""
        end = self.find(separator, start)
        if end >= 0:
            return self.take(end + len(separator)), 0
        if len(self) > MAX_HEAD:
            raise ProtocolError(f"reply line or head over {MAX_HEAD} bytes")
        return None, max(0, len(self) - len(separator) + 1)


class FileBody:
    """A request body from a local file of known size: a path, or a binary file object with a
    descriptor (sent from its position, and left after what was sent). The connection sends
    it with sendfile where it can (the kernel copies it, with no pass through Python), and
    counts it on ``meter``."""

    def __init__(self, source: Any, size: int, meter: Meter) -> None:
        self.source = source
        self.size = size
        self.meter = meter

    @contextlib.contextmanager
    def opened(self) -> Iterator[tuple[IO[bytes], int]]:
        """The file and where its body starts (a path is opened, and closed after)."""
        if isinstance(self.source, os.PathLike):
            with open(self.source, "rb") as f:
                yield f, 0
        else:
            yield self.source, self.source.tell()
