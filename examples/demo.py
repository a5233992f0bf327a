"""A tour of the main job on the local daemon: create a container, run it, edit and save its
configuration safely, then remove it. Leaves nothing behind."""

from __future__ import annotations

import time
import uuid

from pylxd import Client


def main() -> None:
    client = Client()  # the local unix socket
    env = client.host_info["environment"]
    print(f"connected to {env['server']} {env['server_version']} at {client.endpoint}")

    name = f"pylxd-demo-{uuid.uuid4().hex[:8]}"
    config = {"name": name, "source": {"type": "image", "alias": "busybox"}}
    started = time.monotonic()
    container = client.containers.create(config, wait=True)
    try:
        print(f"created {container.name} ({container.status})")
        container.start(wait=True)
        state = container.state()
        print(f"started: status={container.status} pid={state.pid} processes={state.processes}")

        container.config["user.demo"] = "hello"  # an in-place edit is seen as a change
        print(f"dirty after an edit: {container.dirty}")
        container.save(wait=True)  # sent with If-Match: a concurrent change would be refused
        print(f"saved: user.demo={client.containers.get(name).config['user.demo']!r}")

        names = [c.name for c in client.containers.all()]  # one request, whatever the count
        print(f"{len(names)} container(s) on the server, ours among them: {name in names}")
        container.stop(wait=True)
        print(f"stopped: {container.status}")
    finally:
        remove(client, name)
    gone = not client.containers.exists(name)
    print(f"deleted {name}: {gone}; took {time.monotonic() - started:.1f}s")
    client.close()


def remove(client: Client, name: str) -> None:
    """Delete the container whatever state an error left it in."""
    if not client.containers.exists(name):
        return
    leftover = client.containers.get(name)
    if leftover.status != "Stopped":
        leftover.stop(force=True, wait=True)
    leftover.delete(wait=True)


if __name__ == "__main__":
    main()
