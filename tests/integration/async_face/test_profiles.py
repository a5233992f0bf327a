"""Profiles, and the seed's other managers as far as they go."""

from __future__ import annotations

import pytest

from pylxd import AsyncClient
from pylxd.aio import Profile
from pylxd.exceptions import LXDAPIException, NotFound


async def test_profile_crud(client: AsyncClient, unique_name: str) -> None:
    created = await client.profiles.create(
        unique_name, config={"limits.cpu": 1}, devices={}, description="d"
    )
    try:
        assert isinstance(created, Profile) and created.name == unique_name
        assert await client.profiles.exists(unique_name)
        got = await client.profiles.get(unique_name)
        assert got.config == {"limits.cpu": "1"}
        assert got.description == "d"
        assert unique_name in [p.name for p in await client.profiles.all()]
        # LXD 5.0 answers 500 here, newer servers 409 (Conflict): both are LXDAPIException.
        with pytest.raises(LXDAPIException, match="already exists"):
            await client.profiles.create(unique_name)
        renamed = await got.rename(unique_name + "-r")
        assert renamed.name == unique_name + "-r"
        assert await client.profiles.exists(unique_name + "-r")
        assert not await client.profiles.exists(unique_name)
        await renamed.delete()
        assert not await client.profiles.exists(unique_name + "-r")
    finally:
        for name in (unique_name, unique_name + "-r"):
            if await client.profiles.exists(name):
                await (await client.profiles.get(name)).delete()


async def test_profile_errors(client: AsyncClient, unique_name: str) -> None:
    with pytest.raises(NotFound):
        await client.profiles.get("pylxd-no-such-profile")
    for bad in ("a/b", "..", "x?y"):
        with pytest.raises(ValueError):
            await client.profiles.create(bad)
    # The server validates config keys: its refusal keeps its message, and nothing is created.
    with pytest.raises(LXDAPIException, match="no.such.key"):
        await client.profiles.create(unique_name, config={"no.such.key": "1"})
    assert not await client.profiles.exists(unique_name)


async def test_seed_managers_list(client: AsyncClient) -> None:
    images = await client.images.all()
    busybox = [i for i in images if any(a["name"] == "busybox" for a in i.aliases)]
    assert busybox
    image = await client.images.get(busybox[0].fingerprint)
    assert image.properties["os"] == "BusyBox"
    assert await client.images.exists(image.fingerprint)
    assert not await client.images.exists("0" * 64)
    assert isinstance(await client.networks.all(), list)
    certs = await client.certificates.all()
    for cert in certs:
        assert await client.certificates.exists(cert.fingerprint)
