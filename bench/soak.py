"""Soak: many calls in one process, watching for leaks.

    .venv/bin/python bench/soak.py [--socket PATH] [--calls N] [--execs N] [--files N] [--async]

Performs N small API calls, N execs and N file transfers (put then get) against a container
it creates and removes, and reports open file descriptors and RSS at the start, the middle
and the end. The figures that matter: from middle to end, fds within +-2 and RSS growth under
5 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pylxd import AsyncClient, Client  # noqa: E402

BUSYBOX = {"type": "image", "alias": "busybox"}


def usage() -> tuple[int, float]:
    """(open file descriptors, current RSS in MB)."""
    fds = len(os.listdir("/proc/self/fd"))
    with open("/proc/self/statm") as f:
        rss_pages = int(f.read().split()[1])
    return fds, rss_pages * resource.getpagesize() / 2**20


def plan(calls: int, execs: int, files: int) -> list[str]:
    """The work, interleaved so the middle checkpoint sees a bit of everything."""
    steps = ["call"] * calls + ["exec"] * execs + ["file"] * files
    random.Random(0).shuffle(steps)  # the same order every run
    return steps


def run_sync(args: argparse.Namespace) -> list[tuple[str, int, float]]:
    client = Client(endpoint=args.socket)
    name = f"pylxd-soak-{uuid.uuid4().hex[:8]}"
    inst = client.containers.create({"name": name, "source": BUSYBOX}, wait=True)
    inst.start(wait=True)
    points = [("start", *usage())]
    steps = plan(args.calls, args.execs, args.files)
    payload = os.urandom(64 * 1024)
    try:
        for i, step in enumerate(steps):
            if step == "call":
                client.profiles.get("default")
            elif step == "exec":
                assert inst.execute(["echo", "soak"]).stdout == "soak\n"
            else:
                inst.files.put("/root/soak.bin", payload)
                assert inst.files.get("/root/soak.bin") == payload
            if i == len(steps) // 2:
                points.append(("middle", *usage()))
        points.append(("end", *usage()))
    finally:
        inst.stop(force=True, wait=True)
        inst.delete(wait=True)
        client.close()
    return points


async def run_async(args: argparse.Namespace) -> list[tuple[str, int, float]]:
    async with AsyncClient(endpoint=args.socket) as client:
        name = f"pylxd-soak-{uuid.uuid4().hex[:8]}"
        inst = await client.containers.create({"name": name, "source": BUSYBOX}, wait=True)
        await inst.start(wait=True)
        points = [("start", *usage())]
        steps = plan(args.calls, args.execs, args.files)
        payload = os.urandom(64 * 1024)
        try:
            for i, step in enumerate(steps):
                if step == "call":
                    await client.profiles.get("default")
                elif step == "exec":
                    assert (await inst.execute(["echo", "soak"])).stdout == "soak\n"
                else:
                    await inst.files.put("/root/soak.bin", payload)
                    assert await inst.files.get("/root/soak.bin") == payload
                if i == len(steps) // 2:
                    points.append(("middle", *usage()))
            points.append(("end", *usage()))
        finally:
            await inst.stop(force=True, wait=True)
            await inst.delete(wait=True)
    return points


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--socket", default="/var/lib/lxd/unix.socket")
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--execs", type=int, default=500)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--async", dest="use_async", action="store_true")
    args = parser.parse_args()
    started = time.monotonic()
    points = asyncio.run(run_async(args)) if args.use_async else run_sync(args)
    face = "async" if args.use_async else "sync"
    print(
        f"soak ({face}): {args.calls} calls, {args.execs} execs, {args.files} file round "
        f"trips in {time.monotonic() - started:.0f}s"
    )
    for label, fds, rss in points:
        print(f"  {label:<7} fds={fds:<4} rss={rss:.1f} MB")
    (_, fds_mid, rss_mid), (_, fds_end, rss_end) = points[1], points[2]
    ok = abs(fds_end - fds_mid) <= 2 and rss_end - rss_mid < 5
    print(
        f"  middle->end: fds {fds_end - fds_mid:+d}, rss {rss_end - rss_mid:+.1f} MB: "
        f"{'OK' if ok else 'LEAK?'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
