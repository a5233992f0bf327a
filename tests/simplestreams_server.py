"""A simplestreams image server on a loopback address, serving images made for the test.

Each server gets a fresh port: the daemons cache an index per URL for about an hour.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HOST = "127.0.3.1"


def _item(ftype: str, path: str, data: Path, **extra: Any) -> dict[str, Any]:
    blob = data.read_bytes()
    return {
        "ftype": ftype,
        "path": path,
        "sha256": hashlib.sha256(blob).hexdigest(),
        "size": len(blob),
        **extra,
    }


def build_tree(root: Path, unified: Path, split: tuple[Path, Path], alias: str) -> dict[str, str]:
    """Write ``streams/v1`` for one product with a unified and a split image; return the
    fingerprints by kind."""
    images = root / "images"
    images.mkdir(parents=True)
    (images / "unified.tar.gz").write_bytes(unified.read_bytes())
    meta, rootfs = split
    (images / "meta.tar.xz").write_bytes(meta.read_bytes())
    (images / "rootfs.squashfs").write_bytes(rootfs.read_bytes())
    combined = hashlib.sha256(meta.read_bytes() + rootfs.read_bytes()).hexdigest()
    unified_items = {
        # Each file under both servers' types: LXD 5.0 reads lxd_*, Incus incus_*.
        f"{kind}_combined.tar.gz": _item(
            f"{kind}_combined.tar.gz", "images/unified.tar.gz", unified
        )
        for kind in ("lxd", "incus")
    }
    split_items = {
        f"{kind}.tar.xz": _item(
            f"{kind}.tar.xz", "images/meta.tar.xz", meta, combined_squashfs_sha256=combined
        )
        for kind in ("lxd", "incus")
    }
    split_items["root.squashfs"] = _item("squashfs", "images/rootfs.squashfs", rootfs)
    products = {
        "format": "products:1.0",
        "datatype": "image-downloads",
        "content_id": "images",
        "products": {
            f"{alias}:unified:amd64:default": {
                "aliases": alias,
                "arch": "amd64",
                "os": "BusyBox",
                "release": "unified",
                "variant": "default",
                "versions": {"20261126_0000": {"items": unified_items}},
            },
            f"{alias}:split:amd64:default": {
                "aliases": f"{alias}-split",
                "arch": "amd64",
                "os": "BusyBox",
                "release": "split",
                "variant": "default",
                "versions": {"20261126_0000": {"items": split_items}},
            },
        },
    }
    streams = root / "streams" / "v1"
    streams.mkdir(parents=True)
    (streams / "images.json").write_text(json.dumps(products))
    index = {
        "format": "index:1.0",
        "index": {
            "images": {
                "datatype": "image-downloads",
                "path": "streams/v1/images.json",
                "format": "products:1.0",
                "products": list(products["products"]),
            }
        },
    }
    (streams / "index.json").write_text(json.dumps(index))
    return {"unified": unified_items["lxd_combined.tar.gz"]["sha256"], "split": combined}


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` over HTTP on a loopback address; yields the base URL.

    ``/direct`` answers a HEAD as ``create_from_url`` expects: the image's hash and URL in both
    servers' header names.
    """
    unified = root / "images" / "unified.tar.gz"

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def do_HEAD(self) -> None:
            if self.path.startswith("/direct"):
                digest = hashlib.sha256(unified.read_bytes()).hexdigest()
                url = f"http://{HOST}:{self.server.server_address[1]}/images/unified.tar.gz"
                self.send_response(200)
                for prefix in ("LXD", "Incus"):
                    self.send_header(f"{prefix}-Image-Hash", digest)
                    self.send_header(f"{prefix}-Image-URL", url)
                self.end_headers()
                return
            super().do_HEAD()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer((HOST, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
