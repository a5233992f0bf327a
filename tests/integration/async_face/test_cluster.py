"""Clusters: a real 3-member cluster on loopback addresses (its own daemons), members, groups,
placement, evacuation, join tokens, two-phase creates, and enabling clustering."""

from __future__ import annotations

import asyncio
import ssl
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from pylxd import AsyncClient
from pylxd.exceptions import LXDAPIException

from ...certs import make_cert
from ..conftest import ClusterInfo, join_member, remove_member
from .helpers import remove_instance

BUSYBOX = {"type": "image", "alias": "busybox"}


@pytest.fixture
async def member1(cluster: ClusterInfo) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(endpoint=cluster.socket(1)) as c:
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


async def test_cluster_and_members(member1: AsyncClient) -> None:
    assert member1.server_clustered is True
    cluster = await member1.cluster.get()
    assert cluster.enabled is True and cluster.server_name == "member1"
    before = member1._transport.request_count
    members = await member1.cluster.members.all()
    assert member1._transport.request_count - before == 1
    assert sorted(m.server_name for m in members)[:3] == ["member1", "member2", "member3"]
    assert all(m.status == "Online" for m in members)
    member = await member1.cluster.members.get("member2")
    member.description = "second"
    await member.save()
    assert (await member1.cluster.members.get("member2")).description == "second"
    if member1.has_api_extension("cluster_member_state"):
        state = await member.state()
        assert "storage_pools" in state.to_dict()


async def test_placement_and_evacuation(
    member1: AsyncClient, cluster_image: str, unique_name: str
) -> None:
    config = {"name": unique_name, "source": BUSYBOX}
    inst = await member1.instances.create(config, wait=True, target="member2")
    try:
        await inst.sync()
        assert inst.location == "member2"
        await inst.start(wait=True)
        member2 = await member1.cluster.members.get("member2")
        await member2.evacuate(wait=True)
        assert (await member1.cluster.members.get("member2")).status == "Evacuated"
        moved = await member1.instances.get(unique_name)
        assert moved.location != "member2" or moved.status == "Stopped"
        await member2.restore(wait=True)
        assert (await member1.cluster.members.get("member2")).status == "Online"
    finally:
        await remove_instance(member1, unique_name)


async def test_groups(member1: AsyncClient, cluster_image: str, unique_name: str) -> None:
    name = f"g{uuid.uuid4().hex[:8]}"
    group = await member1.cluster.groups.create(name, "a group", members=["member3"])
    try:
        got = await member1.cluster.groups.get(name)
        assert got.members == ["member3"] and got.description == "a group"
        assert name in [g.name for g in await member1.cluster.groups.all()]
        inst = await member1.instances.create(
            {"name": unique_name, "source": BUSYBOX}, wait=True, target=f"@{name}"
        )
        await inst.sync()
        assert inst.location == "member3"
        await inst.delete(wait=True)
        got.description = "edited"
        await got.save()
        await got.rename(name + "r")
        group = got
    finally:
        await remove_instance(member1, unique_name)
        for n in (name, name + "r"):
            if await member1.cluster.groups.exists(n):
                leftover = await member1.cluster.groups.get(n)
                leftover.members = []  # only empty groups can be removed
                await leftover.save()
                await leftover.delete()
    assert group.name == name + "r"


async def test_join_tokens_and_a_fourth_member(member1: AsyncClient, cluster: ClusterInfo) -> None:
    token = await member1.cluster.members.create_token("member4")
    assert "member4" in [t.server_name for t in await member1.cluster.members.tokens()]
    await member1.cluster.members.revoke_token("member4")
    assert "member4" not in [t.server_name for t in await member1.cluster.members.tokens()]
    token = await member1.cluster.members.create_token("member4")
    join_member(cluster, 4, token)
    try:
        names = [m.server_name for m in await member1.cluster.members.all()]
        assert "member4" in names
        member4 = await member1.cluster.members.get("member4")
        await member4.rename("member4b")
        assert await member1.cluster.members.exists("member4b")
        await member4.delete(wait=True)
        assert not await member1.cluster.members.exists("member4b")
    finally:
        remove_member(cluster, 4)


async def test_two_phase_pool_and_network(member1: AsyncClient, unique_name: str) -> None:
    name = f"p{uuid.uuid4().hex[:8]}"
    for member in ("member1", "member2", "member3"):
        await member1.storage_pools.create({"name": name, "driver": "dir"}, target=member)
    assert (await member1.storage_pools.get(name)).status == "Pending"
    await member1.storage_pools.create({"name": name, "driver": "dir"})
    try:
        pool = await member1.storage_pools.get(name)
        assert pool.status == "Created"
        await pool.volumes.create({"name": unique_name, "type": "custom"}, target="member2")
        volume = await pool.volumes.get("custom", unique_name)
        assert volume.location == "member2"
        await volume.delete(wait=True)
    finally:
        await (await member1.storage_pools.get(name)).delete(wait=True)
    # A member-specific config key given without target is the server's error, kept intact.
    with pytest.raises(LXDAPIException):
        await member1.storage_pools.create(
            {"name": name, "driver": "dir", "config": {"source": "/nonexistent"}}
        )


async def test_enable_clustering_on_a_standalone_server(solo: str) -> None:
    async with AsyncClient(endpoint=solo) as client:
        assert client.server_clustered is False
        cluster = await client.cluster.enable("solo1")
        assert cluster.enabled is True and cluster.server_name == "solo1"
        assert client.server_clustered is True
        assert [m.server_name for m in await client.cluster.members.all()] == ["solo1"]


async def test_cluster_certificate_update(
    member1: AsyncClient, cluster: ClusterInfo, tmp_path: Path
) -> None:
    """Last of the cluster tests (the new certificate stays until the cluster is torn down).
    Members authenticate each other with the cluster certificate, so it must name their
    addresses; afterwards every member serves it and calls between members still work."""
    net = "127.0.1" if cluster.flavour == "lxd" else "127.0.2"
    addresses = [f"{net}.{n}" for n in range(1, 10)]
    crt, key, _ = make_cert(tmp_path, "pylxd-test-cluster", ips=addresses)
    await member1.cluster.update_certificate(crt.read_text(), key.read_text())
    expected = ssl.PEM_cert_to_DER_cert(crt.read_text())
    for n in (1, 2, 3):
        deadline = time.monotonic() + 15
        while True:  # a short blocking call, in both faces
            served = ssl.get_server_certificate((f"{net}.{n}", 8443))
            if ssl.PEM_cert_to_DER_cert(served) == expected or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.5)
        assert ssl.PEM_cert_to_DER_cert(served) == expected, f"member{n} serves the old one"
    members = await member1.cluster.members.all()
    assert all(m.status == "Online" for m in members), [(m.server_name, m.status) for m in members]
    # A call member1 forwards to member3 over the cluster's TLS.
    await member1.cluster.members.get("member3")
    if member1.has_api_extension("cluster_member_state"):
        state = await (await member1.cluster.members.get("member3")).state()
        assert "storage_pools" in state.to_dict()
