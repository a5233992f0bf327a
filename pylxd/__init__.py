"""pylxd: a client for the LXD and Incus REST APIs, blocking (``Client``) and asyncio
(``AsyncClient``), with the same managers, models and methods."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import exceptions
from ._certs import generate_client_certificate
from ._events import Event, EventType
from ._progress import Progress

if TYPE_CHECKING:
    from ._async.client import AsyncClient
    from ._sync.client import Client


def __getattr__(name: str) -> Any:
    # Each face loads only when asked for: a blocking user does not pay for asyncio and its
    # websocket client at import, nor an asyncio user for the blocking face.
    if name == "Client":
        from ._sync.client import Client

        return Client
    if name == "AsyncClient":
        from ._async.client import AsyncClient

        return AsyncClient
    if name == "__version__":  # importlib.metadata costs ~25 ms: only when asked
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("pylxd")
        except PackageNotFoundError:  # a source tree that is not installed
            return "0+unknown"
    raise AttributeError(f"module 'pylxd' has no attribute {name!r}")


__all__ = [
    "AsyncClient",
    "Client",
    "Event",
    "EventType",
    "Progress",
    "__version__",
    "exceptions",
    "generate_client_certificate",
]
