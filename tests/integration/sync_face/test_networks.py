# Generated: edit tests/integration/async_face/test_networks.py and run scripts/unasync.py.
"""Networks: bridges with explicit addresses, state, leases, forwards, ACLs, zones, and what a
server without an extension says."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator

import pytest

from pylxd import Client
from pylxd.models import Network
from pylxd.exceptions import LXDAPIException, LXDAPIExtensionNotAvailable, NotFound


@pytest.fixture
def bridge(client: Client) -> Iterator[Network]:
    """A managed bridge with an explicit private address (never LXD's auto choice)."""
    name = f"pt{uuid.uuid4().hex[:8]}"  # interface names are host-wide and short
    config = {
        "ipv4.address": f"10.201.{random.randint(1, 250)}.1/24",
        "ipv4.nat": False,
        "ipv6.address": "none",
    }
    client.networks.create(name, description="pylxd test", type="bridge", config=config)
    try:
        yield client.networks.get(name)
    finally:
        if client.networks.exists(name):
            (client.networks.get(name)).delete(wait=True)


def test_network_crud(client: Client, bridge: Network) -> None:
    assert bridge.managed is True and bridge.type == "bridge"
    assert bridge.config["ipv4.nat"] == "false"
    assert bridge.name in [n.name for n in client.networks.all()]
    state = bridge.state()
    assert state.type == "broadcast" and state.state == "up"
    leases = bridge.leases()
    gateway = bridge.config["ipv4.address"].split("/")[0]
    assert [lease["address"] for lease in leases if lease["type"] == "gateway"] == [gateway]
    bridge.description = "edited"
    bridge.save(wait=True)
    assert (client.networks.get(bridge.name)).description == "edited"
    old = bridge.name
    bridge.rename(old + "x")
    assert client.networks.exists(old + "x") and not client.networks.exists(old)
    bridge.rename(old)
    with pytest.raises(NotFound):
        client.networks.get("pt-nope")
    with pytest.raises(LXDAPIException, match="(?i)ipv4.nat|invalid|unknown"):
        client.networks.create(
            old + "y", type="bridge", config={"ipv4.nat": "not-a-bool", "ipv4.address": "none"}
        )
    assert not client.networks.exists(old + "y")


def test_forwards(client: Client, bridge: Network) -> None:
    listen = f"192.0.2.{random.randint(2, 250)}"
    bridge.forwards.create(listen_address=listen, description="fwd", config={})
    forwards = bridge.forwards.all()
    assert [f.listen_address for f in forwards] == [listen]
    got = bridge.forwards.get(listen)
    got.description = "edited"
    got.save()
    assert (bridge.forwards.get(listen)).description == "edited"
    got.delete()
    assert bridge.forwards.all() == []


@pytest.mark.parametrize("collection", ["peers", "load_balancers"])
def test_ovn_only_collections(client: Client, bridge: Network, collection: str) -> None:
    manager = getattr(bridge, collection)
    extension = manager._extension
    if not client.has_api_extension(extension):
        before = client._transport.request_count
        with pytest.raises(LXDAPIExtensionNotAvailable, match=extension):
            manager.all()
        assert client._transport.request_count == before  # nothing was sent
    else:
        key = manager.model._key
        value = "192.0.2.77" if key == "listen_address" else "peer1"
        with pytest.raises(LXDAPIException):
            manager.create(**{key: value, "target_network": "x"})


def test_acls(client: Client, unique_name: str) -> None:
    rule = {"action": "allow", "source": "10.0.0.0/8", "state": "enabled"}
    acl = client.network_acls.create(unique_name, "d", ingress=[rule])
    try:
        got = client.network_acls.get(unique_name)
        assert got.ingress[0]["source"] == "10.0.0.0/8"
        got.egress = [dict(rule, destination="10.0.0.0/8", source="")]
        got.save()
        assert (client.network_acls.get(unique_name)).egress
        assert unique_name in [a.name for a in client.network_acls.all()]
        if client.has_api_extension("network_acl_log"):
            # Only OVN networks log ACL hits: the server says so for this setup.
            with pytest.raises(LXDAPIException, match="OVN"):
                got.log()
        else:
            with pytest.raises(LXDAPIExtensionNotAvailable):
                got.log()
        got.rename(unique_name + "-r")
        acl = got
    finally:
        for name in (unique_name, unique_name + "-r"):
            if client.network_acls.exists(name):
                (client.network_acls.get(name)).delete()
    assert acl.name == unique_name + "-r"


def test_zones_and_records(client: Client) -> None:
    name = f"z{uuid.uuid4().hex[:8]}.example.net"
    client.network_zones.create(name, "zone", config={})
    try:
        zone = client.network_zones.get(name)
        zone.records.create(name="www", entries=[{"type": "A", "value": "192.0.2.1"}])
        records = zone.records.all()
        assert [r.name for r in records] == ["www"]
        record = zone.records.get("www")
        assert record.entries[0]["value"] == "192.0.2.1"
        record.delete()
        zone.description = "edited"
        zone.save()
        assert (client.network_zones.get(name)).description == "edited"
    finally:
        (client.network_zones.get(name)).delete()
