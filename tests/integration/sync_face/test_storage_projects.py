# Generated: edit tests/integration/async_face/test_storage_projects.py and run scripts/unasync.py.
"""Storage pools and volumes, projects, warnings, metrics and the server's config."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pylxd import Client
from pylxd.models import StoragePool, StorageVolume
from pylxd.exceptions import LXDAPIException, NotFound, PreconditionFailed

from ..servers import Server


@pytest.fixture
def pool(client: Client) -> StoragePool:
    return client.storage_pools.get("default")


@pytest.fixture
def volume(pool: StoragePool, unique_name: str) -> Iterator[StorageVolume]:
    pool.volumes.create({"name": unique_name, "type": "custom", "config": {}})
    try:
        yield pool.volumes.get("custom", unique_name)
    finally:
        for vol in pool.volumes.all():
            # Snapshots are listed as "<volume>/<snapshot>": they go with their volume.
            if vol.type == "custom" and vol.name.startswith(unique_name) and "/" not in vol.name:
                vol.delete(wait=True)


def test_pools(client: Client, pool: StoragePool, unique_name: str) -> None:
    assert pool.driver == "dir"
    assert "default" in [p.name for p in client.storage_pools.all()]
    resources = pool.resources()
    assert resources.space["total"] > 0
    name = unique_name[:20]
    client.storage_pools.create({"name": name, "driver": "dir", "description": "d"})
    try:
        created = client.storage_pools.get(name)
        created.description = "edited"
        created.save()
        assert (client.storage_pools.get(name)).description == "edited"
    finally:
        (client.storage_pools.get(name)).delete(wait=True)
    with pytest.raises(LXDAPIException):
        client.storage_pools.create({"name": name, "driver": "no-such-driver"})
    assert not client.storage_pools.exists(name)


def test_volumes(pool: StoragePool, volume: StorageVolume, unique_name: str) -> None:
    assert volume.type == "custom"
    before = volume.client._transport.request_count
    listed = pool.volumes.all()  # every type, in one request
    assert volume.client._transport.request_count - before == 1
    assert (volume.type, volume.name) in [(v.type, v.name) for v in listed]
    assert pool.volumes.exists("custom", unique_name)
    assert pool.volumes.exists(unique_name)
    volume.config["user.note"] = "x"
    volume.save()
    assert (pool.volumes.get(unique_name)).config["user.note"] == "x"
    if volume.client.has_api_extension("storage_volume_state"):
        try:
            state = volume.state()
            assert "usage" in state.to_dict()
        except LXDAPIException as exc:  # the dir driver cannot measure a volume
            assert "not supported" in str(exc).lower()
    copy = volume.copy(unique_name + "-c")
    assert pool.volumes.exists("custom", unique_name + "-c")
    copy.rename(unique_name + "-d")
    assert pool.volumes.exists(unique_name + "-d")
    with pytest.raises(NotFound):
        pool.volumes.get("custom", unique_name + "-nope")


def test_volume_snapshots(volume: StorageVolume) -> None:
    snap = volume.snapshots.create("s1")
    assert [s._ident for s in volume.snapshots.all()] == ["s1"]
    snap.restore()
    snap.rename("s2")
    assert volume.snapshots.exists("s2")
    (volume.snapshots.get("s2")).delete(wait=True)
    assert volume.snapshots.all() == []


def test_projects(client: Client, server: Server, unique_name: str) -> None:
    name = unique_name[:40]
    project = client.projects.create(name, "a project", {"features.profiles": True})
    try:
        got = client.projects.get(name)
        assert got.config["features.profiles"] == "true"
        assert name in [p.name for p in client.projects.all()]
        got.description = "edited"
        got.save()
        if client.has_api_extension("project_usage"):
            assert "resources" in (got.state()).to_dict()
        # A client scoped to the project sees its profiles, not the default project's.
        with Client(endpoint=server.socket, project=name) as scoped:
            scoped.profiles.create("only-here")
            assert "only-here" in [p.name for p in scoped.profiles.all()]
            assert not client.profiles.exists("only-here")
            (scoped.profiles.get("only-here")).delete()
        # The same per call, from the unscoped client.
        made = client.profiles.create("per-call", project=name)
        assert client.profiles.exists("per-call", project=name)
        assert not client.profiles.exists("per-call")
        listed = client.profiles.all(project=name)
        assert "per-call" in [p.name for p in listed]
        everywhere = client.profiles.all(all_projects=True)
        if client.has_api_extension("profiles_all_projects"):
            assert {"default", "per-call"} <= {p.name for p in everywhere}
        else:  # older servers ignore all-projects here and list the default project's
            assert "default" in {p.name for p in everywhere}
        fetched = client.profiles.get("per-call", project=name)
        fetched.description = "edited in its project"
        fetched.save()  # the object remembers its project
        assert (client.profiles.get("per-call", project=name)).description.startswith(
            "edited"
        )
        made.delete()
        got.rename(name + "-r")
        project = got
    finally:
        for n in (name, name + "-r"):
            if client.projects.exists(n):
                for profile in client.profiles.all(project=n):
                    if profile.name != "default":
                        profile.delete()
                (client.projects.get(n)).delete()
    assert project.name == name + "-r"


def test_server_config_with_etag(
    client: Client, server: Server, unique_name: str
) -> None:
    config = client.server_config()
    assert config.config["core.https_address"]
    config.config["user.pylxd-test"] = unique_name
    with Client(endpoint=server.socket) as other:
        theirs = other.server_config()
        theirs.config["user.pylxd-other"] = "1"
        theirs.save()
        config.rollback()
        config.config["user.pylxd-test"] = unique_name
        config.save()
        assert (other.server_config()).config["user.pylxd-test"] == unique_name
        stale = other.server_config()
        config.config.pop("user.pylxd-test")
        config.config.pop("user.pylxd-other")
        config.save()
        stale.config["user.pylxd-late"] = "x"
        with pytest.raises(PreconditionFailed):
            stale.save()
    assert "user.pylxd-test" not in (client.server_config()).config


def test_warnings_and_metrics(client: Client) -> None:
    warnings = client.warnings.all(all_projects=True)
    for warning in warnings:
        assert warning.uuid and warning.severity
    if warnings:
        got = client.warnings.get(warnings[0].uuid)
        assert got.uuid == warnings[0].uuid
    text = client.metrics()
    assert text.rstrip().endswith("# EOF")  # OpenMetrics text


def test_resources(client: Client) -> None:
    resources = client.get_resources()
    assert resources["memory"]["total"] > 0
    assert uuid.UUID(int=0)  # (keeps the import honest across faces)


def test_volume_backup_round_trip(
    pool: StoragePool, volume: StorageVolume, unique_name: str, tmp_path: Path
) -> None:
    volume.snapshots.create("s1")
    backup = volume.backups.create("vb1")
    assert [b.name for b in volume.backups.all()] == ["vb1"]
    path = tmp_path / "volume.tar.gz"
    backup.export(path)
    assert path.stat().st_size > 0
    backup.delete(wait=True)
    restored = pool.volumes.create_from_backup(str(path), name=unique_name + "-restored")
    assert restored.name == unique_name + "-restored"
    got = pool.volumes.get("custom", unique_name + "-restored")
    assert [s._ident for s in got.snapshots.all()] == ["s1"]


def test_volume_move(
    client: Client, pool: StoragePool, volume: StorageVolume, unique_name: str
) -> None:
    other = unique_name[:20] + "p"
    client.storage_pools.create({"name": other, "driver": "dir"})
    try:
        moved = volume.move(other, name=unique_name + "-m")
        assert (client.storage_pools.get(other)).volumes.exists(unique_name + "-m")
        assert not pool.volumes.exists(unique_name)
        back = moved.move("default", name=unique_name)
        assert back.name == unique_name and pool.volumes.exists(unique_name)
    finally:
        target = client.storage_pools.get(other)
        for vol in target.volumes.all():
            if vol.type == "custom":
                vol.delete(wait=True)
        target.delete(wait=True)
