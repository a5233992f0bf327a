# Generated: edit tests/integration/async_face/test_data_lifecycle.py and run scripts/unasync.py.
"""Snapshots, backups, copies, publish, metadata and templates on one server."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from pylxd import Client
from pylxd.models import Container, Image, Snapshot
from pylxd.exceptions import LXDAPIException, NotFound

from .helpers import remove_instance


def _write(inst: Container, path: str, text: str) -> None:
    inst.files.put(path, text.encode())


def _read(inst: Container, path: str) -> str:
    return (inst.files.get(path) or b"").decode()


def test_snapshot_crud_and_restore(container: Container) -> None:
    container.start(wait=True)
    _write(container, "/root/state.txt", "before")
    snap = container.snapshots.create("s1", wait=True)
    assert isinstance(snap, Snapshot) and snap.name == "s1"
    _write(container, "/root/state.txt", "after")
    before = container.client._transport.request_count
    listed = container.snapshots.all()
    assert container.client._transport.request_count - before == 1
    assert [s.name for s in listed] == ["s1"]
    assert container.snapshots.exists("s1")
    assert not container.snapshots.exists("nope")
    got = container.snapshots.get("s1")
    assert got.created_at and got.stateful is False
    container.stop(wait=True)
    container.restore_snapshot("s1", wait=True)
    container.start(wait=True)
    assert _read(container, "/root/state.txt") == "before"
    got.rename("s2", wait=True)
    assert [s.name for s in container.snapshots.all()] == ["s2"]
    container.stop(wait=True)
    _write_stopped_restore(container)
    got.delete(wait=True)
    assert container.snapshots.all() == []


def _write_stopped_restore(container: Container) -> None:
    snap = container.snapshots.get("s2")
    snap.restore(wait=True)  # the Snapshot's own restore()


def test_snapshot_errors(container: Container) -> None:
    with pytest.raises(NotFound):
        container.snapshots.get("missing")
    with pytest.raises(LXDAPIException):
        container.restore_snapshot("missing", wait=True)
    container.snapshots.create("dup", wait=True)
    with pytest.raises(LXDAPIException):
        container.snapshots.create("dup", wait=True)
    with pytest.raises(ValueError):
        container.snapshots.create("a/b")


def test_snapshot_expiry_is_saved(container: Container) -> None:
    snap = container.snapshots.create("exp", wait=True)
    snap.sync()
    snap.expires_at = "2099-01-02T03:04:05Z"
    snap.save(wait=True)
    again = container.snapshots.get("exp")
    assert again.expires_at.startswith("2099-01-02T03:04:05")


def test_copy_on_the_same_server(
    client: Client, container: Container, unique_name: str
) -> None:
    container.snapshots.create("s1", wait=True)
    name = unique_name + "-copy"
    try:
        copy = container.copy(name, wait=True)
        assert copy.name == name
        assert [s.name for s in copy.snapshots.all()] == ["s1"]
        only = container.copy(name + "-only", instance_only=True, wait=True)
        assert only.snapshots.all() == []
        with pytest.raises(LXDAPIException):
            container.copy(name, wait=True)  # the name is taken
    finally:
        remove_instance(client, name)
        remove_instance(client, name + "-only")


def test_backup_round_trip(
    client: Client, container: Container, unique_name: str, tmp_path: Path
) -> None:
    container.start(wait=True)
    _write(container, "/root/kept.txt", "in the backup")
    container.stop(wait=True)
    reports: list[object] = []
    backup = container.backups.create("b1", wait=True, progress=reports.append)
    assert backup.name == "b1"
    assert [b.name for b in container.backups.all()] == ["b1"]
    backup.rename("b2", wait=True)
    got = container.backups.get("b2")
    assert got.instance_only is False
    path = tmp_path / "backup.tar.gz"
    got.export(path)
    with tarfile.open(path) as tar:
        assert any(n.endswith("index.yaml") for n in tar.getnames())
    restored = unique_name + "-restored"
    try:
        with open(path, "rb") as f:
            inst = client.instances.create_from_backup(
                f, pool="default", name=restored, wait=True
            )
        assert inst.name == restored
        inst.start(wait=True)
        assert _read(inst, "/root/kept.txt") == "in the backup"  # type: ignore[arg-type]
    finally:
        remove_instance(client, restored)
    got.delete(wait=True)
    assert container.backups.all() == []


def test_backup_errors(client: Client, container: Container, tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        container.backups.get("missing")
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(b"this is not a backup")
    before = {i.name for i in client.instances.all()}
    with pytest.raises(LXDAPIException):
        client.instances.create_from_backup(bad, wait=True)
    assert {i.name for i in client.instances.all()} == before


def test_publish(client: Client, container: Container, unique_name: str) -> None:
    before = {i.fingerprint for i in client.images.all()}
    image = container.publish(wait=True, aliases=[unique_name])
    assert isinstance(image, Image)
    fresh = client.images.get(image.fingerprint)
    assert any(a["name"] == unique_name for a in fresh.aliases)
    fresh.delete(wait=True)
    # Not waited: None, as pylxd; the image still appears once the server is done.
    assert container.publish(wait=False) is None
    new: list[Image] = []
    for _ in range(200):
        new = [i for i in client.images.all() if i.fingerprint not in before]
        if new:
            break
        container.state()
    assert len(new) == 1
    new[0].delete(wait=True)


def test_snapshot_publish(client: Client, container: Container) -> None:
    snap = container.snapshots.create("pub", wait=True)
    image = snap.publish(wait=True)
    assert image is not None
    assert client.images.exists(image.fingerprint)
    (client.images.get(image.fingerprint)).delete(wait=True)


def test_metadata_and_templates(container: Container) -> None:
    meta = container.metadata()
    assert meta.properties["os"] == "BusyBox"
    meta.properties["description"] = "edited by pylxd"
    meta.save()
    assert (container.metadata()).properties["description"] == "edited by pylxd"
    container.templates.put("hello.tpl", "hello {{ container.name }}")
    assert "hello.tpl" in container.templates.all()
    assert container.templates.get("hello.tpl") == b"hello {{ container.name }}"
    container.templates.delete("hello.tpl")
    assert "hello.tpl" not in container.templates.all()
    with pytest.raises(LXDAPIException):
        container.templates.get("hello.tpl")
