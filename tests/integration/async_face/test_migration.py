"""Copies and moves between two real daemons of the same flavour, in each mode."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from pylxd import AsyncClient
from pylxd.aio import Container
from pylxd.exceptions import ClientConnectionFailed, LXDAPIException, PylxdError

from ..servers import Server
from .helpers import remove_instance


@pytest.fixture
async def other(peer: Server) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(endpoint=peer.socket) as c:
        yield c


async def _prepared(container: Container) -> None:
    await container.start(wait=True)
    await container.files.put("/root/marker", b"travelled")
    await container.stop(wait=True)
    await container.snapshots.create("s1", wait=True)


@pytest.mark.parametrize("mode", ["pull", "push", "relay"])
async def test_copy_between_servers(
    mode: str, container: Container, other: AsyncClient, unique_name: str
) -> None:
    await _prepared(container)
    # Names are shared by every daemon on a host: the copy gets its own.
    name = f"{unique_name}-{mode}"
    try:
        copy = await container.copy(name, client=other, mode=mode, wait=True)
        assert copy.name == name
        fresh = await other.instances.get(name)
        assert fresh.status == "Stopped"
        assert [s.name for s in await fresh.snapshots.all()] == ["s1"]
        await fresh.start(wait=True)
        assert await fresh.files.get("/root/marker") == b"travelled"
        assert fresh.config.get("image.os") == "BusyBox"
    finally:
        await remove_instance(other, name)


@pytest.mark.parametrize("mode", ["pull", "relay"])
async def test_snapshot_copy_between_servers(
    mode: str, container: Container, other: AsyncClient, unique_name: str
) -> None:
    await _prepared(container)
    snap = await container.snapshots.get("s1")
    name = f"{unique_name}-snap-{mode}"
    try:
        await snap.copy(name, client=other, mode=mode, wait=True)
        fresh = await other.instances.get(name)
        await fresh.start(wait=True)
        assert await fresh.files.get("/root/marker") == b"travelled"
        assert await fresh.snapshots.all() == []
    finally:
        await remove_instance(other, name)


async def test_instance_only_copy(
    container: Container, other: AsyncClient, unique_name: str
) -> None:
    await _prepared(container)
    name = unique_name + "-only"
    try:
        await container.copy(name, instance_only=True, client=other, mode="relay", wait=True)
        assert await (await other.instances.get(name)).snapshots.all() == []
    finally:
        await remove_instance(other, name)


async def test_migrate_moves_the_instance(
    client: AsyncClient, container: Container, other: AsyncClient, unique_name: str
) -> None:
    name = container.name
    try:
        moved = await container.migrate(other, mode="relay")
        assert moved.name == name
        assert (await other.instances.get(name)).status == "Stopped"
        assert not await client.instances.exists(name)
    finally:
        await remove_instance(other, name)


async def test_copy_errors_leave_nothing_behind(
    container: Container, other: AsyncClient, unique_name: str, server: Server
) -> None:
    with pytest.raises(ValueError, match="mode"):
        await container.copy(unique_name, client=other, mode="teleport")
    # A name clash on the target is refused and the target's instance is untouched.
    clash = unique_name + "-clash"
    await other.instances.create(
        {"name": clash, "source": {"type": "image", "alias": "busybox"}}, wait=True
    )
    try:
        with pytest.raises(LXDAPIException):
            await container.copy(clash, client=other, mode="relay", wait=True)
        assert (await other.instances.get(clash)).status == "Stopped"
    finally:
        await remove_instance(other, clash)
    # Pull from a server without an HTTPS address cannot work: the error says why.
    no_https = AsyncClient(endpoint=container.client.endpoint.address)
    await no_https.connect()
    no_https.host_info["environment"]["addresses"] = []
    try:
        source = await no_https.instances.get(container.name)
        with pytest.raises(PylxdError, match="HTTPS"):
            await source.copy(unique_name + "-x", client=other, mode="pull", wait=True)
    finally:
        await no_https.aclose()
    assert not await other.instances.exists(unique_name + "-x")


async def test_unreachable_target(container: Container, unique_name: str) -> None:
    with pytest.raises(ClientConnectionFailed):
        async with AsyncClient(endpoint="https://127.0.0.1:1", verify=False) as unreachable:
            await container.copy(unique_name, client=unreachable, mode="relay", wait=True)
