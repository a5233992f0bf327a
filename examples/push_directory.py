"""Push a local directory tree into a container, list it there, pull it back and compare.

Files are streamed one at a time (constant memory) and keep their modes. Without --dir a small
sample tree is made in a temporary directory.

    python examples/push_directory.py [--endpoint SOCKET_OR_URL] [--dir LOCAL_DIR]
"""

from __future__ import annotations

import argparse
import pathlib
import tempfile
import uuid

from pylxd import Client


def sample_tree(root: pathlib.Path) -> pathlib.Path:
    (root / "etc").mkdir(parents=True)
    (root / "etc" / "app.conf").write_text("answer = 42\n")
    (root / "bin").mkdir()
    (root / "bin" / "hello").write_text("#!/bin/sh\necho hello\n")
    (root / "data.bin").write_bytes(bytes(range(256)) * 1024)
    for path, mode in (("etc/app.conf", 0o644), ("bin/hello", 0o755), ("data.bin", 0o600)):
        (root / path).chmod(mode)
    return root


def contents(root: pathlib.Path) -> dict[str, tuple[int, bytes]]:
    """Every file under ``root``: relative path -> (mode, bytes)."""
    return {
        path.relative_to(root).as_posix(): (path.stat().st_mode, path.read_bytes())
        for path in root.rglob("*")
        if path.is_file()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", help="unix socket or https:// URL (default: local)")
    parser.add_argument("--image", default="busybox", help="image alias (default: busybox)")
    parser.add_argument("--name", default=f"example-{uuid.uuid4().hex[:6]}")
    parser.add_argument("--dir", type=pathlib.Path, help="local directory to push")
    args = parser.parse_args(argv)

    client = Client(endpoint=args.endpoint)
    source = {"type": "image", "alias": args.image}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            local = args.dir or sample_tree(pathlib.Path(tmp, "tree"))
            container = client.containers.create({"name": args.name, "source": source}, wait=True)
            container.start(wait=True)

            container.files.recursive_put(local, "/root/tree")
            listing = container.execute(["find", "/root/tree", "-type", "f"], check=True)
            print("in the container:")
            for path in sorted(listing.stdout.splitlines()):
                info = container.files.stat(path)  # type, mode, owner: no download
                print(f"  {info.mode:04o} {path}")

            back = pathlib.Path(tmp, "back")
            container.files.recursive_get("/root/tree", back)
            same = contents(local) == contents(back)
            print(f"pulled back identical (names, modes, bytes): {same}")
    finally:
        remove(client, args.name)
        client.close()
    return 0 if same else 1


def remove(client: Client, name: str) -> None:
    """Delete the instance whatever state it is in (nothing to do if it was never made)."""
    if client.instances.exists(name):
        instance = client.instances.get(name)
        if instance.status != "Stopped":
            instance.stop(force=True, wait=True)
        instance.delete(wait=True)


if __name__ == "__main__":
    raise SystemExit(main())
