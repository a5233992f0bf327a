"""The client's own HTTP/1.1: framings a daemon rarely or never sends (chunked replies with
extensions and trailers, close-delimited bodies, interim replies), kept-alive connections
the server drops, and malformed replies. A raw scripted server on a unix socket; both
faces."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pylxd import AsyncClient, Client
from pylxd._async import http11 as ahttp11
from pylxd._async import netio as anetio
from pylxd._connection import Endpoint
from pylxd._http import FileBody
from pylxd._progress import Meter
from pylxd._sync import http11, netio
from pylxd.exceptions import ClientConnectionFailed, ClientTimeout

Handler = Callable[[bytes, bytes], tuple[bytes, bool]]  # (head, body) -> (reply, then close)

INFO = json.dumps(
    {
        "type": "sync",
        "status_code": 200,
        "metadata": {"api_extensions": [], "auth": "trusted", "environment": {}},
    }
).encode()


def _read_request(conn: socket.socket, buffer: bytearray) -> tuple[bytes, bytes] | None:
    """One request (head, decoded body) from a connection; None when the client hung up."""

    def fill() -> bool:
        data = conn.recv(65536)
        buffer.extend(data)
        return bool(data)

    while b"\r\n\r\n" not in buffer:
        if not fill():
            return None
    end = buffer.index(b"\r\n\r\n") + 4
    head = bytes(buffer[:end])
    del buffer[:end]
    lower = head.lower()
    body = b""
    if b"transfer-encoding: chunked" in lower:
        while True:
            while b"\r\n" not in buffer:
                fill()
            line_end = buffer.index(b"\r\n")
            size = int(bytes(buffer[:line_end]), 16)
            del buffer[: line_end + 2]
            while len(buffer) < size + 2:
                fill()
            body += bytes(buffer[:size])
            del buffer[: size + 2]
            if size == 0:
                break
    elif b"content-length:" in lower:
        length = int(lower.split(b"content-length:")[1].split(b"\r\n")[0])
        while len(buffer) < length:
            fill()
        body = bytes(buffer[:length])
        del buffer[:length]
    return head, body


class RawServer:
    """Answers each request with the raw bytes ``handler`` gives; counts connections."""

    def __init__(self, path: str, handler: Handler) -> None:
        self.path = path
        self.handler = handler
        self.connections = 0
        self.requests: list[tuple[bytes, bytes]] = []
        self._sock = socket.socket(socket.AF_UNIX)
        self._sock.bind(path)
        self._sock.listen(8)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        buffer = bytearray()
        with conn, contextlib.suppress(OSError):  # a client that gave up and left
            while (request := _read_request(conn, buffer)) is not None:
                self.requests.append(request)
                if request[0].startswith(b"GET /1.0 "):
                    reply, close = _reply(200, INFO), False
                else:
                    reply, close = self.handler(*request)
                conn.sendall(reply)
                if close:
                    return

    def close(self) -> None:
        self._sock.close()


def _reply(status: int, body: bytes, *headers: bytes) -> bytes:
    lines = [b"HTTP/1.1 %d X" % status, b"Content-Length: %d" % len(body), *headers]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[[Handler], RawServer]]:
    servers: list[RawServer] = []

    def start(handler: Handler) -> RawServer:
        servers.append(RawServer(str(tmp_path / f"raw{len(servers)}.socket"), handler))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def _framing(content: object) -> tuple[bool, list[tuple[bytes, bytes]]]:
    headers = [(b"Host", b"lxd")]
    if isinstance(content, bytes):
        return False, [*headers, (b"Content-Length", b"%d" % len(content))]
    if content is not None:
        return True, [*headers, (b"Transfer-Encoding", b"chunked")]
    return False, headers


def _fetch_both_faces(
    server: RawServer, requests: list[tuple[str, str, object]]
) -> list[list[tuple[int, bytes]]]:
    """Send the requests in turn over one pool of each face; each face's (status, body)s."""
    endpoint = Endpoint("unix", server.path)

    def blocking() -> list[tuple[int, bytes]]:
        pool = http11.Pool(lambda t: netio.connect(endpoint, None, t))
        out = []
        for method, target, content in requests:
            chunked, headers = _framing(content)
            reply = pool.request(method, target, headers, content, chunked, 5, 5)
            out.append((reply.status, reply.read()))
        pool.close()
        return out

    async def asynchronous() -> list[tuple[int, bytes]]:
        async def opener(t: float | None) -> anetio.Stream:
            return await anetio.connect(endpoint, None, t)

        pool = ahttp11.Pool(opener)
        out = []
        for method, target, content in requests:
            chunked, headers = _framing(content)
            reply = await pool.request(method, target, headers, content, chunked, 5, 5)
            out.append((reply.status, await reply.aread()))
        await pool.aclose()
        return out

    return [blocking(), asyncio.run(asynchronous())]


