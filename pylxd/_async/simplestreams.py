"""Reading a simplestreams image server without a daemon: list and resolve remote images."""

from __future__ import annotations

import os
import ssl
from types import TracebackType
from typing import Any

import httpx

from .. import _protocol, _simplestreams
from .._connection import TimeoutArg, timeouts
from .._errors import translated
from .._simplestreams import RemoteImage
from ..exceptions import LXDAPIException, NotFound


class AsyncSimpleStreams:
    """A simplestreams server (``https://...`` or a loopback ``http://``): ``images()``,
    ``get(alias)``; ``source(alias)`` gives the ``source`` for creating an instance from it."""

    def __init__(
        self,
        url: str,
        *,
        verify: bool | str | os.PathLike[str] = True,
        timeout: TimeoutArg = None,
    ) -> None:
        self.url = url.rstrip("/")
        t = timeouts(timeout)
        context: ssl.SSLContext | bool = verify is not False
        if isinstance(verify, (str, os.PathLike)):
            context = ssl.create_default_context(cafile=os.fspath(verify))
        self._http = httpx.AsyncClient(
            verify=context,
            timeout=httpx.Timeout(connect=t.connect, read=t.read, write=t.read, pool=t.connect),
            trust_env=False,
        )
        self._records: list[RemoteImage] | None = None

    async def _json(self, path: str) -> Any:
        url = f"{self.url}/{path.lstrip('/')}"
        with translated(f"GET {url}", self.url):
            response = await self._http.get(url)
        if response.status_code >= 400:
            raise LXDAPIException(None, f"GET {url}: HTTP {response.status_code}")
        try:
            return _protocol.decode_json(response.content)
        except ValueError:
            raise LXDAPIException(None, f"GET {url}: not JSON") from None

    async def images(self) -> list[RemoteImage]:
        """Every image version the server offers (read once, then cached)."""
        if self._records is None:
            index = await self._json("streams/v1/index.json")
            records: list[RemoteImage] = []
            for path in _simplestreams.index_products(index):
                records += _simplestreams.images(await self._json(path))
            self._records = records
        return list(self._records)

    async def get(
        self,
        alias: str,
        *,
        architecture: str | None = None,
        type: str = "container",  # noqa: A002
    ) -> RemoteImage:
        """The newest image with that alias (or fingerprint) for the architecture and type."""
        matches = [
            r
            for r in await self.images()
            if (alias in r.aliases or r.fingerprint == alias)
            and r.type == type
            and (architecture is None or r.architecture == architecture)
        ]
        if not matches:
            raise NotFound(None, f"{self.url}: no {type} image {alias!r}")
        return max(matches, key=lambda r: r.version)

    def source(self, alias: str) -> dict[str, Any]:
        """The ``source`` of an instance or image created from this server."""
        return {
            "type": "image",
            "mode": "pull",
            "protocol": "simplestreams",
            "server": self.url,
            "alias": alias,
        }

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncSimpleStreams:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
