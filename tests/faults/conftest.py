"""Fixtures for the fault matrix: a proxy in front of the real LXD daemon."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ..integration.conftest import require
from ..integration.servers import Server, selected
from .proxy import FaultProxy


@pytest.fixture(params=selected(), ids=lambda s: s.name)
def proxy(request: pytest.FixtureRequest) -> Iterator[FaultProxy]:
    """A fault proxy in front of each real daemon in turn."""
    server: Server = request.param
    require(server)
    fault_proxy = FaultProxy(server.socket)
    yield fault_proxy
    fault_proxy.close()
