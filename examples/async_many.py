"""Launch several containers at once with the asyncio client, run a command in each, delete
them: the same calls as ``Client``, awaited, and gathered to run concurrently.

    python examples/async_many.py [--endpoint SOCKET_OR_URL] [--count 3]
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid

from pylxd import AsyncClient


async def launch_and_run(client: AsyncClient, name: str, image: str) -> str:
    source = {"type": "image", "alias": image}
    container = await client.containers.create({"name": name, "source": source}, wait=True)
    await container.start(wait=True)
    result = await container.execute(["hostname"], check=True)
    return str(result.stdout).strip()


async def remove(client: AsyncClient, name: str) -> None:
    """Delete the instance whatever state it is in (nothing to do if it was never made)."""
    if await client.instances.exists(name):
        instance = await client.instances.get(name)
        if instance.status != "Stopped":
            await instance.stop(force=True, wait=True)
        await instance.delete(wait=True)


async def run(args: argparse.Namespace) -> int:
    names = [f"{args.name}-{i}" for i in range(1, args.count + 1)]
    async with AsyncClient(endpoint=args.endpoint) as client:
        started = time.monotonic()
        try:
            hostnames = await asyncio.gather(
                *(launch_and_run(client, name, args.image) for name in names)
            )
            for name, hostname in zip(names, hostnames, strict=True):
                print(f"{name}: hostname {hostname}")
            print(f"{len(names)} launched and run in {time.monotonic() - started:.1f}s")
        finally:
            # Every removal is attempted even if one fails; errors are raised afterwards.
            results = await asyncio.gather(
                *(remove(client, name) for name in names), return_exceptions=True
            )
            errors = [r for r in results if isinstance(r, BaseException)]
            if errors:
                raise errors[0]
        print(f"deleted {len(names)} containers")
    return 0 if hostnames == names else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", help="unix socket or https:// URL (default: local)")
    parser.add_argument("--image", default="busybox", help="image alias (default: busybox)")
    parser.add_argument("--name", default=f"example-{uuid.uuid4().hex[:6]}", help="name prefix")
    parser.add_argument("--count", type=int, default=3, help="containers to launch")
    args = parser.parse_args(argv)
    return asyncio.run(run(args))


if __name__ == "__main__":
    raise SystemExit(main())