def test_chunked_reply_with_extensions_and_trailers_keeps_the_connection(
    serve: Callable[[Handler], RawServer],
) -> None:
    reply = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: yes\r\n\r\n"
    )
    server = serve(lambda head, body: (reply, False))
    for results in _fetch_both_faces(server, [("GET", "/a", None), ("GET", "/b", None)]):
        assert results == [(200, b"hello, world"), (200, b"hello, world")]
    assert server.connections == 2  # one per face: the second request reused it


def test_body_ending_with_the_connection(serve: Callable[[Handler], RawServer]) -> None:
    server = serve(lambda head, body: (b"HTTP/1.1 200 OK\r\n\r\nuntil the end", True))
    for results in _fetch_both_faces(server, [("GET", "/a", None), ("GET", "/b", None)]):
        assert results == [(200, b"until the end")] * 2
    assert server.connections == 4  # such a connection cannot carry another request


def test_interim_reply_then_the_real_one(serve: Callable[[Handler], RawServer]) -> None:
    server = serve(
        lambda head, body: (b"HTTP/1.1 100 Continue\r\n\r\n" + _reply(201, b"ok"), False)
    )
    for results in _fetch_both_faces(server, [("POST", "/a", b"x")]):
        assert results == [(201, b"ok")]


def test_head_reply_has_no_body(serve: Callable[[Handler], RawServer]) -> None:
    def handler(head: bytes, body: bytes) -> tuple[bytes, bool]:
        if head.startswith(b"HEAD"):
            return b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", False
        return _reply(200, b"after"), False

    server = serve(handler)
    for results in _fetch_both_faces(server, [("HEAD", "/a", None), ("GET", "/b", None)]):
        assert results == [(200, b""), (200, b"after")]
    assert server.connections == 2


def test_request_bodies_sized_and_chunked(serve: Callable[[Handler], RawServer]) -> None:
    server = serve(lambda head, body: (_reply(200, b"%d" % len(body)), False))
    big = bytes(range(256)) * 1024  # over the one-write size
    pieces = [b"ab", b"", b"c" * 70000]  # an iterable: sent chunked
    for results in _fetch_both_faces(
        server, [("PUT", "/a", b"small"), ("PUT", "/b", big), ("PUT", "/c", pieces)]
    ):
        assert results == [(200, b"5"), (200, b"%d" % len(big)), (200, b"70002")]
    bodies = [body for head, body in server.requests]
    assert bodies.count(big) == 2
    assert bodies.count(b"ab" + b"c" * 70000) == 2


def test_a_kept_alive_connection_the_server_closed_is_replaced(
    serve: Callable[[Handler], RawServer],
) -> None:
    """The server says keep-alive, then closes: the next GET goes on a new connection (the
    closed one is seen while idle, or the GET is retried once), on both faces."""
    server = serve(lambda head, body: (_reply(200, INFO, b"Connection: keep-alive"), True))
    client = Client(endpoint=server.path)
    assert client.api.profiles.get().status_code == 200
    assert client.api.profiles.get().status_code == 200
    client.close()

    async def run() -> None:
        async with AsyncClient(endpoint=server.path) as aclient:
            assert (await aclient.api.profiles.get()).status_code == 200
            assert (await aclient.api.profiles.get()).status_code == 200

    asyncio.run(run())
    gets = [head for head, _ in server.requests if head.startswith(b"GET /1.0/profiles ")]
    assert len(gets) == 4
    assert server.connections == 4  # /1.0 (kept alive) shares the first GET's


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"SPDY/3 200 OK\r\n\r\n", "not an HTTP/1.1 reply"),
        (b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "malformed header"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "bad Content-Length"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "bad chunk header"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", "mid-reply"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf", "mid-reply"),
        (b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * (2 << 20), "over 1048576 bytes"),
    ],
)
def test_malformed_replies_raise_connection_failures(
    serve: Callable[[Handler], RawServer], raw: bytes, expected: str
) -> None:
    server = serve(lambda head, body: (raw, True))
    client = Client(endpoint=server.path)
    with pytest.raises(ClientConnectionFailed, match=expected):
        client.api.profiles.get()
    client.close()


