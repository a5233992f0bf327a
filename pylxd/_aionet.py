"""An httpcore network backend on asyncio's own streams, for the async face's unix-socket and
plain-HTTP connections.

httpcore's default for asyncio goes through anyio, whose per-read and per-write machinery
(cancel scopes, socket attribute lookups) cost more client CPU than the rest of a request on a
local socket, and whose import adds to the first request (see bench/). TLS connections keep
the default backend: asyncio's streams cannot start TLS on an open connection before 3.11.
"""

from __future__ import annotations

import asyncio
import select
import sys
from collections.abc import Awaitable, Iterable
from typing import Any, TypeVar

import httpcore

T = TypeVar("T")
# Reads ask for 64 KiB at a time; let the transport buffer more than that between them.
_BUFFER = 1 << 20


async def _timed(step: Awaitable[T], timeout: float | None) -> T:
    if timeout is None:
        return await step
    if sys.version_info >= (3, 11):  # a deadline on this task: no task per step
        async with asyncio.timeout(timeout):
            return await step
    return await asyncio.wait_for(step, timeout)


class _Stream(httpcore.AsyncNetworkStream):
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            return await _timed(self._reader.read(max_bytes), timeout)
        except asyncio.TimeoutError:
            raise httpcore.ReadTimeout(f"no data within {timeout} s") from None
        except OSError as exc:
            raise httpcore.ReadError(str(exc) or type(exc).__name__) from exc

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        try:
            self._writer.write(buffer)
            await _timed(self._writer.drain(), timeout)
        except asyncio.TimeoutError:
            raise httpcore.WriteTimeout(f"could not send within {timeout} s") from None
        except OSError as exc:
            raise httpcore.WriteError(str(exc) or type(exc).__name__) from exc

    async def aclose(self) -> None:
        # Closing the transport is enough on a local connection; waiting for the peer's
        # acknowledgement would only add a round trip (or a hang on a stalled peer).
        self._writer.close()

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            # An idle kept-alive connection with something to read has been closed (or
            # spoken to) by the server: httpcore then opens a new one.
            if self._reader.at_eof():
                return True
            sock = self._writer.get_extra_info("socket")
            if sock is None or sock.fileno() < 0:
                return True
            return bool(select.select([sock], [], [], 0)[0])
        if info == "socket":
            return self._writer.get_extra_info("socket")
        if info in ("client_addr", "server_addr"):
            return self._writer.get_extra_info("sockname" if info == "client_addr" else "peername")
        return None  # ssl_object: no TLS here


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        local = None if local_address is None else (local_address, 0)
        opening = asyncio.open_connection(host, port, limit=_BUFFER, local_addr=local)
        return await self._connect(opening, timeout)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await self._connect(asyncio.open_unix_connection(path, limit=_BUFFER), timeout)

    async def _connect(
        self,
        opening: Awaitable[tuple[asyncio.StreamReader, asyncio.StreamWriter]],
        timeout: float | None,
    ) -> _Stream:
        try:
            reader, writer = await _timed(opening, timeout)
        except asyncio.TimeoutError:
            raise httpcore.ConnectTimeout(f"not connected within {timeout} s") from None
        except OSError as exc:
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        return _Stream(reader, writer)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
