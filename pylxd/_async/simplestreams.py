"""Reading a simplestreams image server without a daemon: list and resolve remote images."""

from __future__ import annotations

import os
import ssl
from types import TracebackType
from typing import Any, Literal
from urllib.parse import urlsplit

from .. import _protocol, _simplestreams
from .._connection import Endpoint, TimeoutArg, TLSConfig, timeouts
from .._simplestreams import RemoteImage
from ..exceptions import LXDAPIException, NotFound
from .transport import Transport


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
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        self._prefix = parts.path
        # The system's CAs (or the file given); no proxy or CA variables apply.
        cafile = None if isinstance(verify, bool) else os.fspath(verify)
        context = ssl.create_default_context(cafile=cafile)
        tls = TLSConfig(context, "ca" if cafile else "system", cafile)
        if verify is False:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            tls = TLSConfig(context, "insecure")
        kind: Literal["https", "http"] = "https" if parts.scheme == "https" else "http"
        endpoint = Endpoint(kind, f"{parts.scheme}://{parts.netloc}", parts.hostname)
        # The client's own transport: the same HTTP, retry and error translation.
        self._transport = Transport(endpoint, tls if kind == "https" else None, timeouts(timeout))
        self._records: list[RemoteImage] | None = None

    async def _json(self, path: str) -> Any:
        url = f"{self.url}/{path.lstrip('/')}"
        response = await self._transport.send("GET", f"{self._prefix}/{path.lstrip('/')}")
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
        await self._transport.aclose()

    async def __aenter__(self) -> AsyncSimpleStreams:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
