"""Copy a container from one server to another, snapshot included, and check it arrived.

Modes: "relay" (this client carries the data, so it works between two unix sockets), "pull"
(the target fetches from the source's HTTPS listener) or "push" (the source sends to the
target's). The copy gets its own name: two daemons on one host cannot run the same name.

    python examples/copy_between_servers.py --source SOCKET_OR_URL --target SOCKET_OR_URL
"""

from __future__ import annotations

import argparse
import uuid

from pylxd import Client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", help="the source server (default: local)")
    parser.add_argument("--target", required=True, help="the target server")
    parser.add_argument("--mode", choices=["relay", "pull", "push"], default="relay")
    parser.add_argument("--image", default="busybox", help="image alias (default: busybox)")
    parser.add_argument("--name", default=f"example-{uuid.uuid4().hex[:6]}")
    args = parser.parse_args(argv)
    copy_name = f"{args.name}-copy"

    source, target = Client(endpoint=args.source), Client(endpoint=args.target)
    image = {"type": "image", "alias": args.image}
    try:
        original = source.containers.create({"name": args.name, "source": image}, wait=True)
        original.start(wait=True)
        original.files.put("/root/marker", b"travelled\n")
        original.stop(wait=True)  # a running container needs CRIU to move: stop it first
        original.snapshots.create("before-copy", wait=True)

        original.copy(copy_name, client=target, mode=args.mode, wait=True)
        copy = target.instances.get(copy_name)
        print(f"copied {args.name} -> {copy.name} ({args.mode}): {copy.status}")
        print(f"snapshots on the target: {[s.name for s in copy.snapshots.all()]}")
        copy.start(wait=True)
        marker = copy.files.get("/root/marker")
        print(f"/root/marker on the target: {marker!r}")
        ok = marker == b"travelled\n"
    finally:
        remove(source, args.name)
        remove(target, copy_name)
        source.close()
        target.close()
    return 0 if ok else 1


def remove(client: Client, name: str) -> None:
    """Delete the instance whatever state it is in (nothing to do if it was never made)."""
    if client.instances.exists(name):
        instance = client.instances.get(name)
        if instance.status != "Stopped":
            instance.stop(force=True, wait=True)
        instance.delete(wait=True)


if __name__ == "__main__":
    raise SystemExit(main())
