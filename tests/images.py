"""Unique test images made from the locally built busybox image (so uploads never clash)."""

from __future__ import annotations

import gzip
import io
import tarfile
import uuid
from pathlib import Path

BUILD = Path(__file__).resolve().parents[1] / "build"


def _metadata(tag: str) -> bytes:
    return (
        "architecture: x86_64\n"
        "creation_date: 1700000000\n"
        "properties:\n"
        f"  description: pylxd test image {tag}\n"
        "  name: busybox\n"
        "  os: BusyBox\n"
    ).encode()


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def unique_unified(folder: Path) -> Path:
    """A unified image: the busybox rootfs with a metadata.yaml of its own."""
    tag = uuid.uuid4().hex[:10]
    out = folder / f"unified-{tag}.tar.gz"
    with (
        tarfile.open(BUILD / "busybox.tar.gz") as src,
        gzip.open(out, "wb") as raw,
        tarfile.open(fileobj=raw, mode="w") as dst,
    ):
        _add(dst, "metadata.yaml", _metadata(tag))
        for member in src.getmembers():
            if member.name != "metadata.yaml":
                dst.addfile(member, src.extractfile(member) if member.isfile() else None)
    return out


def unique_split(folder: Path) -> tuple[Path, Path]:
    """A split image: a metadata tarball of its own and the shared squashfs rootfs."""
    tag = uuid.uuid4().hex[:10]
    meta = folder / f"split-meta-{tag}.tar.gz"
    with gzip.open(meta, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as dst:
        _add(dst, "metadata.yaml", _metadata(tag))
    return meta, BUILD / "busybox-split-rootfs.squashfs"
