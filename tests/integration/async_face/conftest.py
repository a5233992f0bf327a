"""The face fixtures: a connected client and a fresh container, per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from pylxd import AsyncClient
from pylxd.aio import Container

from ..servers import Server
from .helpers import remove_instance


@pytest.fixture
async def client(server: Server) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(endpoint=server.socket) as c:
        yield c


@pytest.fixture
async def container(client: AsyncClient, unique_name: str) -> AsyncIterator[Container]:
    """A stopped busybox container, removed afterwards."""
    config = {"name": unique_name, "source": {"type": "image", "alias": "busybox"}}
    await client.containers.create(config, wait=True)
    inst = await client.containers.get(unique_name)
    assert isinstance(inst, Container)
    try:
        yield inst
    finally:
        await remove_instance(client, unique_name)


@pytest.fixture
async def running(client: AsyncClient, shared_running: str) -> Container:
    """A running busybox container shared by the session (for commands and files)."""
    inst = await client.containers.get(shared_running)
    assert isinstance(inst, Container)
    return inst
