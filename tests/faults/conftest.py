"""Fixtures for the fault matrix: a proxy in front of the real LXD daemon."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from ..integration.conftest import _reachable
from ..integration.servers import SERVERS
from .proxy import FaultProxy


@pytest.fixture
def proxy() -> Iterator[FaultProxy]:
    server = SERVERS["lxd"]
    problem = _reachable(server)
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"lxd daemon not available: {problem}")
        pytest.skip(f"lxd daemon not available: {problem}")
    fault_proxy = FaultProxy(server.socket)
    yield fault_proxy
    fault_proxy.close()
