# Generated: edit tests/integration/async_face/test_migration.py and run scripts/unasync.py.
"""Copies and moves between two real daemons of the same flavour, in each mode."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pylxd import Client
from pylxd.models import Container
from pylxd.exceptions import ClientConnectionFailed, LXDAPIException, PylxdError

from ..servers import Server
from .helpers import remove_instance


@pytest.fixture
def other(peer: Server) -> Iterator[Client]:
    with Client(endpoint=peer.socket) as c:
        yield c


def _prepared(container: Container) -> None:
    container.start(wait=True)
    container.files.put("/root/marker", b"travelled")
    container.stop(wait=True)
    container.snapshots.create("s1", wait=True)


@pytest.mark.parametrize("mode", ["pull", "push", "relay"])
def test_copy_between_servers(
    mode: str, container: Container, other: Client, unique_name: str
) -> None:
    _prepared(container)
    # Names are shared by every daemon on a host: the copy gets its own.
    name = f"{unique_name}-{mode}"
    try:
        copy = container.copy(name, client=other, mode=mode, wait=True)
        assert copy.name == name
        fresh = other.instances.get(name)
        assert fresh.status == "Stopped"
        assert [s.name for s in fresh.snapshots.all()] == ["s1"]
        fresh.start(wait=True)
        assert fresh.files.get("/root/marker") == b"travelled"
        assert fresh.config.get("image.os") == "BusyBox"
    finally:
        remove_instance(other, name)


@pytest.mark.parametrize("mode", ["pull", "relay"])
def test_snapshot_copy_between_servers(
    mode: str, container: Container, other: Client, unique_name: str
) -> None:
    _prepared(container)
    snap = container.snapshots.get("s1")
    name = f"{unique_name}-snap-{mode}"
    try:
        snap.copy(name, client=other, mode=mode, wait=True)
        fresh = other.instances.get(name)
        fresh.start(wait=True)
        assert fresh.files.get("/root/marker") == b"travelled"
        assert fresh.snapshots.all() == []
    finally:
        remove_instance(other, name)


def test_instance_only_copy(
    container: Container, other: Client, unique_name: str
) -> None:
    _prepared(container)
    name = unique_name + "-only"
    try:
        container.copy(name, instance_only=True, client=other, mode="relay", wait=True)
        assert (other.instances.get(name)).snapshots.all() == []
    finally:
        remove_instance(other, name)


def test_migrate_moves_the_instance(
    client: Client, container: Container, other: Client, unique_name: str
) -> None:
    name = container.name
    try:
        moved = container.migrate(other, mode="relay")
        assert moved.name == name
        assert (other.instances.get(name)).status == "Stopped"
        assert not client.instances.exists(name)
    finally:
        remove_instance(other, name)


def test_copy_errors_leave_nothing_behind(
    container: Container, other: Client, unique_name: str, server: Server
) -> None:
    with pytest.raises(ValueError, match="mode"):
        container.copy(unique_name, client=other, mode="teleport")
    # A name clash on the target is refused and the target's instance is untouched.
    clash = unique_name + "-clash"
    other.instances.create(
        {"name": clash, "source": {"type": "image", "alias": "busybox"}}, wait=True
    )
    try:
        with pytest.raises(LXDAPIException):
            container.copy(clash, client=other, mode="relay", wait=True)
        assert (other.instances.get(clash)).status == "Stopped"
    finally:
        remove_instance(other, clash)
    # Pull from a server without an HTTPS address cannot work: the error says why.
    no_https = Client(endpoint=container.client.endpoint.address)
    no_https.connect()
    no_https.host_info["environment"]["addresses"] = []
    try:
        source = no_https.instances.get(container.name)
        with pytest.raises(PylxdError, match="HTTPS"):
            source.copy(unique_name + "-x", client=other, mode="pull", wait=True)
    finally:
        no_https.close()
    assert not other.instances.exists(unique_name + "-x")


def test_unreachable_target(container: Container, unique_name: str) -> None:
    with pytest.raises(ClientConnectionFailed):
        with Client(endpoint="https://127.0.0.1:1", verify=False) as unreachable:
            container.copy(unique_name, client=unreachable, mode="relay", wait=True)
