"""pylxd: a client for the LXD and Incus REST APIs, blocking (``Client``) and asyncio
(``AsyncClient``), with the same managers, models and methods."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from . import exceptions
from ._async.client import AsyncClient
from ._certs import generate_client_certificate
from ._events import Event, EventType
from ._progress import Progress
from ._sync.client import Client

try:
    __version__ = version("pylxd")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

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
