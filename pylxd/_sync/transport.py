# Generated: edit pylxd/_async/transport.py and run scripts/unasync.py.
"""The HTTP connection pool of one client, over a unix socket or HTTPS."""

from __future__ import annotations

import logging
import ssl
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import httpx

from .._connection import Endpoint, Timeouts, TLSConfig
from .._errors import translated
from ..exceptions import ClientConnectionFailed

if TYPE_CHECKING:
    from websockets.sync.client import ClientConnection


log = logging.getLogger("pylxd")


def _httpx_timeout(t: Timeouts) -> httpx.Timeout:
    return httpx.Timeout(connect=t.connect, read=t.read, write=t.read, pool=t.connect)


class Transport:
    """Sends requests; counts them (``request_count``) so tests can check request budgets."""

    def __init__(self, endpoint: Endpoint, tls: TLSConfig | None, timeouts: Timeouts) -> None:
        self.endpoint = endpoint
        self.timeouts = timeouts
        self.request_count = 0
        self.tls = tls
        ssl_ctx = self._ssl = None if tls is None else tls.context
        if endpoint.kind == "unix":
            # No TLS on a unix socket: verify=False spares building a CA store (~25 ms).
            pool = httpx.HTTPTransport(uds=endpoint.address, verify=False)
        else:
            pool = httpx.HTTPTransport(verify=ssl_ctx if ssl_ctx is not None else False)
        # trust_env=False: proxies and CA variables from the environment never apply; what
        # verify= says is what is checked.
        self._http = httpx.Client(
            transport=pool,
            base_url=endpoint.base_url,
            timeout=_httpx_timeout(timeouts),
            trust_env=False,
            # Bodies are read raw (file and image downloads are hashed and written as they
            # come): ask for them unencoded.
            headers={"Accept-Encoding": "identity"},
        )

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
    ) -> httpx.Response:
        self.request_count += 1
        timeout = _httpx_timeout(timeouts or self.timeouts)
        # A GET or HEAD that died on a reset is sent once more: nothing was changed by it.
        retries = 1 if method in ("GET", "HEAD") and content is None else 0
        with translated(f"{method} {path}", self.endpoint):
            request = self._http.build_request(
                method,
                path,
                params=params,
                json=json,
                content=content,
                headers=headers,
                timeout=timeout,
            )
            while True:
                try:
                    started = time.perf_counter()
                    response = self._http.send(request, stream=stream)
                    if log.isEnabledFor(logging.DEBUG):  # method, path, status, time: no
                        log.debug(  # query, headers or body, which may hold secrets
                            "%s %s -> %d in %.1f ms",
                            method,
                            path,
                            response.status_code,
                            (time.perf_counter() - started) * 1000,
                        )
                    return response
                except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
                    if retries == 0 or not _was_reset(exc):
                        raise
                    retries -= 1
                    self.request_count += 1
                except httpx.ConnectError as exc:
                    self._explain_tls(exc)
                    raise

    def _explain_tls(self, exc: httpx.ConnectError) -> None:
        """Say what a failed certificate check expected and what the server presented."""
        if self.tls is None:
            return
        cause: BaseException | None = exc
        while cause is not None and not isinstance(cause, ssl.SSLCertVerificationError):
            cause = cause.__cause__ or cause.__context__  # httpx wraps httpcore wraps ssl
        if isinstance(cause, ssl.SSLCertVerificationError):
            message = self.tls.explain(self.endpoint, str(cause.verify_message or cause))
            raise ClientConnectionFailed(message) from None

    def read(self, response: httpx.Response) -> bytes:
        with translated(f"reading {response.request.url.path}", self.endpoint):
            return response.read()

    def websocket(
        self, path: str, params: Mapping[str, Any], timeouts: Timeouts | None = None
    ) -> ClientConnection:
        """Open a websocket (exec, console, events) with the same TLS checks as HTTP."""
        # Imported here: only exec, console, events and migrations need websockets.
        from websockets.sync.client import ClientConnection, connect, unix_connect

        self.request_count += 1
        query = urlencode(params)
        target = f"{path}?{query}" if query else path
        # No size limit (exec output comes in large frames), no compression, no client pings
        # (the server pings; the library answers), no proxy from the environment.
        options: dict[str, Any] = {
            "max_size": None,
            "compression": None,
            "ping_interval": None,
            "open_timeout": (timeouts or self.timeouts).connect,
            "close_timeout": 2,
        }
        from . import face
        options["legacy"] = True  # a plain call, not a context manager (websockets 17)
        options["create_connection"] = face.websocket_connection_class()
        log.debug("websocket %s", path)  # the secret in the query is not logged
        with translated(f"websocket {path}", self.endpoint):
            if self.endpoint.kind == "unix":
                ws = unix_connect(self.endpoint.address, f"ws://lxd{target}", **options)
            else:
                scheme = "wss" if self.endpoint.kind == "https" else "ws"
                netloc = self.endpoint.address.split("://", 1)[1]
                ws = connect(
                    f"{scheme}://{netloc}{target}", ssl=self._ssl, proxy=None, **options
                )
        assert isinstance(ws, ClientConnection)
        return ws

    def close(self) -> None:
        self._http.close()


def _was_reset(exc: httpx.TransportError) -> bool:
    """A connection reset, or a connection the server dropped before answering: worth one
    more try for a GET. A body cut short after a clean close is not retried."""
    if isinstance(exc, (httpx.ReadError, httpx.WriteError)):
        return True
    return str(exc).startswith("Server disconnected without sending a response")
