"""Images: streamed unified and split uploads, exports checked against fingerprints, aliases,
copies between servers, and bad uploads."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from pylxd import AsyncClient
from pylxd.exceptions import LXDAPIException, NotFound

from ...images import unique_split, unique_unified
from ..servers import Server


def _sha(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
async def cleanup(client: AsyncClient) -> AsyncIterator[list[str]]:
    """Fingerprints to delete after the test."""
    made: list[str] = []
    yield made
    for fingerprint in made:
        if await client.images.exists(fingerprint):
            await (await client.images.get(fingerprint)).delete(wait=True)


async def test_unified_upload_and_export(
    client: AsyncClient, tmp_path: Path, cleanup: list[str], unique_name: str
) -> None:
    path = unique_unified(tmp_path)
    reports: list[object] = []
    image = await client.images.create(
        path,
        public=True,
        properties={"pylxd.test": "yes"},
        aliases=[unique_name],
        progress=reports.append,
    )
    cleanup.append(image.fingerprint)
    assert image.fingerprint == _sha(path)
    assert reports and reports[-1].done == path.stat().st_size  # type: ignore[attr-defined]
    got = await client.images.get(image.fingerprint)
    assert got.public is True
    assert got.properties["pylxd.test"] == "yes"
    assert await client.images.exists(unique_name, alias=True)
    assert (await client.images.get_by_alias(unique_name)).fingerprint == image.fingerprint
    out = tmp_path / "export.tar.gz"
    assert await got.export(out) is None
    assert out.read_bytes() == path.read_bytes()
    fileobj = await got.export()
    assert fileobj is not None and fileobj.read() == path.read_bytes()
    unchecked = tmp_path / "unchecked.tar.gz"
    assert await got.export(unchecked, check_fingerprint=False) is None
    assert unchecked.read_bytes() == path.read_bytes()
    listed = await client.images.all(filter=f"fingerprint eq {image.fingerprint}")
    assert [i.fingerprint for i in listed] in ([image.fingerprint], [])  # filter: server's call
    assert image.fingerprint in [i.fingerprint for i in await client.images.all()]


async def test_upload_from_file_object_and_bytes(
    client: AsyncClient, tmp_path: Path, cleanup: list[str]
) -> None:
    path = unique_unified(tmp_path)
    with open(path, "rb") as f:
        image = await client.images.create(f)
    cleanup.append(image.fingerprint)
    assert image.fingerprint == _sha(path)
    other = unique_unified(tmp_path)
    image2 = await client.images.create(other.read_bytes())
    cleanup.append(image2.fingerprint)
    assert image2.fingerprint == _sha(other)
    # An image cannot be text: a str names the file (a missing one is refused before sending).
    third = unique_unified(tmp_path)
    image3 = await client.images.create(str(third))
    cleanup.append(image3.fingerprint)
    assert image3.fingerprint == _sha(third)
    with pytest.raises(ValueError, match="no such file"):
        await client.images.create(str(tmp_path / "missing.tar.gz"))


async def test_split_upload_and_export(
    client: AsyncClient, tmp_path: Path, cleanup: list[str], unique_name: str
) -> None:
    meta, rootfs = unique_split(tmp_path)
    image = await client.images.create(rootfs, metadata=meta)
    cleanup.append(image.fingerprint)
    assert image.fingerprint == _sha(meta, rootfs)
    out_meta, out_rootfs = tmp_path / "m.tar.gz", tmp_path / "r.squashfs"
    got = await client.images.get(image.fingerprint)
    with pytest.raises(ValueError, match="rootfs_dest"):
        await got.export(out_meta)
    assert not out_meta.exists()
    await got.export(out_meta, rootfs_dest=out_rootfs)
    assert out_meta.read_bytes() == meta.read_bytes()
    assert out_rootfs.read_bytes() == rootfs.read_bytes()
    out_meta.unlink()
    out_rootfs.unlink()
    await got.export(out_meta, rootfs_dest=out_rootfs, check_fingerprint=False)
    assert (
        out_meta.read_bytes() + out_rootfs.read_bytes() == meta.read_bytes() + rootfs.read_bytes()
    )
    # It launches.
    inst = await client.instances.create(
        {"name": unique_name, "source": {"type": "image", "fingerprint": image.fingerprint}},
        wait=True,
    )
    await inst.delete(wait=True)


async def test_corrupt_upload_is_refused_and_leaves_nothing(
    client: AsyncClient, tmp_path: Path
) -> None:
    before = {i.fingerprint for i in await client.images.all()}
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(b"\x1f\x8b" + b"not an image at all" * 100)
    with pytest.raises(LXDAPIException):
        await client.images.create(bad)
    assert {i.fingerprint for i in await client.images.all()} == before
    with pytest.raises(TypeError):
        await client.images.create(42)


async def test_alias_manager(
    client: AsyncClient, tmp_path: Path, cleanup: list[str], unique_name: str
) -> None:
    image = await client.images.create(unique_unified(tmp_path))
    cleanup.append(image.fingerprint)
    alias = await client.images.aliases.create(unique_name, image.fingerprint, "first")
    assert alias.name == unique_name
    got = await client.images.aliases.get(unique_name)
    assert got.target == image.fingerprint and got.description == "first"
    assert unique_name in [a.name for a in await client.images.aliases.all()]
    got.description = "second"
    await got.save()
    assert (await client.images.aliases.get(unique_name)).description == "second"
    await got.rename(unique_name + "-r")
    assert await client.images.aliases.exists(unique_name + "-r")
    assert not await client.images.aliases.exists(unique_name)
    await got.delete()
    with pytest.raises(NotFound):
        await client.images.aliases.get(unique_name + "-r")
    # On an image not yet read, the alias list is read whole when first needed.
    await image.add_alias(unique_name + "-y")
    await image.sync()  # sync: pass
    assert unique_name + "-y" in [a["name"] for a in image.aliases]
    await image.delete_alias(unique_name + "-y")
    loaded = await client.images.get(image.fingerprint)
    await loaded.add_alias(unique_name + "-x", "via image")
    # Known locally once: the alias list is shared by the object's current and base states.
    assert [a["name"] for a in loaded.aliases].count(unique_name + "-x") == 1
    assert (await client.images.get_by_alias(unique_name + "-x")).fingerprint == image.fingerprint
    await loaded.delete_alias(unique_name + "-x")
    assert not await client.images.exists(unique_name + "-x", alias=True)


async def test_image_save(client: AsyncClient, tmp_path: Path, cleanup: list[str]) -> None:
    image = await client.images.create(unique_unified(tmp_path))
    cleanup.append(image.fingerprint)
    got = await client.images.get(image.fingerprint)
    got.properties["extra"] = "value"
    got.public = True
    await got.save()
    again = await client.images.get(image.fingerprint)
    assert again.properties["extra"] == "value" and again.public is True


@pytest.fixture
async def other(peer: Server) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(endpoint=peer.socket) as c:
        yield c


def _need_push(client: AsyncClient) -> None:
    if "images_push_relay" not in client.host_info.get("api_extensions", []):
        pytest.skip("the server has no images_push_relay extension")


@pytest.mark.parametrize("mode", ["pull", "push", "relay"])
@pytest.mark.parametrize("split", [False, True], ids=["unified", "split"])
async def test_copy_between_servers(
    mode: str,
    split: bool,
    client: AsyncClient,
    other: AsyncClient,
    tmp_path: Path,
    cleanup: list[str],
) -> None:
    if split:
        meta, rootfs = unique_split(tmp_path)
        image = await client.images.create(rootfs, metadata=meta)
    else:
        image = await client.images.create(unique_unified(tmp_path))  # private
    cleanup.append(image.fingerprint)
    if mode == "push":
        _need_push(client)
    source = await client.images.get(image.fingerprint)
    try:
        copied = await source.copy(other, wait=True, mode=mode)
        assert copied is not None and copied.fingerprint == image.fingerprint
        on_peer = await other.images.get(image.fingerprint)
        assert on_peer.fingerprint == image.fingerprint and on_peer.size == source.size
        assert on_peer.properties == source.properties
    finally:
        if await other.images.exists(image.fingerprint):
            await (await other.images.get(image.fingerprint)).delete(wait=True)


async def _pending_tokens(c: AsyncClient, fingerprint: str) -> list[str]:
    """Image tokens still pending on a server for ``fingerprint``."""
    reply = await c._request("GET", "/operations", params={"recursion": 1})
    return [
        op["id"]
        for ops in (reply.metadata or {}).values()
        for op in ops or []
        if op.get("class") == "token"
        and op.get("status") == "Running"
        and any(fingerprint in url for url in (op.get("resources") or {}).get("images", []))
    ]


async def test_push_copy_sets_visibility_aliases_and_auto_update(
    client: AsyncClient,
    other: AsyncClient,
    tmp_path: Path,
    cleanup: list[str],
    unique_name: str,
) -> None:
    """The target takes public, properties and aliases from its token, not from the upload."""
    _need_push(client)
    image = await client.images.create(unique_unified(tmp_path))  # private
    cleanup.append(image.fingerprint)
    source = await client.images.get(image.fingerprint)
    try:
        copied = await source.copy(
            other, public=True, auto_update=True, wait=True, mode="push", aliases=[unique_name]
        )
        assert copied is not None and copied.fingerprint == image.fingerprint
        on_peer = await other.images.get(image.fingerprint)
        assert on_peer.public is True and on_peer.auto_update is True
        assert on_peer.properties == source.properties
        assert [a["name"] for a in on_peer.aliases] == [unique_name]
        assert (await other.images.aliases.get(unique_name)).target == image.fingerprint
        assert await _pending_tokens(other, image.fingerprint) == []
        assert source.public is False  # the source is left as it was
    finally:
        if await other.images.exists(image.fingerprint):
            await (await other.images.get(image.fingerprint)).delete(wait=True)


async def test_push_copy_not_waited_then_arrives(
    client: AsyncClient, other: AsyncClient, tmp_path: Path, cleanup: list[str]
) -> None:
    _need_push(client)
    image = await client.images.create(unique_unified(tmp_path))
    cleanup.append(image.fingerprint)
    source = await client.images.get(image.fingerprint)
    try:
        with pytest.raises(ValueError, match="wait=True"):
            await source.copy(other, auto_update=True, mode="push")
        assert await _pending_tokens(other, image.fingerprint) == []
        assert await source.copy(other, mode="push") is None
        for _ in range(100):
            if await other.images.exists(image.fingerprint):
                break
            await asyncio.sleep(0.1)
        assert (await other.images.get(image.fingerprint)).fingerprint == image.fingerprint
    finally:
        for _ in range(100):  # the upload may still be finishing
            if await other.images.exists(image.fingerprint):
                await (await other.images.get(image.fingerprint)).delete(wait=True)
                break
            await asyncio.sleep(0.1)
