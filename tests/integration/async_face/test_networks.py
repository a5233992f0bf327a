"""Networks: bridges with explicit addresses, state, leases, forwards, ACLs, zones, and what a
server without an extension says."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator

import pytest

from pylxd import AsyncClient
from pylxd.aio import Network
from pylxd.exceptions import LXDAPIException, LXDAPIExtensionNotAvailable, NotFound


@pytest.fixture
async def bridge(client: AsyncClient) -> AsyncIterator[Network]:
    """A managed bridge with an explicit private address (never LXD's auto choice)."""
    name = f"pt{uuid.uuid4().hex[:8]}"  # interface names are host-wide and short
    config = {
        "ipv4.address": f"10.201.{random.randint(1, 250)}.1/24",
        "ipv4.nat": False,
        "ipv6.address": "none",
    }
    await client.networks.create(name, description="pylxd test", type="bridge", config=config)
    try:
        yield await client.networks.get(name)
    finally:
        if await client.networks.exists(name):
            await (await client.networks.get(name)).delete(wait=True)


async def test_network_crud(client: AsyncClient, bridge: Network) -> None:
    assert bridge.managed is True and bridge.type == "bridge"
    assert bridge.config["ipv4.nat"] == "false"
    assert bridge.name in [n.name for n in await client.networks.all()]
    state = await bridge.state()
    assert state.type == "broadcast" and state.state == "up"
    leases = await bridge.leases()
    gateway = bridge.config["ipv4.address"].split("/")[0]
    assert [lease["address"] for lease in leases if lease["type"] == "gateway"] == [gateway]
    bridge.description = "edited"
    await bridge.save(wait=True)
    assert (await client.networks.get(bridge.name)).description == "edited"
    old = bridge.name
    await bridge.rename(old + "x")
    assert await client.networks.exists(old + "x") and not await client.networks.exists(old)
    await bridge.rename(old)
    with pytest.raises(NotFound):
        await client.networks.get("pt-nope")
    with pytest.raises(LXDAPIException, match="(?i)ipv4.nat|invalid|unknown"):
        await client.networks.create(
            old + "y", type="bridge", config={"ipv4.nat": "not-a-bool", "ipv4.address": "none"}
        )
    assert not await client.networks.exists(old + "y")


async def test_forwards(client: AsyncClient, bridge: Network) -> None:
    listen = f"192.0.2.{random.randint(2, 250)}"
    await bridge.forwards.create(listen_address=listen, description="fwd", config={})
    forwards = await bridge.forwards.all()
    assert [f.listen_address for f in forwards] == [listen]
    got = await bridge.forwards.get(listen)
    got.description = "edited"
    await got.save()
    assert (await bridge.forwards.get(listen)).description == "edited"
    await got.delete()
    assert await bridge.forwards.all() == []


@pytest.mark.parametrize("collection", ["peers", "load_balancers"])
async def test_ovn_only_collections(client: AsyncClient, bridge: Network, collection: str) -> None:
    manager = getattr(bridge, collection)
    extension = manager._extension
    if not client.has_api_extension(extension):
        before = client._transport.request_count
        with pytest.raises(LXDAPIExtensionNotAvailable, match=extension):
            await manager.all()
        assert client._transport.request_count == before  # nothing was sent
    else:
        key = manager.model._key
        value = "192.0.2.77" if key == "listen_address" else "peer1"
        with pytest.raises(LXDAPIException):
            await manager.create(**{key: value, "target_network": "x"})


async def test_acls(client: AsyncClient, unique_name: str) -> None:
    rule = {"action": "allow", "source": "10.0.0.0/8", "state": "enabled"}
    acl = await client.network_acls.create(unique_name, "d", ingress=[rule])
    try:
        got = await client.network_acls.get(unique_name)
        assert got.ingress[0]["source"] == "10.0.0.0/8"
        got.egress = [dict(rule, destination="10.0.0.0/8", source="")]
        await got.save()
        assert (await client.network_acls.get(unique_name)).egress
        assert unique_name in [a.name for a in await client.network_acls.all()]
        if client.has_api_extension("network_acl_log"):
            # Only OVN networks log ACL hits: the server says so for this setup.
            with pytest.raises(LXDAPIException, match="OVN"):
                await got.log()
        else:
            with pytest.raises(LXDAPIExtensionNotAvailable):
                await got.log()
        await got.rename(unique_name + "-r")
        acl = got
    finally:
        for name in (unique_name, unique_name + "-r"):
            if await client.network_acls.exists(name):
                await (await client.network_acls.get(name)).delete()
    assert acl.name == unique_name + "-r"


async def test_zones_and_records(client: AsyncClient) -> None:
    name = f"z{uuid.uuid4().hex[:8]}.example.net"
    await client.network_zones.create(name, "zone", config={})
    try:
        zone = await client.network_zones.get(name)
        await zone.records.create(name="www", entries=[{"type": "A", "value": "192.0.2.1"}])
        records = await zone.records.all()
        assert [r.name for r in records] == ["www"]
        record = await zone.records.get("www")
        assert record.entries[0]["value"] == "192.0.2.1"
        await record.delete()
        zone.description = "edited"
        await zone.save()
        assert (await client.network_zones.get(name)).description == "edited"
    finally:
        await (await client.network_zones.get(name)).delete()
