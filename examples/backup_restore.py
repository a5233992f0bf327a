"""Back up a container to a local file, delete it, and restore it from that file.

The backup is made on the server, streamed to disk (constant memory, written atomically), and
streamed back up to re-create the instance; a file written before the backup survives.

    python examples/backup_restore.py [--endpoint SOCKET_OR_URL] [--file backup.tar.gz]
"""

from __future__ import annotations

import argparse
import pathlib
import tempfile
import uuid

from pylxd import Client, Progress


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", help="unix socket or https:// URL (default: local)")
    parser.add_argument("--image", default="busybox", help="image alias (default: busybox)")
    parser.add_argument("--name", default=f"example-{uuid.uuid4().hex[:6]}")
    parser.add_argument("--file", type=pathlib.Path, help="where to keep the backup")
    args = parser.parse_args(argv)

    client = Client(endpoint=args.endpoint)
    source = {"type": "image", "alias": args.image}
    tmp = tempfile.TemporaryDirectory()
    path = args.file or pathlib.Path(tmp.name, f"{args.name}.tar.gz")
    try:
        container = client.containers.create({"name": args.name, "source": source}, wait=True)
        container.start(wait=True)
        container.files.put("/root/precious.txt", b"keep me\n")
        container.stop(wait=True)

        backup = container.backups.create(instance_only=True, wait=True)
        backup.export(path)  # streamed to the file
        backup.delete(wait=True)  # the server's copy is no longer needed
        print(f"exported {backup.name} to {path.name}: {path.stat().st_size} bytes")

        container.delete(wait=True)
        print(f"deleted {args.name}: {not client.instances.exists(args.name)}")

        restored = client.instances.create_from_backup(
            path, name=args.name, wait=True, progress=report
        )
        restored.start(wait=True)
        data = restored.files.get("/root/precious.txt")
        print(f"restored {restored.name}; /root/precious.txt: {data!r}")
        ok = data == b"keep me\n"
    finally:
        remove(client, args.name)
        client.close()
        tmp.cleanup()
    return 0 if ok else 1


def report(progress: Progress) -> None:
    """Called as the upload goes (``total`` is None when the size is not known)."""
    if progress.done == progress.total:
        print(f"{progress.stage}: {progress.done} of {progress.total} bytes")


def remove(client: Client, name: str) -> None:
    """Delete the instance whatever state it is in (nothing to do if it was never made)."""
    if client.instances.exists(name):
        instance = client.instances.get(name)
        if instance.status != "Stopped":
            instance.stop(force=True, wait=True)
        instance.delete(wait=True)


if __name__ == "__main__":
    raise SystemExit(main())
