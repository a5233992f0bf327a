"""pylxd's ``pylxd.client`` module path: the clients and the raw REST tree."""

from typing import TYPE_CHECKING, Any

from ._sync.api import APINode as _APINode
from ._sync.api import APIResponse
from ._sync.client import Client

if TYPE_CHECKING:
    from ._async.client import AsyncClient


def __getattr__(name: str) -> Any:
    if name == "AsyncClient":  # loaded on demand, as in the package
        from ._async.client import AsyncClient

        return AsyncClient
    raise AttributeError(f"module 'pylxd.client' has no attribute {name!r}")


__all__ = ["APIResponse", "AsyncClient", "Client", "_APINode"]
