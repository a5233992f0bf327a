"""Instances: create, list, get, lifecycle actions, rename, state, and bad input."""

from __future__ import annotations

import pytest

from pylxd import AsyncClient
from pylxd.aio import Container, Instance
from pylxd.exceptions import (
    LXDAPIException,
    NotFound,
    OperationFailed,
    PylxdError,
)

from .helpers import LAZY_LOADING, remove_instance

BUSYBOX = {"type": "image", "alias": "busybox"}


async def test_create_returns_the_object_without_reading_it(
    client: AsyncClient, unique_name: str
) -> None:
    try:
        before = client._transport.request_count
        created = await client.containers.create(
            {"name": unique_name, "source": BUSYBOX}, wait=True
        )
        assert client._transport.request_count - before == 2  # the POST and its /wait
        assert isinstance(created, Container)
        assert created.name == unique_name
        if LAZY_LOADING:
            assert created.status == "Stopped"  # loaded on first access
        else:
            with pytest.raises(PylxdError, match="await obj.sync"):
                _ = created.status
            await created.sync()
            assert created.status == "Stopped"
    finally:
        await remove_instance(client, unique_name)


async def test_lifecycle_actions(client: AsyncClient, container: Container) -> None:
    before = client._transport.request_count
    await container.start(wait=True)
    assert client._transport.request_count - before == 2  # the action and its /wait
    assert container.status == "Running"
    assert (await container.state()).status == "Running"
    await container.freeze(wait=True)
    assert container.status == "Frozen"
    assert (await client.containers.get(container.name)).status == "Frozen"
    await container.unfreeze(wait=True)
    assert container.status == "Running"
    await container.restart(wait=True)
    assert (await container.state()).status == "Running"
    await container.stop(wait=True)
    assert container.status == "Stopped"
    assert (await client.containers.get(container.name)).status == "Stopped"


async def test_state_has_runtime_fields(client: AsyncClient, container: Container) -> None:
    await container.start(wait=True)
    state = await container.state()
    assert state.pid > 0
    assert state.processes >= 1
    assert "memory" in dict(state)
    await container.stop(wait=True)


async def test_action_without_wait_returns_at_once(
    client: AsyncClient, container: Container
) -> None:
    await container.start(wait=False)
    for _ in range(100):
        if (await container.state()).status == "Running":
            break
    assert (await client.containers.get(container.name)).status == "Running"
    await container.stop(force=True, wait=True)


async def test_failed_action_raises_operation_failed(container: Container) -> None:
    with pytest.raises(LXDAPIException) as info:
        await container.stop(wait=True)  # it is already stopped
    assert "stopped" in str(info.value).lower() or "not running" in str(info.value).lower()


async def test_rename(client: AsyncClient, container: Container) -> None:
    old = container.name
    await container.rename(old + "-r", wait=True)
    try:
        assert container.name == old + "-r"
        assert await client.containers.exists(old + "-r")
        assert not await client.containers.exists(old)
    finally:
        await container.rename(old, wait=True)


async def test_delete(client: AsyncClient, unique_name: str) -> None:
    created = await client.containers.create({"name": unique_name, "source": BUSYBOX}, wait=True)
    await created.delete(wait=True)
    assert not await client.containers.exists(unique_name)


async def test_get_and_exists(client: AsyncClient, container: Container) -> None:
    got = await client.instances.get(container.name)
    assert isinstance(got, Instance)
    assert got.type == "container"
    assert got == container
    assert await client.instances.exists(container.name)
    assert not await client.instances.exists(container.name + "-nope")
    with pytest.raises(NotFound):
        await client.containers.get(container.name + "-nope")


async def test_all_lists_by_type(client: AsyncClient, container: Container) -> None:
    assert container.name in [i.name for i in await client.instances.all()]
    assert container.name in [i.name for i in await client.containers.all()]
    assert container.name not in [i.name for i in await client.virtual_machines.all()]
    listed = [i for i in await client.instances.all(recursion=2) if i.name == container.name]
    assert listed[0].to_dict()["state"]["status"] == "Stopped"


async def test_creating_a_duplicate_conflicts(client: AsyncClient, container: Container) -> None:
    # LXD answers 409 (Conflict); Incus fails the operation on its database constraint.
    with pytest.raises(LXDAPIException):
        await client.containers.create({"name": container.name, "source": BUSYBOX}, wait=True)
    assert (await client.containers.get(container.name)).status == "Stopped"


async def test_virtual_machines_give_the_servers_error(
    client: AsyncClient, unique_name: str
) -> None:
    try:
        with pytest.raises(LXDAPIException):
            await client.virtual_machines.create(
                {"name": unique_name, "source": BUSYBOX}, wait=True
            )
    finally:
        await remove_instance(client, unique_name)


async def test_bad_input(client: AsyncClient) -> None:
    with pytest.raises(NotFound):
        await client.instances.get("pylxd-no-such-instance")
    for bad in ("a/b", "a?b", "a#b", "", ".", ".."):
        with pytest.raises(ValueError, match="name"):
            await client.instances.get(bad)
    with pytest.raises(TypeError, match="name"):
        await client.instances.get(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="config"):
        await client.instances.create(["not", "a", "dict"])  # type: ignore[arg-type]
    # A name the server judges invalid reaches the server, whose message is kept.
    with pytest.raises(LXDAPIException) as info:
        await client.containers.create({"name": "bad name!", "source": BUSYBOX}, wait=True)
    assert "name" in str(info.value).lower()
    assert not isinstance(info.value, OperationFailed) or info.value.operation


async def test_failed_create_is_operation_failed(client: AsyncClient, unique_name: str) -> None:
    source = {"type": "image", "fingerprint": "0" * 64}
    try:
        with pytest.raises(LXDAPIException):
            await client.containers.create({"name": unique_name, "source": source}, wait=True)
    finally:
        await remove_instance(client, unique_name)


async def test_all_is_one_request_for_30_instances(
    client: AsyncClient, many_containers: list[str]
) -> None:
    before = client._transport.request_count
    listed = await client.instances.all()
    assert client._transport.request_count - before == 1
    names = {i.name for i in listed}
    assert set(many_containers) <= names
    # Every listed object already has its fields: reading them sends nothing.
    for inst in listed:
        assert inst.config is not None and inst.status
    assert client._transport.request_count - before == 1
