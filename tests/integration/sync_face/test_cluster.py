# Generated: edit tests/integration/async_face/test_cluster.py and run scripts/unasync.py.
"""Clusters: a real 3-member cluster on loopback addresses (its own daemons), members, groups,
placement, evacuation, join tokens, two-phase creates, and enabling clustering."""

from __future__ import annotations

import time
import ssl
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pylxd import Client
from pylxd.exceptions import LXDAPIException

from ...certs import make_cert
from ..conftest import ClusterInfo, join_member, remove_member
from .helpers import remove_instance

BUSYBOX = {"type": "image", "alias": "busybox"}


@pytest.fixture
def member1(cluster: ClusterInfo) -> Iterator[Client]:
    with Client(endpoint=cluster.socket(1)) as c:
        yield c


@pytest.fixture(scope="session")
def cluster_image(cluster: ClusterInfo) -> str:
    """The busybox image imported into the cluster once (alias busybox)."""
    from pylxd import Client

    from ...images import BUILD

    client = Client(endpoint=cluster.socket(1))
    if not client.images.exists("busybox", alias=True):
        client.images.create(BUILD / "busybox.tar.gz", aliases=["busybox"])
    fingerprint: str = client.images.get_by_alias("busybox").fingerprint
    client.close()
    return fingerprint


def test_cluster_and_members(member1: Client) -> None:
    assert member1.server_clustered is True
    cluster = member1.cluster.get()
    assert cluster.enabled is True and cluster.server_name == "member1"
    before = member1._transport.request_count
    members = member1.cluster.members.all()
    assert member1._transport.request_count - before == 1
    assert sorted(m.server_name for m in members)[:3] == ["member1", "member2", "member3"]
    assert all(m.status == "Online" for m in members)
    member = member1.cluster.members.get("member2")
    member.description = "second"
    member.save()
    assert (member1.cluster.members.get("member2")).description == "second"
    if member1.has_api_extension("cluster_member_state"):
        state = member.state()
        assert "storage_pools" in state.to_dict()


def test_placement_and_evacuation(
    member1: Client, cluster_image: str, unique_name: str
) -> None:
    config = {"name": unique_name, "source": BUSYBOX}
    inst = member1.instances.create(config, wait=True, target="member2")
    try:
        inst.sync()
        assert inst.location == "member2"
        inst.start(wait=True)
        member2 = member1.cluster.members.get("member2")
        member2.evacuate(wait=True)
        assert (member1.cluster.members.get("member2")).status == "Evacuated"
        moved = member1.instances.get(unique_name)
        assert moved.location != "member2" or moved.status == "Stopped"
        member2.restore(wait=True)
        assert (member1.cluster.members.get("member2")).status == "Online"
    finally:
        remove_instance(member1, unique_name)


def test_groups(member1: Client, cluster_image: str, unique_name: str) -> None:
    name = f"g{uuid.uuid4().hex[:8]}"
    group = member1.cluster.groups.create(name, "a group", members=["member3"])
    try:
        got = member1.cluster.groups.get(name)
        assert got.members == ["member3"] and got.description == "a group"
        assert name in [g.name for g in member1.cluster.groups.all()]
        inst = member1.instances.create(
            {"name": unique_name, "source": BUSYBOX}, wait=True, target=f"@{name}"
        )
        inst.sync()
        assert inst.location == "member3"
        inst.delete(wait=True)
        got.description = "edited"
        got.save()
        got.rename(name + "r")
        group = got
    finally:
        remove_instance(member1, unique_name)
        for n in (name, name + "r"):
            if member1.cluster.groups.exists(n):
                leftover = member1.cluster.groups.get(n)
                leftover.members = []  # only empty groups can be removed
                leftover.save()
                leftover.delete()
    assert group.name == name + "r"


def test_join_tokens_and_a_fourth_member(member1: Client, cluster: ClusterInfo) -> None:
    token = member1.cluster.members.create_token("member4")
    assert "member4" in [t.server_name for t in member1.cluster.members.tokens()]
    member1.cluster.members.revoke_token("member4")
    assert "member4" not in [t.server_name for t in member1.cluster.members.tokens()]
    token = member1.cluster.members.create_token("member4")
    join_member(cluster, 4, token)
    try:
        names = [m.server_name for m in member1.cluster.members.all()]
        assert "member4" in names
        member4 = member1.cluster.members.get("member4")
        member4.rename("member4b")
        assert member1.cluster.members.exists("member4b")
        member4.delete(wait=True)
        assert not member1.cluster.members.exists("member4b")
    finally:
        remove_member(cluster, 4)


def test_two_phase_pool_and_network(member1: Client, unique_name: str) -> None:
    name = f"p{uuid.uuid4().hex[:8]}"
    for member in ("member1", "member2", "member3"):
        member1.storage_pools.create({"name": name, "driver": "dir"}, target=member)
    assert (member1.storage_pools.get(name)).status == "Pending"
    member1.storage_pools.create({"name": name, "driver": "dir"})
    try:
        pool = member1.storage_pools.get(name)
        assert pool.status == "Created"
        pool.volumes.create({"name": unique_name, "type": "custom"}, target="member2")
        volume = pool.volumes.get("custom", unique_name)
        assert volume.location == "member2"
        volume.delete(wait=True)
    finally:
        (member1.storage_pools.get(name)).delete(wait=True)
    # A member-specific config key given without target is the server's error, kept intact.
    with pytest.raises(LXDAPIException):
        member1.storage_pools.create(
            {"name": name, "driver": "dir", "config": {"source": "/nonexistent"}}
        )


def test_enable_clustering_on_a_standalone_server(solo: str) -> None:
    with Client(endpoint=solo) as client:
        assert client.server_clustered is False
        cluster = client.cluster.enable("solo1")
        assert cluster.enabled is True and cluster.server_name == "solo1"
        assert client.server_clustered is True
        assert [m.server_name for m in client.cluster.members.all()] == ["solo1"]


def test_cluster_certificate_update(
    member1: Client, cluster: ClusterInfo, tmp_path: Path
) -> None:
    """Last of the cluster tests (the new certificate stays until the cluster is torn down).
    Members authenticate each other with the cluster certificate, so it must name their
    addresses; afterwards every member serves it and calls between members still work."""
    net = "127.0.1" if cluster.flavour == "lxd" else "127.0.2"
    addresses = [f"{net}.{n}" for n in range(1, 10)]
    crt, key, _ = make_cert(tmp_path, "pylxd-test-cluster", ips=addresses)
    member1.cluster.update_certificate(crt.read_text(), key.read_text())
    expected = ssl.PEM_cert_to_DER_cert(crt.read_text())
    for n in (1, 2, 3):
        deadline = time.monotonic() + 15
        while True:  # a short blocking call, in both faces
            served = ssl.get_server_certificate((f"{net}.{n}", 8443))
            if ssl.PEM_cert_to_DER_cert(served) == expected or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert ssl.PEM_cert_to_DER_cert(served) == expected, f"member{n} serves the old one"
    members = member1.cluster.members.all()
    assert all(m.status == "Online" for m in members), [(m.server_name, m.status) for m in members]
    # A call member1 forwards to member3 over the cluster's TLS.
    member1.cluster.members.get("member3")
    if member1.has_api_extension("cluster_member_state"):
        state = (member1.cluster.members.get("member3")).state()
        assert "storage_pools" in state.to_dict()
