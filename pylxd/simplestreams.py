"""A client-side reader of simplestreams image servers (``SimpleStreams``, and
``AsyncSimpleStreams`` for asyncio): list and resolve remote images without a daemon."""

from ._async.simplestreams import AsyncSimpleStreams
from ._simplestreams import RemoteImage
from ._sync.simplestreams import SimpleStreams

__all__ = ["AsyncSimpleStreams", "RemoteImage", "SimpleStreams"]