def test_a_silent_server_times_out(serve: Callable[[Handler], RawServer]) -> None:
    release = threading.Event()

    def handler(head: bytes, body: bytes) -> tuple[bytes, bool]:
        release.wait(10)
        return _reply(200, b"late"), True

    server = serve(handler)
    client = Client(endpoint=server.path, timeout=0.5)
    try:
        with pytest.raises(ClientTimeout):
            client.api.profiles.get()
    finally:
        release.set()
        client.close()


def test_an_http10_reply_closes_its_connection(serve: Callable[[Handler], RawServer]) -> None:
    """HTTP/1.0 (Python's http.server, some image servers) closes after each reply unless it
    says keep-alive."""
    server = serve(lambda head, body: (_reply(200, b"old").replace(b"1.1", b"1.0", 1), False))
    for results in _fetch_both_faces(server, [("GET", "/a", None), ("GET", "/b", None)]):
        assert results == [(200, b"old")] * 2
    assert server.connections == 4


def test_a_body_refused_early_gives_the_servers_reply(tmp_path: Path) -> None:
    """The server answers before reading a large body, and closes: the client reports the
    server's reply (not a broken pipe), on both faces."""
    path = str(tmp_path / "early.socket")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(path)
    listener.listen(4)

    def refuse() -> None:
        for _ in range(2):
            conn, _ = listener.accept()
            with conn:
                head = b""
                while b"\r\n\r\n" not in head:
                    head += conn.recv(4096)
                conn.sendall(_reply(413, b"too big"))
                conn.shutdown(socket.SHUT_WR)

    threading.Thread(target=refuse, daemon=True).start()
    body = b"x" * (8 << 20)  # far over what the socket buffers hold
    endpoint = Endpoint("unix", path)
    chunked, headers = _framing(body)
    pool = http11.Pool(lambda t: netio.connect(endpoint, None, t))
    reply = pool.request("PUT", "/big", headers, body, chunked, 5, 5)
    assert (reply.status, reply.read()) == (413, b"too big")
    assert pool._idle == []  # a connection left mid-request is not kept

    async def run() -> None:
        async def opener(t: float | None) -> anetio.Stream:
            return await anetio.connect(endpoint, None, t)

        apool = ahttp11.Pool(opener)
        areply = await apool.request("PUT", "/big", headers, body, chunked, 5, 5)
        assert (areply.status, await areply.aread()) == (413, b"too big")
        assert apool._idle == []

    asyncio.run(run())
    listener.close()


class _AlwaysReady:
    """A socket whose data is always there (a daemon that is always ahead of the client):
    each receive gives up to ``piece`` bytes, all of them the receive's number."""

    def __init__(self, piece: int) -> None:
        self.piece = piece
        self.receives = 0

    def recv_into(self, view: memoryview) -> int:
        self.receives += 1
        n = min(len(view), self.piece)
        view[:n] = bytes([self.receives % 256]) * n
        return n


def test_a_download_always_ready_still_shares_the_loop() -> None:
    """The asyncio face takes what the socket has without waiting, yet other tasks get turns
    all along; each ``read_some`` piece stays its own (receives reuse one buffer)."""

    async def run() -> None:
        sock = _AlwaysReady(4096)
        stream = anetio.SocketStream(sock)  # type: ignore[arg-type]
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0)

        task = asyncio.create_task(ticker())
        await asyncio.sleep(0)
        before = ticks
        pieces = [await stream.read_some(4096, 5) for _ in range(64)]
        during = ticks - before
        task.cancel()
        assert sock.receives == 64
        assert [piece[0] for piece in pieces] == list(range(1, 65))
        assert during >= 64 // anetio._YIELD_EVERY - 1
        # A borrowed read (downloads into a file) fills its piece from several receives.
        sock.receives = 0
        piece = await stream.read_borrowed(3 * 4096 + 5, 5)
        assert len(piece) == 3 * 4096 + 5 and sock.receives == 4

    asyncio.run(run())


