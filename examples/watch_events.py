"""Watch the server's lifecycle events while a container is created, started, stopped and
deleted in the background; stop after --count events about it, or after --timeout seconds.

The listener is an iterator too (``for event in listener``); ``next(timeout=...)`` is the form
that gives up when the server goes quiet.

    python examples/watch_events.py [--endpoint SOCKET_OR_URL] [--count 4] [--timeout 30]
"""

from __future__ import annotations

import argparse
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from pylxd import Client, EventType
from pylxd.exceptions import ClientTimeout


def lifecycle(client: Client, name: str, image: str) -> None:
    """Something that makes events: a container's whole life."""
    source = {"type": "image", "alias": image}
    container = client.containers.create({"name": name, "source": source}, wait=True)
    container.start(wait=True)
    container.stop(wait=True)
    container.delete(wait=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", help="unix socket or https:// URL (default: local)")
    parser.add_argument("--image", default="busybox", help="image alias (default: busybox)")
    parser.add_argument("--name", default=f"example-{uuid.uuid4().hex[:6]}")
    parser.add_argument("--count", type=int, default=4, help="events to wait for")
    parser.add_argument("--timeout", type=float, default=30, help="seconds to wait at most")
    args = parser.parse_args(argv)

    client = Client(endpoint=args.endpoint)
    seen = 0
    try:
        # Connected on entering the block, so no event of the background work is missed.
        with (
            client.events(event_types=[EventType.Lifecycle]) as listener,
            ThreadPoolExecutor(1) as pool,
        ):
            work = pool.submit(lifecycle, client, args.name, args.image)
            deadline = time.monotonic() + args.timeout
            while seen < args.count:
                try:
                    event = listener.next(timeout=max(0.0, deadline - time.monotonic()))
                except ClientTimeout:
                    print(f"no more events within {args.timeout} s")
                    break
                source = event.metadata.get("source", "")
                if source.split("?")[0].endswith(f"/instances/{args.name}"):  # ours only
                    seen += 1
                    print(f"{event.timestamp} {event.metadata['action']} {source}")
            work.result()  # re-raises what went wrong in the background, if anything
    finally:
        remove(client, args.name)
        client.close()
    print(f"saw {seen} event(s) about {args.name}")
    return 0


def remove(client: Client, name: str) -> None:
    """Delete the instance whatever state it is in (nothing to do if it was never made)."""
    if client.instances.exists(name):
        instance = client.instances.get(name)
        if instance.status != "Stopped":
            instance.stop(force=True, wait=True)
        instance.delete(wait=True)


if __name__ == "__main__":
    raise SystemExit(main())
