"""What only the asyncio face has: the event loop's share of a transfer, and cancellation.
(Not generated for the blocking face: see ``ASYNC_ONLY`` in scripts/unasync.py.)"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from pylxd import Progress
from pylxd.aio import Container
from pylxd.exceptions import NotFound


@pytest.fixture
def remote_dir() -> str:
    return f"/tmp/pylxd-{uuid.uuid4().hex[:8]}"


@contextlib.asynccontextmanager
async def loop_turns() -> AsyncIterator[list[int]]:
    """Counts, in ``turns[0]``, the turns another task gets on the event loop meanwhile."""
    turns = [0]

    async def ticker() -> None:
        while True:
            turns[0] += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    try:
        yield turns
    finally:
        task.cancel()


async def cancel_under_way(
    transfer: Callable[[Callable[[Progress], object]], Awaitable[object]],
) -> None:
    """Start ``transfer(progress)``, cancel it once it reports bytes moved, and check that it
    stops at once, not after the rest of the transfer."""
    started = asyncio.Event()
    task = asyncio.ensure_future(transfer(lambda p: p.done and started.set()))
    await asyncio.wait_for(started.wait(), 30)
    cancelled_at = time.monotonic()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert time.monotonic() - cancelled_at < 0.5


async def test_large_download_leaves_the_loop_free(
    running: Container, remote_dir: str, tmp_path: Path
) -> None:
    """A large download is read by a thread: the loop's other tasks run all along, progress
    is reported on the loop, and the bytes come whole, into a path or into memory."""
    data = os.urandom(24 << 20)
    await running.files.mk_dir(remote_dir)
    await running.files.put(f"{remote_dir}/big", data)

    reports: list[tuple[int, bool]] = []
    loop_thread = threading.get_ident()
    async with loop_turns() as turns:
        dest = tmp_path / "big.bin"
        await running.files.get(
            f"{remote_dir}/big",
            dest=dest,
            progress=lambda p: reports.append((p.done, threading.get_ident() == loop_thread)),
        )
        assert turns[0] > 10
        assert await running.files.get(f"{remote_dir}/big") == data
    assert dest.read_bytes() == data
    assert reports[-1] == (len(data), True) and all(on_loop for _, on_loop in reports)
    await running.execute(["rm", "-r", remote_dir])


async def test_large_upload_leaves_the_loop_free_and_stops_when_cancelled(
    running: Container, remote_dir: str, tmp_path: Path
) -> None:
    """A local file over 1 MiB is sent by a thread (sendfile): the loop's other tasks run all
    along, progress is reported on the loop, the file arrives whole; cancelling a large
    upload stops it at once, and the client goes on."""
    data = os.urandom(24 << 20)
    source = tmp_path / "up.bin"
    source.write_bytes(data)
    await running.files.mk_dir(remote_dir)

    reports: list[tuple[int, bool]] = []
    loop_thread = threading.get_ident()
    async with loop_turns() as turns:
        await running.files.put(
            f"{remote_dir}/up",
            source,
            progress=lambda p: reports.append((p.done, threading.get_ident() == loop_thread)),
        )
        assert turns[0] > 10
    assert reports[0] == (0, True) and reports[-1] == (len(data), True)
    assert all(on_loop for _, on_loop in reports)
    assert await running.files.get(f"{remote_dir}/up") == data

    big = tmp_path / "big.bin"
    with open(big, "wb") as f:
        f.truncate(512 << 20)  # sparse: 512 MiB of zeros
    await cancel_under_way(
        lambda progress: running.files.put(f"{remote_dir}/big", big, progress=progress)
    )
    assert await running.files.get(f"{remote_dir}/up") == data
    await running.execute(["rm", "-r", remote_dir])


async def test_cancelled_download_leaves_no_file(
    running: Container, remote_dir: str, tmp_path: Path
) -> None:
    """Cancelling a large download stops it at once, leaves no file, and the client goes on."""
    await running.files.mk_dir(remote_dir)
    await running.execute(["dd", "if=/dev/zero", f"of={remote_dir}/big", "bs=1M", "count=256"])
    dest = tmp_path / "big.bin"
    await cancel_under_way(
        lambda progress: running.files.get(f"{remote_dir}/big", dest=dest, progress=progress)
    )
    assert list(tmp_path.iterdir()) == []
    await running.execute(["rm", "-r", remote_dir])
    with pytest.raises(NotFound):
        await running.files.get(f"{remote_dir}/big")
