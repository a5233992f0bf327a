# Generated: edit tests/integration/async_face/test_instances.py and run scripts/unasync.py.
"""Instances: create, list, get, lifecycle actions, rename, state, and bad input."""

from __future__ import annotations

import pytest

from pylxd import Client
from pylxd.models import Container, Instance
from pylxd.exceptions import (
    LXDAPIException,
    NotFound,
    OperationFailed,
    PylxdError,
)

from .helpers import LAZY_LOADING, remove_instance

BUSYBOX = {"type": "image", "alias": "busybox"}


def test_create_returns_the_object_without_reading_it(
    client: Client, unique_name: str
) -> None:
    try:
        before = client._transport.request_count
        created = client.containers.create(
            {"name": unique_name, "source": BUSYBOX}, wait=True
        )
        assert client._transport.request_count - before == 2  # the POST and its /wait
        assert isinstance(created, Container)
        assert created.name == unique_name
        if LAZY_LOADING:
            assert created.status == "Stopped"  # loaded on first access
        else:
            with pytest.raises(PylxdError, match="obj.sync"):
                _ = created.status
            created.sync()
            assert created.status == "Stopped"
    finally:
        remove_instance(client, unique_name)


def test_lifecycle_actions(client: Client, container: Container) -> None:
    before = client._transport.request_count
    container.start(wait=True)
    assert client._transport.request_count - before == 2  # the action and its /wait
    assert container.status == "Running"
    assert (container.state()).status == "Running"
    container.freeze(wait=True)
    assert container.status == "Frozen"
    assert (client.containers.get(container.name)).status == "Frozen"
    container.unfreeze(wait=True)
    assert container.status == "Running"
    container.restart(wait=True)
    assert (container.state()).status == "Running"
    container.stop(wait=True)
    assert container.status == "Stopped"
    assert (client.containers.get(container.name)).status == "Stopped"


def test_state_has_runtime_fields(client: Client, container: Container) -> None:
    container.start(wait=True)
    state = container.state()
    assert state.pid > 0
    assert state.processes >= 1
    assert "memory" in dict(state)
    container.stop(wait=True)


def test_action_without_wait_returns_at_once(
    client: Client, container: Container
) -> None:
    container.start(wait=False)
    for _ in range(100):
        if (container.state()).status == "Running":
            break
    assert (client.containers.get(container.name)).status == "Running"
    container.stop(force=True, wait=True)


def test_failed_action_raises_operation_failed(container: Container) -> None:
    with pytest.raises(LXDAPIException) as info:
        container.stop(wait=True)  # it is already stopped
    assert "stopped" in str(info.value).lower() or "not running" in str(info.value).lower()


def test_rename(client: Client, container: Container) -> None:
    old = container.name
    container.rename(old + "-r", wait=True)
    try:
        assert container.name == old + "-r"
        assert client.containers.exists(old + "-r")
        assert not client.containers.exists(old)
    finally:
        container.rename(old, wait=True)


def test_delete(client: Client, unique_name: str) -> None:
    created = client.containers.create({"name": unique_name, "source": BUSYBOX}, wait=True)
    created.delete(wait=True)
    assert not client.containers.exists(unique_name)


def test_get_and_exists(client: Client, container: Container) -> None:
    got = client.instances.get(container.name)
    assert isinstance(got, Instance)
    assert got.type == "container"
    assert got == container
    assert client.instances.exists(container.name)
    assert not client.instances.exists(container.name + "-nope")
    with pytest.raises(NotFound):
        client.containers.get(container.name + "-nope")


def test_all_lists_by_type(client: Client, container: Container) -> None:
    assert container.name in [i.name for i in client.instances.all()]
    assert container.name in [i.name for i in client.containers.all()]
    assert container.name not in [i.name for i in client.virtual_machines.all()]
    listed = [i for i in client.instances.all(recursion=2) if i.name == container.name]
    assert listed[0].to_dict()["state"]["status"] == "Stopped"


def test_creating_a_duplicate_conflicts(client: Client, container: Container) -> None:
    # LXD answers 409 (Conflict); Incus fails the operation on its database constraint.
    with pytest.raises(LXDAPIException):
        client.containers.create({"name": container.name, "source": BUSYBOX}, wait=True)
    assert (client.containers.get(container.name)).status == "Stopped"


def test_virtual_machines_give_the_servers_error(
    client: Client, unique_name: str
) -> None:
    try:
        with pytest.raises(LXDAPIException):
            client.virtual_machines.create(
                {"name": unique_name, "source": BUSYBOX}, wait=True
            )
    finally:
        remove_instance(client, unique_name)


def test_bad_input(client: Client) -> None:
    with pytest.raises(NotFound):
        client.instances.get("pylxd-no-such-instance")
    for bad in ("a/b", "a?b", "a#b", "", ".", ".."):
        with pytest.raises(ValueError, match="name"):
            client.instances.get(bad)
    with pytest.raises(TypeError, match="name"):
        client.instances.get(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="config"):
        client.instances.create(["not", "a", "dict"])  # type: ignore[arg-type]
    # A name the server judges invalid reaches the server, whose message is kept.
    with pytest.raises(LXDAPIException) as info:
        client.containers.create({"name": "bad name!", "source": BUSYBOX}, wait=True)
    assert "name" in str(info.value).lower()
    assert not isinstance(info.value, OperationFailed) or info.value.operation


def test_failed_create_is_operation_failed(client: Client, unique_name: str) -> None:
    source = {"type": "image", "fingerprint": "0" * 64}
    try:
        with pytest.raises(LXDAPIException):
            client.containers.create({"name": unique_name, "source": source}, wait=True)
    finally:
        remove_instance(client, unique_name)


def test_all_is_one_request_for_30_instances(
    client: Client, many_containers: list[str]
) -> None:
    before = client._transport.request_count
    listed = client.instances.all()
    assert client._transport.request_count - before == 1
    names = {i.name for i in listed}
    assert set(many_containers) <= names
    # Every listed object already has its fields: reading them sends nothing.
    for inst in listed:
        assert inst.config is not None and inst.status
    assert client._transport.request_count - before == 1