def test_a_borrowed_read_fills_its_piece_until_the_end() -> None:
    """The blocking face: a download's pieces are whole (fewer writes to the file), from
    several receives, until the body ends."""
    a, b = socket.socketpair()
    try:
        b.sendall(b"x" * 5000)
        stream = netio.Stream(a)
        assert stream.read_some(4096, 5) == b"x" * 4096  # what has come, up to the limit
        b.sendall(b"y" * 3000)
        b.shutdown(socket.SHUT_WR)
        assert bytes(stream.read_borrowed(8192, 5)) == b"x" * 904 + b"y" * 3000
        assert stream.read_borrowed(8192, 5) == b""
    finally:
        a.close()
        b.close()


def test_a_file_body_that_ends_early_is_refused(tmp_path: Path) -> None:
    """Both faces: a file that shrank after its size was taken (the request's Content-Length)
    raises, rather than leave the server waiting for the rest."""
    path = tmp_path / "short.bin"
    path.write_bytes(b"x" * 100)

    async def send_async(sock: socket.socket, body: FileBody) -> None:
        sock.setblocking(False)
        await ahttp11.send_file(anetio.SocketStream(sock), body, 5)

    for blocking in (True, False):
        a, b = socket.socketpair()
        body = FileBody(path, 200, Meter(None, 200, "upload"))
        try:
            with pytest.raises(ValueError, match="100 bytes early"):
                if blocking:
                    http11.send_file(netio.Stream(a), body, 5)
                else:
                    asyncio.run(send_async(a, body))
            assert b.recv(1000) == b"x" * 100
        finally:
            a.close()
            b.close()


def _received(sock: socket.socket, into: bytearray) -> threading.Thread:
    """A thread reading ``sock`` into ``into`` until the other end shuts down."""

    def read() -> None:
        while data := sock.recv(1 << 20):
            into.extend(data)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def test_the_async_face_sends_a_large_file_from_a_thread_with_progress_on_the_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over a plain socket, a file body over 1 MiB goes by a thread's blocking sendfile; every
    byte arrives, the progress callback runs on the event loop's thread, first at 0 and last
    at the size, and a file that ended early still raises."""
    from pylxd._async import face

    data = bytes(range(256)) * (3 * 4096 + 17)  # 3 MiB and a bit
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    assert len(data) > face._THREAD_BODY  # the thread's path
    seen: list[tuple[int, int]] = []
    lent: list[int] = []
    lend = anetio.SocketStream.lend

    async def counted_lend(self: anetio.SocketStream, work: Callable[..., object]) -> object:
        lent.append(1)
        return await lend(self, work)

    monkeypatch.setattr(anetio.SocketStream, "lend", counted_lend)

    async def send(sock: socket.socket, body: FileBody) -> None:
        sock.setblocking(False)
        try:
            await face.send_file(anetio.SocketStream(sock), body, 5)
        finally:
            sock.shutdown(socket.SHUT_WR)

    def progress(p: object) -> None:
        seen.append((threading.get_ident(), p.done))  # type: ignore[attr-defined]

    a, b = socket.socketpair()
    got = bytearray()
    reader = _received(b, got)
    try:
        asyncio.run(send(a, FileBody(path, len(data), Meter(progress, len(data), "upload"))))
        reader.join(5)
        assert got == data and lent == [1]
        assert {ident for ident, _ in seen} == {threading.get_ident()}
        done = [n for _, n in seen]
        assert done[0] == 0 and done[-1] == len(data) and done == sorted(done)
    finally:
        a.close()
        b.close()

    a, b = socket.socketpair()
    got = bytearray()
    reader = _received(b, got)
    try:
        short = FileBody(path, len(data) + 1000, Meter(None, len(data) + 1000, "upload"))
        with pytest.raises(ValueError, match="1000 bytes early"):
            asyncio.run(send(a, short))
        reader.join(5)
        assert got == data
    finally:
        a.close()
        b.close()
