"""The model lifecycle: dirty, rollback, save with ETags, and lost updates refused."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from pylxd import AsyncClient
from pylxd.aio import Container, Profile
from pylxd.exceptions import PreconditionFailed

from ..servers import Server


@pytest.fixture
async def profile(client: AsyncClient, unique_name: str) -> AsyncIterator[Profile]:
    await client.profiles.create(unique_name, config={"user.a": "1"}, description="first")
    try:
        yield await client.profiles.get(unique_name)
    finally:
        if await client.profiles.exists(unique_name):
            await (await client.profiles.get(unique_name)).delete()


@pytest.fixture
async def other(server: Server) -> AsyncIterator[AsyncClient]:
    """A second, independent client: the 'someone else' of concurrent edits."""
    async with AsyncClient(endpoint=server.socket) as c:
        yield c


async def test_save_sends_nothing_when_clean(client: AsyncClient, profile: Profile) -> None:
    before = client._transport.request_count
    await profile.save()
    assert client._transport.request_count == before


async def test_created_object_saves_edits_on_the_server_state(
    client: AsyncClient, unique_name: str
) -> None:
    """``create()`` returns an object not yet read: its edits go on top of what the server
    has (nothing to compare with, so no PreconditionFailed)."""
    created = await client.profiles.create(unique_name, config={"user.a": "1"})
    try:
        created.description = "edited"
        await created.save()
        fresh = await client.profiles.get(unique_name)
        assert fresh.description == "edited" and fresh.config == {"user.a": "1"}
    finally:
        await (await client.profiles.get(unique_name)).delete()


async def test_in_place_edit_is_dirty_and_saved(client: AsyncClient, profile: Profile) -> None:
    profile.config["user.b"] = True
    assert profile.dirty
    before = client._transport.request_count
    await profile.save()
    assert client._transport.request_count - before == 1  # the PUT, with the ETag it had
    assert not profile.dirty
    assert (await client.profiles.get(profile.name)).config == {"user.a": "1", "user.b": "true"}


async def test_sync_keeps_edits_and_rollback_drops_them(
    client: AsyncClient, other: AsyncClient, profile: Profile
) -> None:
    profile.description = "mine"
    theirs = await other.profiles.get(profile.name)
    theirs.config["user.z"] = "theirs"
    await theirs.save()
    await profile.sync()
    assert profile.description == "mine"
    assert profile.config["user.z"] == "theirs"
    assert profile.dirty
    await profile.rollback()
    assert profile.description == "first"
    assert not profile.dirty


async def test_concurrent_edit_is_refused(
    client: AsyncClient, other: AsyncClient, profile: Profile
) -> None:
    theirs = await other.profiles.get(profile.name)
    theirs.description = "theirs"
    await theirs.save()
    profile.description = "mine"
    with pytest.raises(PreconditionFailed):
        await profile.save()
    assert profile.dirty and profile.description == "mine"  # the edit is kept
    assert (await client.profiles.get(profile.name)).description == "theirs"


async def test_listed_object_checks_before_saving(
    client: AsyncClient, other: AsyncClient, profile: Profile
) -> None:
    listed = [p for p in await client.profiles.all() if p.name == profile.name][0]
    theirs = await other.profiles.get(profile.name)
    theirs.config["user.a"] = "theirs"
    await theirs.save()
    listed.config["user.a"] = "mine"
    with pytest.raises(PreconditionFailed, match="config"):
        await listed.save()
    assert (await client.profiles.get(profile.name)).config["user.a"] == "theirs"
    # Unrelated to that race, a listed object saves after fetching an ETag.
    fresh = [p for p in await client.profiles.all() if p.name == profile.name][0]
    fresh.description = "after"
    await fresh.save()
    assert (await client.profiles.get(profile.name)).description == "after"


async def test_instance_save_after_waited_actions(
    client: AsyncClient, container: Container
) -> None:
    await container.start(wait=True)  # changes volatile.last_state.power and the ETag
    container.config["user.x"] = "1"
    await container.save(wait=True)
    await container.stop(wait=True)
    container.config["user.y"] = "2"
    await container.save(wait=True)
    fresh = await client.containers.get(container.name)
    assert fresh.config["user.x"] == "1" and fresh.config["user.y"] == "2"
    assert any(k.startswith("volatile.idmap") for k in fresh.config)


async def test_instance_concurrent_edit_is_refused(
    client: AsyncClient, other: AsyncClient, container: Container
) -> None:
    theirs = await other.containers.get(container.name)
    theirs.config["user.who"] = "theirs"
    await theirs.save(wait=True)
    container.config["user.who"] = "mine"
    with pytest.raises(PreconditionFailed):
        await container.save(wait=True)
    assert (await client.containers.get(container.name)).config["user.who"] == "theirs"


async def test_dropping_volatile_keys_is_harmless(
    client: AsyncClient, container: Container
) -> None:
    container.config = {"user.only": "yes"}
    await container.save(wait=True)
    fresh = await client.containers.get(container.name)
    assert fresh.config["user.only"] == "yes"
    assert "volatile.idmap.next" in fresh.config


async def test_unknown_fields_survive_a_save(client: AsyncClient, profile: Profile) -> None:
    # The whole payload is kept and sent back: used_by, name and any field this version of the
    # model does not declare.
    assert "used_by" in profile.to_dict()
    profile.description = "edited"
    await profile.save()
    assert (await client.profiles.get(profile.name)).description == "edited"
