# Generated: edit tests/integration/async_face/conftest.py and run scripts/unasync.py.
"""The face fixtures: a connected client and a fresh container, per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pylxd import Client
from pylxd.models import Container

from ..servers import Server
from .helpers import remove_instance


@pytest.fixture
def client(server: Server) -> Iterator[Client]:
    with Client(endpoint=server.socket) as c:
        yield c


@pytest.fixture
def container(client: Client, unique_name: str) -> Iterator[Container]:
    """A stopped busybox container, removed afterwards."""
    config = {"name": unique_name, "source": {"type": "image", "alias": "busybox"}}
    client.containers.create(config, wait=True)
    inst = client.containers.get(unique_name)
    assert isinstance(inst, Container)
    try:
        yield inst
    finally:
        remove_instance(client, unique_name)


@pytest.fixture
def running(client: Client, shared_running: str) -> Container:
    """A running busybox container shared by the session (for commands and files)."""
    inst = client.containers.get(shared_running)
    assert isinstance(inst, Container)
    return inst
