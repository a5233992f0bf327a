"""Launch a container from an image, run commands in it, then delete it.

Shows the three ways to run a command: collect the output, stream it to a handler as it
arrives, and feed the command's stdin.

    python examples/launch_and_exec.py [--endpoint SOCKET_OR_URL] [--image busybox]
"""

from __future__ import annotations

import argparse
import uuid

from pylxd import Client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", help="unix socket or https:// URL (default: local)")
    parser.add_argument("--image", default="busybox", help="image alias (default: busybox)")
    parser.add_argument("--name", default=f"example-{uuid.uuid4().hex[:6]}")
    args = parser.parse_args(argv)

    client = Client(endpoint=args.endpoint)
    source = {"type": "image", "alias": args.image}
    try:
        container = client.containers.create({"name": args.name, "source": source}, wait=True)
        container.start(wait=True)
        print(f"launched {container.name}: {container.status}")

        # Collected: (exit_code, stdout, stderr), like subprocess.run.
        result = container.execute(["sh", "-c", "uname -s; echo oops >&2; exit 3"])
        print(f"exit code: {result.exit_code}")
        print(f"stdout: {result.stdout.strip()}")
        print(f"stderr: {result.stderr.strip()}")

        # Streamed: the handler sees each chunk as it arrives.
        container.execute(
            ["sh", "-c", "for i in 1 2 3; do echo tick $i; sleep 0.2; done"],
            stdout_handler=lambda chunk: print(f"streamed: {chunk.strip()}"),
        )

        # stdin: bytes, str, a file or an iterable of bytes; check=True raises on failure.
        counted = container.execute(["wc", "-l"], stdin_payload="a\nb\nc\n", check=True)
        print(f"lines counted from stdin: {counted.stdout.strip()}")
    finally:
        remove(client, args.name)
        client.close()
    print(f"deleted {args.name}")
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
