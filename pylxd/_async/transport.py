"""The HTTP connection pool of one client, over a unix socket or HTTPS."""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import httpx
from websockets.asyncio.client import ClientConnection, connect, unix_connect

from .._connection import Endpoint, Timeouts
from .._errors import translated
from . import face  # noqa: F401 - the sync face's websocket class


def _httpx_timeout(t: Timeouts) -> httpx.Timeout:
    return httpx.Timeout(connect=t.connect, read=t.read, write=t.read, pool=t.connect)


class Transport:
    """Sends requests; counts them (``request_count``) so tests can check request budgets."""

    def __init__(
        self, endpoint: Endpoint, ssl_ctx: ssl.SSLContext | None, timeouts: Timeouts
    ) -> None:
        self.endpoint = endpoint
        self.timeouts = timeouts
        self.request_count = 0
        self._ssl = ssl_ctx
        if endpoint.kind == "unix":
            pool = httpx.AsyncHTTPTransport(uds=endpoint.address)
        else:
            pool = httpx.AsyncHTTPTransport(verify=ssl_ctx if ssl_ctx is not None else False)
        # trust_env=False: proxies and CA variables from the environment never apply; what
        # verify= says is what is checked.
        self._http = httpx.AsyncClient(
            transport=pool,
            base_url=endpoint.base_url,
            timeout=_httpx_timeout(timeouts),
            trust_env=False,
        )

    async def send(
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
            return await self._http.send(request, stream=stream)

    async def read(self, response: httpx.Response) -> bytes:
        with translated(f"reading {response.request.url.path}", self.endpoint):
            return await response.aread()

    async def websocket(self, path: str, params: Mapping[str, Any]) -> ClientConnection:
        """Open a websocket (exec, console, events) with the same TLS checks as HTTP."""
        self.request_count += 1
        query = urlencode(params)
        target = f"{path}?{query}" if query else path
        # No size limit (exec output comes in large frames), no compression, no client pings
        # (the server pings; the library answers), no proxy from the environment.
        options: dict[str, Any] = {
            "max_size": None,
            "compression": None,
            "ping_interval": None,
            "open_timeout": self.timeouts.connect,
            "close_timeout": 2,
        }
        # sync: options["legacy"] = True  # a plain call, not a context manager (websockets 17)
        # sync: options["create_connection"] = face.WebSocketConnection
        with translated(f"websocket {path}", self.endpoint):
            if self.endpoint.kind == "unix":
                ws = await unix_connect(self.endpoint.address, f"ws://lxd{target}", **options)
            else:
                scheme = "wss" if self.endpoint.kind == "https" else "ws"
                netloc = self.endpoint.address.split("://", 1)[1]
                ws = await connect(
                    f"{scheme}://{netloc}{target}", ssl=self._ssl, proxy=None, **options
                )
        assert isinstance(ws, ClientConnection)
        return ws

    async def aclose(self) -> None:
        await self._http.aclose()
