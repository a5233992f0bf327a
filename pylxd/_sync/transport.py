# Generated: edit pylxd/_async/transport.py and run scripts/unasync.py.
"""The HTTP connection pool of one client, over a unix socket, HTTP or HTTPS.

The client speaks HTTP/1.1 itself (``http11.py``): it builds its own request heads and reads
its own replies, which costs a fraction of what a general HTTP library did per request on a
local socket (see bench/).
"""

from __future__ import annotations

import json as jsonlib
import logging
import ssl  # already imported by _connection: no cost here
import time
from collections.abc import Iterator, Callable, Mapping
from typing import TYPE_CHECKING, Any

from .. import _protocol
from .._connection import Endpoint, Timeouts, TLSConfig
from .._errors import translated
from .._http import NoReply, ServerDisconnected
from ..exceptions import ClientConnectionFailed
from . import face, http11, netio

if TYPE_CHECKING:
    from websockets.sync.client import ClientConnection


log = logging.getLogger("pylxd")

# Bodies are read raw (file and image downloads are hashed and written as they come): ask for
# them unencoded.
_HEADERS = [(b"Accept-Encoding", b"identity"), (b"User-Agent", b"pylxd")]


class Response:
    """A reply: ``status_code``, ``headers``, and the body, read whole (``content``, for
    replies not streamed) or in pieces (``iter_raw``, then ``close``)."""

    def __init__(self, raw: http11.Reply, path: str, url: str, endpoint: Endpoint) -> None:
        self._raw = raw
        self.status_code: int = raw.status
        self.headers = _protocol.Headers(raw.headers)
        self.path = path  # without the query, which may hold a secret
        self.url = url
        self.endpoint = endpoint
        self._content: bytes | None = None

    @property
    def content(self) -> bytes:
        if self._content is None:
            raise RuntimeError("the body of a streamed reply is read with read()")
        return self._content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def read(self) -> bytes:
        if self._content is None:
            with translated(f"reading {self.path}", self.endpoint):
                self._content = self._raw.read()
        return self._content

    def iter_raw(self) -> Iterator[bytes]:
        """The body as it comes (the caller translates errors: it knows what it was doing)."""
        if self._content is not None:
            yield self._content
            return
        for piece in self._raw.iter_stream():
            yield piece

    def apump(
        self, consume: Callable[[http11.Piece], None], count: Callable[[int], None]
    ) -> None:
        """Read the body to its end into ``consume``, sizes to ``count``: see
        ``Reply.apump`` (the caller translates errors)."""
        if self._content is not None:
            consume(self._content)
            count(len(self._content))
            return
        self._raw.apump(consume, count)

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in pieces of ``chunk_size`` bytes (the last may be shorter)."""
        pending = b""
        for piece in self.iter_raw():
            if chunk_size is None:
                yield piece
                continue
            pending += piece
            while len(pending) >= chunk_size:
                yield pending[:chunk_size]
                pending = pending[chunk_size:]
        if pending:
            yield pending

    def close(self) -> None:
        self._raw.close()


class Transport:
    """Sends requests; counts them (``request_count``) so tests can check request budgets."""

    def __init__(self, endpoint: Endpoint, tls: TLSConfig | None, timeouts: Timeouts) -> None:
        self.endpoint = endpoint
        self.timeouts = timeouts
        self.request_count = 0
        self.tls = tls
        # Environment proxies and CA variables never apply: what verify= says is what is
        # checked.
        self._ssl = None if tls is None else tls.context
        if endpoint.kind == "unix":
            self._origin = "http://lxd"
            self._host = b"lxd"
        else:
            self._origin = endpoint.address
            self._host = endpoint.address.split("://", 1)[1].encode("idna")
        self._pool = http11.Pool(self._connect)

    def _connect(self, timeout: float | None) -> netio.Stream:
        try:
            return netio.connect(self.endpoint, self._ssl, timeout)
        except OSError as exc:
            self._explain_tls(exc)
            raise

    def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        content: Any = None,
        headers: Mapping[str, str] | None = None,
        timeouts: Timeouts | None = None,
        stream: bool = False,
    ) -> Response:
        """One request. Unless ``stream``, the body is read before returning."""
        self.request_count += 1
        header_list = [(b"Host", self._host), *_HEADERS]
        if json is not None:
            content = jsonlib.dumps(json, ensure_ascii=False, separators=(",", ":")).encode()
            header_list.append((b"Content-Type", b"application/json"))
        elif isinstance(content, (bytearray, memoryview)):
            content = bytes(content)
        elif isinstance(content, str):
            content = content.encode()
        sized = False
        for key, value in (headers or {}).items():
            header_list.append((key.encode("latin-1"), value.encode("latin-1")))
            sized = sized or key.lower() == "content-length"
        chunked = False
        if content is not None and not sized:
            if isinstance(content, bytes):
                header_list.append((b"Content-Length", b"%d" % len(content)))
            else:  # a stream of unknown length
                header_list.append((b"Transfer-Encoding", b"chunked"))
                chunked = True
        elif content is None and method in ("POST", "PUT", "PATCH"):
            header_list.append((b"Content-Length", b"0"))
        target = _protocol.request_target(path, params)
        t = timeouts or self.timeouts
        # A GET or HEAD that died on a reset is sent once more: nothing was changed by it.
        retries = 1 if method in ("GET", "HEAD") and content is None else 0
        with translated(f"{method} {path}", self.endpoint):
            while True:
                try:
                    started = time.perf_counter()
                    raw = self._pool.request(
                        method, target, header_list, content, chunked, t.connect, t.read
                    )
                    response = Response(raw, path, self._origin + target, self.endpoint)
                    if not stream:
                        try:
                            response._content = raw.read()
                        finally:
                            raw.close()
                    if log.isEnabledFor(logging.DEBUG):  # method, path, status, time: no
                        log.debug(  # query, headers or body, which may hold secrets
                            "%s %s -> %d in %.1f ms",
                            method,
                            path,
                            response.status_code,
                            (time.perf_counter() - started) * 1000,
                        )
                    return response
                except ConnectionError as exc:
                    if retries == 0 or not _was_reset(exc):
                        raise
                    retries -= 1
                    self.request_count += 1

    def _explain_tls(self, exc: OSError) -> None:
        """Say what a failed certificate check expected and what the server presented."""
        if self.tls is None or not isinstance(exc, ssl.SSLCertVerificationError):
            return
        reason = str(exc.verify_message or exc)
        raise ClientConnectionFailed(self.tls.explain(self.endpoint, reason)) from None

    def websocket(
        self, path: str, params: Mapping[str, Any], timeouts: Timeouts | None = None
    ) -> ClientConnection:
        """Open a websocket (exec, console, events) with the same TLS checks as HTTP."""
        # Imported here: only exec, console, events and migrations need websockets.
        from websockets.sync.client import ClientConnection, connect

        uri, options = self._websocket_options(path, params, timeouts)
        with translated(f"websocket {path}", self.endpoint):
            ws = connect(uri, **options)
        assert isinstance(ws, ClientConnection)
        return ws

    def output_websocket(
        self, path: str, params: Mapping[str, Any], timeouts: Timeouts | None = None
    ) -> face.OutputReader:
        """Open a websocket that is only read (exec output); see ``face.OutputReader``."""
        uri, options = self._websocket_options(path, params, timeouts)
        with translated(f"websocket {path}", self.endpoint):
            return face.open_output(uri, options)

    def _websocket_options(
        self, path: str, params: Mapping[str, Any], timeouts: Timeouts | None
    ) -> tuple[str, dict[str, Any]]:
        """A websocket's URI and the options for the websockets library's ``connect``."""
        self.request_count += 1
        log.debug("websocket %s", path)  # the secret in the query is not logged
        target = _protocol.request_target(path, params)
        # No size limit (exec output comes in large frames), no compression, no client pings
        # (the server pings; the library answers), no proxy from the environment.
        options: dict[str, Any] = {
            "max_size": None,
            "compression": None,
            "ping_interval": None,
            "open_timeout": (timeouts or self.timeouts).connect,
            "close_timeout": 2,
            "proxy": None,
        }
        options.update(face.legacy_flag())  # a connection, not a connecter
        options["create_connection"] = face.websocket_connection_class()
        if self.endpoint.kind == "unix":
            options.update(unix=True, path=self.endpoint.address)
            return f"ws://lxd{target}", options
        scheme = "wss" if self.endpoint.kind == "https" else "ws"
        netloc = self.endpoint.address.split("://", 1)[1]
        options["ssl"] = self._ssl
        return f"{scheme}://{netloc}{target}", options

    def close(self) -> None:
        self._pool.close()


def _was_reset(exc: ConnectionError) -> bool:
    """A connection reset, or a connection the server dropped before answering: worth one
    more try for a GET. A body cut short after a clean close is not retried."""
    if isinstance(exc, ServerDisconnected):
        return isinstance(exc, NoReply)
    return isinstance(exc, (ConnectionResetError, BrokenPipeError, ConnectionAbortedError))
