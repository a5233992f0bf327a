"""The simplestreams image-server format (pure): products and items into image records."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Debian/simplestreams architecture names to the kernel's, as the daemons report them.
ARCHITECTURES = {
    "amd64": "x86_64",
    "arm64": "aarch64",
    "armhf": "armv7l",
    "i386": "i686",
    "ppc64el": "ppc64le",
    "s390x": "s390x",
    "riscv64": "riscv64",
}
UNIFIED_TYPES = ("lxd_combined.tar.gz", "incus_combined.tar.gz")
METADATA_TYPES = ("lxd.tar.xz", "incus.tar.xz")
ROOTFS_TYPES = {
    "squashfs": "combined_squashfs_sha256",
    "root.tar.xz": "combined_rootxz_sha256",
    "disk-kvm.img": "combined_disk-kvm-img_sha256",
}


@dataclass(frozen=True)
class RemoteImage:
    """One image version offered by a simplestreams server."""

    product: str
    version: str
    fingerprint: str
    architecture: str  # the kernel's name (x86_64)
    type: str  # "container" or "virtual-machine"
    aliases: tuple[str, ...]
    os: str | None = None
    release: str | None = None
    variant: str | None = None
    size: int | None = None
    items: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)


def index_products(index: Mapping[str, Any]) -> list[str]:
    """Paths of the products files listed by ``streams/v1/index.json``."""
    out = []
    for entry in (index.get("index") or {}).values():
        if isinstance(entry, Mapping) and entry.get("datatype") == "image-downloads":
            path = entry.get("path")
            if isinstance(path, str):
                out.append(path)
    return out


def images(products: Mapping[str, Any]) -> list[RemoteImage]:
    """Every image version in a products file that a container or VM can be made from."""
    out = []
    for key, product in (products.get("products") or {}).items():
        if not isinstance(product, Mapping):
            continue
        arch = ARCHITECTURES.get(str(product.get("arch")), str(product.get("arch")))
        names = [a.strip() for a in str(product.get("aliases") or "").split(",") if a.strip()]
        aliases = tuple(names + [f"{n}/{arch}" for n in names])
        for version, content in (product.get("versions") or {}).items():
            items = {k: v for k, v in (content.get("items") or {}).items() if isinstance(v, dict)}
            out.extend(_records(key, version, arch, aliases, product, items))
    return out


def _records(
    key: str,
    version: str,
    arch: str,
    aliases: tuple[str, ...],
    product: Mapping[str, Any],
    items: dict[str, dict[str, Any]],
) -> list[RemoteImage]:
    common: dict[str, Any] = {
        "product": key,
        "version": version,
        "architecture": arch,
        "aliases": aliases,
        "os": product.get("os"),
        "release": product.get("release"),
        "variant": product.get("variant"),
        "items": items,
    }
    by_type = {item.get("ftype"): item for item in items.values()}
    found: dict[str, RemoteImage] = {}
    for ftype in UNIFIED_TYPES:
        item = by_type.get(ftype)
        if item and item.get("sha256"):
            found[str(item["sha256"])] = RemoteImage(
                fingerprint=str(item["sha256"]),
                type="container",
                size=item.get("size"),
                **common,
            )
    for ftype in METADATA_TYPES:
        meta = by_type.get(ftype)
        if not meta:
            continue
        for rootfs, combined in ROOTFS_TYPES.items():
            if meta.get(combined) and rootfs in by_type:
                kind = "virtual-machine" if rootfs == "disk-kvm.img" else "container"
                size = (meta.get("size") or 0) + (by_type[rootfs].get("size") or 0)
                found[str(meta[combined])] = RemoteImage(
                    fingerprint=str(meta[combined]), type=kind, size=size or None, **common
                )
    return list(found.values())


def latest(records: list[RemoteImage]) -> list[RemoteImage]:
    """The newest version of each product and type."""
    best: dict[tuple[str, str], RemoteImage] = {}
    for record in records:
        key = (record.product, record.type)
        if key not in best or record.version > best[key].version:
            best[key] = record
    return list(best.values())
