# Generated: edit tests/integration/async_face/test_profiles.py and run scripts/unasync.py.
"""Profiles, and the seed's other managers as far as they go."""

from __future__ import annotations

import pytest

from pylxd import Client
from pylxd.models import Profile
from pylxd.exceptions import LXDAPIException, NotFound


def test_profile_crud(client: Client, unique_name: str) -> None:
    created = client.profiles.create(
        unique_name, config={"limits.cpu": 1}, devices={}, description="d"
    )
    try:
        assert isinstance(created, Profile) and created.name == unique_name
        assert client.profiles.exists(unique_name)
        got = client.profiles.get(unique_name)
        assert got.config == {"limits.cpu": "1"}
        assert got.description == "d"
        assert unique_name in [p.name for p in client.profiles.all()]
        # LXD 5.0 answers 500 here, newer servers 409 (Conflict): both are LXDAPIException.
        with pytest.raises(LXDAPIException, match="already exists"):
            client.profiles.create(unique_name)
        renamed = got.rename(unique_name + "-r")
        assert renamed.name == unique_name + "-r"
        assert client.profiles.exists(unique_name + "-r")
        assert not client.profiles.exists(unique_name)
        renamed.delete()
        assert not client.profiles.exists(unique_name + "-r")
    finally:
        for name in (unique_name, unique_name + "-r"):
            if client.profiles.exists(name):
                (client.profiles.get(name)).delete()


def test_profile_errors(client: Client, unique_name: str) -> None:
    with pytest.raises(NotFound):
        client.profiles.get("pylxd-no-such-profile")
    for bad in ("a/b", "..", "x?y"):
        with pytest.raises(ValueError):
            client.profiles.create(bad)
    # The server validates config keys: its refusal keeps its message, and nothing is created.
    with pytest.raises(LXDAPIException, match="no.such.key"):
        client.profiles.create(unique_name, config={"no.such.key": "1"})
    assert not client.profiles.exists(unique_name)


def test_seed_managers_list(client: Client) -> None:
    images = client.images.all()
    busybox = [i for i in images if any(a["name"] == "busybox" for a in i.aliases)]
    assert busybox
    image = client.images.get(busybox[0].fingerprint)
    assert image.properties["os"] == "BusyBox"
    assert client.images.exists(image.fingerprint)
    assert not client.images.exists("0" * 64)
    assert isinstance(client.networks.all(), list)
    certs = client.certificates.all()
    for cert in certs:
        assert client.certificates.exists(cert.fingerprint)
