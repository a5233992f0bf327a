# Generated: edit tests/integration/async_face/test_models.py and run scripts/unasync.py.
"""The model lifecycle: dirty, rollback, save with ETags, and lost updates refused."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pylxd import Client
from pylxd.models import Container, Profile
from pylxd.exceptions import PreconditionFailed

from ..servers import Server


@pytest.fixture
def profile(client: Client, unique_name: str) -> Iterator[Profile]:
    client.profiles.create(unique_name, config={"user.a": "1"}, description="first")
    try:
        yield client.profiles.get(unique_name)
    finally:
        if client.profiles.exists(unique_name):
            (client.profiles.get(unique_name)).delete()


@pytest.fixture
def other(server: Server) -> Iterator[Client]:
    """A second, independent client: the 'someone else' of concurrent edits."""
    with Client(endpoint=server.socket) as c:
        yield c


def test_save_sends_nothing_when_clean(client: Client, profile: Profile) -> None:
    before = client._transport.request_count
    profile.save()
    assert client._transport.request_count == before


def test_created_object_saves_edits_on_the_server_state(
    client: Client, unique_name: str
) -> None:
    """``create()`` returns an object not yet read: its edits go on top of what the server
    has (nothing to compare with, so no PreconditionFailed)."""
    created = client.profiles.create(unique_name, config={"user.a": "1"})
    try:
        created.description = "edited"
        created.save()
        fresh = client.profiles.get(unique_name)
        assert fresh.description == "edited" and fresh.config == {"user.a": "1"}
    finally:
        (client.profiles.get(unique_name)).delete()


def test_in_place_edit_is_dirty_and_saved(client: Client, profile: Profile) -> None:
    profile.config["user.b"] = True
    assert profile.dirty
    before = client._transport.request_count
    profile.save()
    assert client._transport.request_count - before == 1  # the PUT, with the ETag it had
    assert not profile.dirty
    assert (client.profiles.get(profile.name)).config == {"user.a": "1", "user.b": "true"}


def test_sync_keeps_edits_and_rollback_drops_them(
    client: Client, other: Client, profile: Profile
) -> None:
    profile.description = "mine"
    theirs = other.profiles.get(profile.name)
    theirs.config["user.z"] = "theirs"
    theirs.save()
    profile.sync()
    assert profile.description == "mine"
    assert profile.config["user.z"] == "theirs"
    assert profile.dirty
    profile.rollback()
    assert profile.description == "first"
    assert not profile.dirty


def test_concurrent_edit_is_refused(
    client: Client, other: Client, profile: Profile
) -> None:
    theirs = other.profiles.get(profile.name)
    theirs.description = "theirs"
    theirs.save()
    profile.description = "mine"
    with pytest.raises(PreconditionFailed):
        profile.save()
    assert profile.dirty and profile.description == "mine"  # the edit is kept
    assert (client.profiles.get(profile.name)).description == "theirs"


def test_listed_object_checks_before_saving(
    client: Client, other: Client, profile: Profile
) -> None:
    listed = [p for p in client.profiles.all() if p.name == profile.name][0]
    theirs = other.profiles.get(profile.name)
    theirs.config["user.a"] = "theirs"
    theirs.save()
    listed.config["user.a"] = "mine"
    with pytest.raises(PreconditionFailed, match="config"):
        listed.save()
    assert (client.profiles.get(profile.name)).config["user.a"] == "theirs"
    # Unrelated to that race, a listed object saves after fetching an ETag.
    fresh = [p for p in client.profiles.all() if p.name == profile.name][0]
    fresh.description = "after"
    fresh.save()
    assert (client.profiles.get(profile.name)).description == "after"


def test_instance_save_after_waited_actions(
    client: Client, container: Container
) -> None:
    container.start(wait=True)  # changes volatile.last_state.power and the ETag
    container.config["user.x"] = "1"
    container.save(wait=True)
    container.stop(wait=True)
    container.config["user.y"] = "2"
    container.save(wait=True)
    fresh = client.containers.get(container.name)
    assert fresh.config["user.x"] == "1" and fresh.config["user.y"] == "2"
    assert any(k.startswith("volatile.idmap") for k in fresh.config)


def test_instance_concurrent_edit_is_refused(
    client: Client, other: Client, container: Container
) -> None:
    theirs = other.containers.get(container.name)
    theirs.config["user.who"] = "theirs"
    theirs.save(wait=True)
    container.config["user.who"] = "mine"
    with pytest.raises(PreconditionFailed):
        container.save(wait=True)
    assert (client.containers.get(container.name)).config["user.who"] == "theirs"


def test_dropping_volatile_keys_is_harmless(
    client: Client, container: Container
) -> None:
    container.config = {"user.only": "yes"}
    container.save(wait=True)
    fresh = client.containers.get(container.name)
    assert fresh.config["user.only"] == "yes"
    assert "volatile.idmap.next" in fresh.config


def test_unknown_fields_survive_a_save(client: Client, profile: Profile) -> None:
    # The whole payload is kept and sent back: used_by, name and any field this version of the
    # model does not declare.
    assert "used_by" in profile.to_dict()
    profile.description = "edited"
    profile.save()
    assert (client.profiles.get(profile.name)).description == "edited"
