"""pylxd's ``pylxd.client`` module path: the clients and the raw REST tree."""

from ._async.client import AsyncClient
from ._sync.api import APINode as _APINode
from ._sync.api import APIResponse
from ._sync.client import Client

__all__ = ["APIResponse", "AsyncClient", "Client", "_APINode"]
