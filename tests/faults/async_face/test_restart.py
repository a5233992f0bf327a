"""A dedicated daemon (the second LXD, never the shared one) stopped and started again between
calls: the client reports the outage as ClientConnectionFailed and works again after it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pylxd import AsyncClient
from pylxd.exceptions import ClientConnectionFailed

from ...integration.conftest import require
from ...integration.servers import PEERS

ROOT = Path(__file__).resolve().parents[3]


def _daemons(action: str) -> None:
    subprocess.run(
        ["bash", str(ROOT / "scripts" / "daemons.sh"), action, "lxd2"],
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=180,
    )


async def test_calls_across_a_daemon_restart() -> None:
    peer = PEERS["lxd"]
    require(peer)
    async with AsyncClient(endpoint=peer.socket, timeout=(2, 5)) as client:
        assert await client.profiles.exists("default")
        _daemons("stop")
        try:
            with pytest.raises(ClientConnectionFailed, match="lxd2"):
                await client.profiles.get("default")
        finally:
            _daemons("start")
        assert await client.profiles.exists("default")  # the same client, reconnected
