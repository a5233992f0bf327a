"""The client: connecting, server facts, the raw REST tree and bad endpoints."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pylxd import AsyncClient
from pylxd.aio import Container
from pylxd.exceptions import (
    ClientConnectionFailed,
    LXDAPIExtensionNotAvailable,
    NotFound,
    PylxdError,
)

from ..servers import Server


async def test_connect_reads_server_facts(client: AsyncClient) -> None:
    assert client.host_info["environment"]["server"] in ("lxd", "incus")
    assert client.trusted is True
    assert "instances" in client.api_extensions
    assert client.has_api_extension("instances")
    assert not client.has_api_extension("no_such_extension")
    client.assert_has_api_extension("instances")
    with pytest.raises(LXDAPIExtensionNotAvailable, match="no_such_extension"):
        client.assert_has_api_extension("no_such_extension")
    assert client.server_clustered is False


async def test_resources(client: AsyncClient) -> None:
    resources = await client.get_resources()  # sync face: the resources property
    assert resources["cpu"]["total"] >= 1
    assert resources["memory"]["total"] > 0


async def test_default_endpoint_is_the_local_socket(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LXD_DIR", os.path.dirname(server.socket))
    async with AsyncClient() as client:
        assert str(client.endpoint) == server.socket
        assert client.trusted


async def test_no_socket_anywhere_lists_the_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pylxd import _flavour

    monkeypatch.setenv("LXD_DIR", str(tmp_path))
    monkeypatch.setenv("INCUS_DIR", str(tmp_path / "incus"))
    for name in ("SNAP_LXD_SOCKET", "DEB_LXD_SOCKET", "RUN_INCUS_SOCKET", "VAR_INCUS_SOCKET"):
        monkeypatch.setattr(_flavour, name, str(tmp_path / f"{name}.socket"))
    with pytest.raises(ClientConnectionFailed) as info:
        async with AsyncClient():
            pass
    assert str(tmp_path / "unix.socket") in str(info.value)
    assert str(tmp_path / "incus" / "unix.socket") in str(info.value)
    for name in ("SNAP_LXD_SOCKET", "DEB_LXD_SOCKET", "RUN_INCUS_SOCKET", "VAR_INCUS_SOCKET"):
        assert f"{name}.socket" in str(info.value)


async def test_missing_socket_path(tmp_path: Path) -> None:
    path = str(tmp_path / "nothing.socket")
    with pytest.raises(ClientConnectionFailed, match="nothing.socket"):
        async with AsyncClient(endpoint=path):
            pass


async def test_refused_connection_names_the_endpoint() -> None:
    with pytest.raises(ClientConnectionFailed, match="127.0.0.1:1"):
        async with AsyncClient(endpoint="https://127.0.0.1:1", verify=False):
            pass


async def test_plain_http_to_the_https_port(server: Server) -> None:
    url = server.https.replace("https://", "http://")
    with pytest.raises(ClientConnectionFailed, match="use https://"):
        async with AsyncClient(endpoint=url):
            pass


async def test_malformed_endpoint() -> None:
    with pytest.raises(ValueError, match="endpoint"):
        AsyncClient(endpoint="not-a-url")


async def test_facts_before_connecting_say_how_to_connect(server: Server) -> None:
    client = AsyncClient(endpoint=server.socket)
    # sync: client._host_info = None
    try:
        with pytest.raises(PylxdError, match="connect"):
            _ = client.host_info
        with pytest.raises(PylxdError, match="connect"):
            client.has_api_extension("instances")
        await client.connect()
        assert client.trusted
    finally:
        await client.aclose()


async def test_raw_api_tree(client: AsyncClient, container: Container) -> None:
    name = container.name
    response = await client.api.instances[name].state.get()
    assert response.status_code == 200
    assert response.json()["metadata"]["status"] == "Stopped"
    pools = await client.api.storage_pools.get(params={"recursion": 1})
    assert any(p["name"] == "default" for p in pools.json()["metadata"])
    with pytest.raises(NotFound) as info:
        await client.api.instances["pylxd-no-such-instance"].get()
    assert info.value.response.status_code == 404
    with pytest.raises(ValueError):
        _ = client.api.instances["a/b"]


async def test_raw_api_streams_a_body(client: AsyncClient) -> None:
    images = (await client.api.images.get(params={"recursion": 1})).json()["metadata"]
    image = next(i for i in images if any(a["name"] == "busybox" for a in i["aliases"]))
    response = await client.api.images[image["fingerprint"]].export.get(stream=True)
    assert response.status_code == 200
    total = 0
    async for chunk in response.iter_content(16384):
        assert len(chunk) <= 16384
        total += len(chunk)
    assert total == image["size"]


async def test_default_sockets_follow_the_preferred_flavour(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ..servers import SERVERS

    for var in ("LXD_DIR", "INCUS_DIR", "INCUS_SOCKET"):
        monkeypatch.delenv(var, raising=False)
    missing = [s.socket for s in SERVERS.values() if not os.path.exists(s.socket)]
    if missing:
        message = f"needs both daemons; missing {missing}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    async with AsyncClient() as client:
        assert client.server_flavour == "lxd"
    async with AsyncClient.incus() as client:
        assert client.server_flavour == "incus"
