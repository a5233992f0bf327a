"""File transfers against replies a real daemon does not send: a hostile directory listing
and a body cut short."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from pylxd import AsyncClient, Client
from pylxd.exceptions import ClientConnectionFailed, PylxdError

from .fakeserver import FakeServer, Reply, sync

INSTANCE = {"name": "c1", "type": "container", "status": "Running", "config": {}}
FILE = {"X-LXD-type": "file", "X-LXD-mode": "0644", "X-LXD-uid": "0", "X-LXD-gid": "0"}


def _listing(names: list[str]) -> Reply:
    body = {"type": "sync", "status_code": 200, "metadata": names}
    headers = dict(FILE, **{"X-LXD-type": "directory", "X-LXD-mode": "0755"})
    return Reply(200, json.dumps(body).encode(), headers)


@pytest.mark.parametrize("evil", ["..", "../../escape", "a/../../b", ""])
def test_recursive_get_refuses_traversal(fake: FakeServer, tmp_path: Path, evil: str) -> None:
    fake.route("GET", "/1.0/instances/c1", sync(INSTANCE))
    fake.route("GET", "/1.0/instances/c1/files", _listing(["fine.txt", evil]))
    client = Client(endpoint=fake.socket)
    inst = client.instances.get("c1")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(PylxdError, match="refusing directory entry"):
        inst.files.recursive_get("/d", out / "deeper")
    # The listing is checked before anything is written: nothing anywhere.
    assert list(out.iterdir()) == []


def test_interrupted_download_leaves_no_file(fake: FakeServer, tmp_path: Path) -> None:
    fake.route("GET", "/1.0/instances/c1", sync(INSTANCE))
    fake.route("GET", "/1.0/instances/c1/files", Reply(200, b"x" * 1000, FILE, 10_000))
    folder = tmp_path / "downloads"
    folder.mkdir()
    dest = folder / "partial.bin"
    client = Client(endpoint=fake.socket)
    with pytest.raises(ClientConnectionFailed):
        client.instances.get("c1").files.get("/big", dest=dest)
    assert list(folder.iterdir()) == []

    async def run() -> None:
        async with AsyncClient(endpoint=fake.socket) as aclient:
            inst = await aclient.instances.get("c1")
            with pytest.raises(ClientConnectionFailed):
                await inst.files.get("/big", dest=dest)

    asyncio.run(run())
    assert list(folder.iterdir()) == []
    # The client is still usable afterwards.
    assert client.instances.get("c1").name == "c1"
