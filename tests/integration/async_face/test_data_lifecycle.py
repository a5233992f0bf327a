"""Snapshots, backups, copies, publish, metadata and templates on one server."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from pylxd import AsyncClient
from pylxd.aio import Container, Image, Snapshot
from pylxd.exceptions import LXDAPIException, NotFound

from .helpers import remove_instance


async def _write(inst: Container, path: str, text: str) -> None:
    await inst.files.put(path, text.encode())


async def _read(inst: Container, path: str) -> str:
    return (await inst.files.get(path) or b"").decode()


async def test_snapshot_crud_and_restore(container: Container) -> None:
    await container.start(wait=True)
    await _write(container, "/root/state.txt", "before")
    snap = await container.snapshots.create("s1", wait=True)
    assert isinstance(snap, Snapshot) and snap.name == "s1"
    await _write(container, "/root/state.txt", "after")
    before = container.client._transport.request_count
    listed = await container.snapshots.all()
    assert container.client._transport.request_count - before == 1
    assert [s.name for s in listed] == ["s1"]
    assert await container.snapshots.exists("s1")
    assert not await container.snapshots.exists("nope")
    got = await container.snapshots.get("s1")
    assert got.created_at and got.stateful is False
    await container.stop(wait=True)
    await container.restore_snapshot("s1", wait=True)
    await container.start(wait=True)
    assert await _read(container, "/root/state.txt") == "before"
    await got.rename("s2", wait=True)
    assert [s.name for s in await container.snapshots.all()] == ["s2"]
    await container.stop(wait=True)
    await _write_stopped_restore(container)
    await got.delete(wait=True)
    assert await container.snapshots.all() == []


async def _write_stopped_restore(container: Container) -> None:
    snap = await container.snapshots.get("s2")
    await snap.restore(wait=True)  # the Snapshot's own restore()


async def test_snapshot_errors(container: Container) -> None:
    with pytest.raises(NotFound):
        await container.snapshots.get("missing")
    with pytest.raises(LXDAPIException):
        await container.restore_snapshot("missing", wait=True)
    await container.snapshots.create("dup", wait=True)
    with pytest.raises(LXDAPIException):
        await container.snapshots.create("dup", wait=True)
    with pytest.raises(ValueError):
        await container.snapshots.create("a/b")


async def test_snapshot_expiry_is_saved(container: Container) -> None:
    snap = await container.snapshots.create("exp", wait=True)
    await snap.sync()
    snap.expires_at = "2099-01-02T03:04:05Z"
    await snap.save(wait=True)
    again = await container.snapshots.get("exp")
    assert again.expires_at.startswith("2099-01-02T03:04:05")


async def test_copy_on_the_same_server(
    client: AsyncClient, container: Container, unique_name: str
) -> None:
    await container.snapshots.create("s1", wait=True)
    name = unique_name + "-copy"
    try:
        copy = await container.copy(name, wait=True)
        assert copy.name == name
        assert [s.name for s in await copy.snapshots.all()] == ["s1"]
        only = await container.copy(name + "-only", instance_only=True, wait=True)
        assert await only.snapshots.all() == []
        with pytest.raises(LXDAPIException):
            await container.copy(name, wait=True)  # the name is taken
    finally:
        await remove_instance(client, name)
        await remove_instance(client, name + "-only")


async def test_backup_round_trip(
    client: AsyncClient, container: Container, unique_name: str, tmp_path: Path
) -> None:
    await container.start(wait=True)
    await _write(container, "/root/kept.txt", "in the backup")
    await container.stop(wait=True)
    reports: list[object] = []
    backup = await container.backups.create("b1", wait=True, progress=reports.append)
    assert backup.name == "b1"
    assert [b.name for b in await container.backups.all()] == ["b1"]
    await backup.rename("b2", wait=True)
    got = await container.backups.get("b2")
    assert got.instance_only is False
    path = tmp_path / "backup.tar.gz"
    await got.export(path)
    with tarfile.open(path) as tar:
        assert any(n.endswith("index.yaml") for n in tar.getnames())
    restored = unique_name + "-restored"
    try:
        with open(path, "rb") as f:
            inst = await client.instances.create_from_backup(
                f, pool="default", name=restored, wait=True
            )
        assert inst.name == restored
        await inst.start(wait=True)
        assert await _read(inst, "/root/kept.txt") == "in the backup"  # type: ignore[arg-type]
    finally:
        await remove_instance(client, restored)
    await got.delete(wait=True)
    assert await container.backups.all() == []


async def test_backup_errors(client: AsyncClient, container: Container, tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        await container.backups.get("missing")
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(b"this is not a backup")
    before = {i.name for i in await client.instances.all()}
    with pytest.raises(LXDAPIException):
        await client.instances.create_from_backup(bad, wait=True)
    assert {i.name for i in await client.instances.all()} == before


async def test_publish(client: AsyncClient, container: Container, unique_name: str) -> None:
    before = {i.fingerprint for i in await client.images.all()}
    image = await container.publish(wait=True, aliases=[unique_name])
    assert isinstance(image, Image)
    fresh = await client.images.get(image.fingerprint)
    assert any(a["name"] == unique_name for a in fresh.aliases)
    await fresh.delete(wait=True)
    # Not waited: None, as pylxd; the image still appears once the server is done.
    assert await container.publish(wait=False) is None
    new: list[Image] = []
    for _ in range(200):
        new = [i for i in await client.images.all() if i.fingerprint not in before]
        if new:
            break
        await container.state()
    assert len(new) == 1
    await new[0].delete(wait=True)


async def test_snapshot_publish(client: AsyncClient, container: Container) -> None:
    snap = await container.snapshots.create("pub", wait=True)
    image = await snap.publish(wait=True)
    assert image is not None
    assert await client.images.exists(image.fingerprint)
    await (await client.images.get(image.fingerprint)).delete(wait=True)


async def test_metadata_and_templates(container: Container) -> None:
    meta = await container.metadata()
    assert meta.properties["os"] == "BusyBox"
    meta.properties["description"] = "edited by pylxd"
    await meta.save()
    assert (await container.metadata()).properties["description"] == "edited by pylxd"
    await container.templates.put("hello.tpl", "hello {{ container.name }}")
    assert "hello.tpl" in await container.templates.all()
    assert await container.templates.get("hello.tpl") == b"hello {{ container.name }}"
    await container.templates.delete("hello.tpl")
    assert "hello.tpl" not in await container.templates.all()
    with pytest.raises(LXDAPIException):
        await container.templates.get("hello.tpl")
