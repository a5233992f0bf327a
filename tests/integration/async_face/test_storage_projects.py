"""Storage pools and volumes, projects, warnings, metrics and the server's config."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from pylxd import AsyncClient
from pylxd.aio import StoragePool, StorageVolume
from pylxd.exceptions import LXDAPIException, NotFound, PreconditionFailed

from ..servers import Server


@pytest.fixture
async def pool(client: AsyncClient) -> StoragePool:
    return await client.storage_pools.get("default")


@pytest.fixture
async def volume(pool: StoragePool, unique_name: str) -> AsyncIterator[StorageVolume]:
    await pool.volumes.create({"name": unique_name, "type": "custom", "config": {}})
    try:
        yield await pool.volumes.get("custom", unique_name)
    finally:
        for vol in await pool.volumes.all():
            # Snapshots are listed as "<volume>/<snapshot>": they go with their volume.
            if vol.type == "custom" and vol.name.startswith(unique_name) and "/" not in vol.name:
                await vol.delete(wait=True)


async def test_pools(client: AsyncClient, pool: StoragePool, unique_name: str) -> None:
    assert pool.driver == "dir"
    assert "default" in [p.name for p in await client.storage_pools.all()]
    resources = await pool.resources()
    assert resources.space["total"] > 0
    name = unique_name[:20]
    await client.storage_pools.create({"name": name, "driver": "dir", "description": "d"})
    try:
        created = await client.storage_pools.get(name)
        created.description = "edited"
        await created.save()
        assert (await client.storage_pools.get(name)).description == "edited"
    finally:
        await (await client.storage_pools.get(name)).delete(wait=True)
    with pytest.raises(LXDAPIException):
        await client.storage_pools.create({"name": name, "driver": "no-such-driver"})
    assert not await client.storage_pools.exists(name)


async def test_volumes(pool: StoragePool, volume: StorageVolume, unique_name: str) -> None:
    assert volume.type == "custom"
    before = volume.client._transport.request_count
    listed = await pool.volumes.all()  # every type, in one request
    assert volume.client._transport.request_count - before == 1
    assert (volume.type, volume.name) in [(v.type, v.name) for v in listed]
    assert await pool.volumes.exists("custom", unique_name)
    assert await pool.volumes.exists(unique_name)
    volume.config["user.note"] = "x"
    await volume.save()
    assert (await pool.volumes.get(unique_name)).config["user.note"] == "x"
    if volume.client.has_api_extension("storage_volume_state"):
        try:
            state = await volume.state()
            assert "usage" in state.to_dict()
        except LXDAPIException as exc:  # the dir driver cannot measure a volume
            assert "not supported" in str(exc).lower()
    copy = await volume.copy(unique_name + "-c")
    assert await pool.volumes.exists("custom", unique_name + "-c")
    await copy.rename(unique_name + "-d")
    assert await pool.volumes.exists(unique_name + "-d")
    with pytest.raises(NotFound):
        await pool.volumes.get("custom", unique_name + "-nope")


async def test_volume_snapshots(volume: StorageVolume) -> None:
    snap = await volume.snapshots.create("s1")
    assert [s._ident for s in await volume.snapshots.all()] == ["s1"]
    await snap.restore()
    await snap.rename("s2")
    assert await volume.snapshots.exists("s2")
    await (await volume.snapshots.get("s2")).delete(wait=True)
    assert await volume.snapshots.all() == []


async def test_projects(client: AsyncClient, server: Server, unique_name: str) -> None:
    name = unique_name[:40]
    project = await client.projects.create(name, "a project", {"features.profiles": True})
    try:
        got = await client.projects.get(name)
        assert got.config["features.profiles"] == "true"
        assert name in [p.name for p in await client.projects.all()]
        got.description = "edited"
        await got.save()
        if client.has_api_extension("project_usage"):
            assert "resources" in (await got.state()).to_dict()
        # A client scoped to the project sees its profiles, not the default project's.
        async with AsyncClient(endpoint=server.socket, project=name) as scoped:
            await scoped.profiles.create("only-here")
            assert "only-here" in [p.name for p in await scoped.profiles.all()]
            assert not await client.profiles.exists("only-here")
            await (await scoped.profiles.get("only-here")).delete()
        # The same per call, from the unscoped client.
        made = await client.profiles.create("per-call", project=name)
        assert await client.profiles.exists("per-call", project=name)
        assert not await client.profiles.exists("per-call")
        listed = await client.profiles.all(project=name)
        assert "per-call" in [p.name for p in listed]
        everywhere = await client.profiles.all(all_projects=True)
        if client.has_api_extension("profiles_all_projects"):
            assert {"default", "per-call"} <= {p.name for p in everywhere}
        else:  # older servers ignore all-projects here and list the default project's
            assert "default" in {p.name for p in everywhere}
        fetched = await client.profiles.get("per-call", project=name)
        fetched.description = "edited in its project"
        await fetched.save()  # the object remembers its project
        assert (await client.profiles.get("per-call", project=name)).description.startswith(
            "edited"
        )
        await made.delete()
        await got.rename(name + "-r")
        project = got
    finally:
        for n in (name, name + "-r"):
            if await client.projects.exists(n):
                for profile in await client.profiles.all(project=n):
                    if profile.name != "default":
                        await profile.delete()
                await (await client.projects.get(n)).delete()
    assert project.name == name + "-r"


async def test_server_config_with_etag(
    client: AsyncClient, server: Server, unique_name: str
) -> None:
    config = await client.server_config()
    assert config.config["core.https_address"]
    config.config["user.pylxd-test"] = unique_name
    async with AsyncClient(endpoint=server.socket) as other:
        theirs = await other.server_config()
        theirs.config["user.pylxd-other"] = "1"
        await theirs.save()
        await config.rollback()
        config.config["user.pylxd-test"] = unique_name
        await config.save()
        assert (await other.server_config()).config["user.pylxd-test"] == unique_name
        stale = await other.server_config()
        config.config.pop("user.pylxd-test")
        config.config.pop("user.pylxd-other")
        await config.save()
        stale.config["user.pylxd-late"] = "x"
        with pytest.raises(PreconditionFailed):
            await stale.save()
    assert "user.pylxd-test" not in (await client.server_config()).config


async def test_warnings_and_metrics(client: AsyncClient) -> None:
    warnings = await client.warnings.all(all_projects=True)
    for warning in warnings:
        assert warning.uuid and warning.severity
    if warnings:
        got = await client.warnings.get(warnings[0].uuid)
        assert got.uuid == warnings[0].uuid
    text = await client.metrics()
    assert text.rstrip().endswith("# EOF")  # OpenMetrics text


async def test_resources(client: AsyncClient) -> None:
    resources = await client.get_resources()
    assert resources["memory"]["total"] > 0
    assert uuid.UUID(int=0)  # (keeps the import honest across faces)


async def test_volume_backup_round_trip(
    pool: StoragePool, volume: StorageVolume, unique_name: str, tmp_path: Path
) -> None:
    await volume.snapshots.create("s1")
    backup = await volume.backups.create("vb1")
    assert [b.name for b in await volume.backups.all()] == ["vb1"]
    path = tmp_path / "volume.tar.gz"
    await backup.export(path)
    assert path.stat().st_size > 0
    await backup.delete(wait=True)
    restored = await pool.volumes.create_from_backup(str(path), name=unique_name + "-restored")
    assert restored.name == unique_name + "-restored"
    got = await pool.volumes.get("custom", unique_name + "-restored")
    assert [s._ident for s in await got.snapshots.all()] == ["s1"]


async def test_volume_move(
    client: AsyncClient, pool: StoragePool, volume: StorageVolume, unique_name: str
) -> None:
    other = unique_name[:20] + "p"
    await client.storage_pools.create({"name": other, "driver": "dir"})
    try:
        moved = await volume.move(other, name=unique_name + "-m")
        assert await (await client.storage_pools.get(other)).volumes.exists(unique_name + "-m")
        assert not await pool.volumes.exists(unique_name)
        back = await moved.move("default", name=unique_name)
        assert back.name == unique_name and await pool.volumes.exists(unique_name)
    finally:
        target = await client.storage_pools.get(other)
        for vol in await target.volumes.all():
            if vol.type == "custom":
                await vol.delete(wait=True)
        await target.delete(wait=True)
