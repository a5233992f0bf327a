# Generated: edit tests/integration/async_face/test_client.py and run scripts/unasync.py.
"""The client: connecting, server facts, the raw REST tree and bad endpoints."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pylxd import Client
from pylxd.models import Container
from pylxd.exceptions import (
    ClientConnectionFailed,
    LXDAPIExtensionNotAvailable,
    NotFound,
    PylxdError,
)

from ..servers import Server


def test_connect_reads_server_facts(client: Client) -> None:
    assert client.host_info["environment"]["server"] in ("lxd", "incus")
    assert client.trusted is True
    assert "instances" in client.api_extensions
    assert client.has_api_extension("instances")
    assert not client.has_api_extension("no_such_extension")
    client.assert_has_api_extension("instances")
    with pytest.raises(LXDAPIExtensionNotAvailable, match="no_such_extension"):
        client.assert_has_api_extension("no_such_extension")
    assert client.server_clustered is False


def test_resources(client: Client) -> None:
    resources = client.get_resources()  # sync face: the resources property
    assert resources["cpu"]["total"] >= 1
    assert resources["memory"]["total"] > 0


def test_default_endpoint_is_the_local_socket(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LXD_DIR", os.path.dirname(server.socket))
    with Client() as client:
        assert str(client.endpoint) == server.socket
        assert client.trusted


def test_no_socket_anywhere_lists_the_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pylxd import _flavour

    monkeypatch.setenv("LXD_DIR", str(tmp_path))
    monkeypatch.setenv("INCUS_DIR", str(tmp_path / "incus"))
    for name in ("SNAP_LXD_SOCKET", "DEB_LXD_SOCKET", "RUN_INCUS_SOCKET", "VAR_INCUS_SOCKET"):
        monkeypatch.setattr(_flavour, name, str(tmp_path / f"{name}.socket"))
    with pytest.raises(ClientConnectionFailed) as info:
        with Client():
            pass
    assert str(tmp_path / "unix.socket") in str(info.value)
    assert str(tmp_path / "incus" / "unix.socket") in str(info.value)
    for name in ("SNAP_LXD_SOCKET", "DEB_LXD_SOCKET", "RUN_INCUS_SOCKET", "VAR_INCUS_SOCKET"):
        assert f"{name}.socket" in str(info.value)


def test_missing_socket_path(tmp_path: Path) -> None:
    path = str(tmp_path / "nothing.socket")
    with pytest.raises(ClientConnectionFailed, match="nothing.socket"):
        with Client(endpoint=path):
            pass


def test_refused_connection_names_the_endpoint() -> None:
    with pytest.raises(ClientConnectionFailed, match="127.0.0.1:1"):
        with Client(endpoint="https://127.0.0.1:1", verify=False):
            pass


def test_plain_http_to_the_https_port(server: Server) -> None:
    url = server.https.replace("https://", "http://")
    with pytest.raises(ClientConnectionFailed, match="use https://"):
        with Client(endpoint=url):
            pass


def test_malformed_endpoint() -> None:
    with pytest.raises(ValueError, match="endpoint"):
        Client(endpoint="not-a-url")


def test_facts_before_connecting_say_how_to_connect(server: Server) -> None:
    client = Client(endpoint=server.socket)
    client._host_info = None
    try:
        with pytest.raises(PylxdError, match="connect"):
            _ = client.host_info
        with pytest.raises(PylxdError, match="connect"):
            client.has_api_extension("instances")
        client.connect()
        assert client.trusted
    finally:
        client.close()


def test_raw_api_tree(client: Client, container: Container) -> None:
    name = container.name
    response = client.api.instances[name].state.get()
    assert response.status_code == 200
    assert response.json()["metadata"]["status"] == "Stopped"
    pools = client.api.storage_pools.get(params={"recursion": 1})
    assert any(p["name"] == "default" for p in pools.json()["metadata"])
    with pytest.raises(NotFound) as info:
        client.api.instances["pylxd-no-such-instance"].get()
    assert info.value.response.status_code == 404
    with pytest.raises(ValueError):
        _ = client.api.instances["a/b"]


def test_raw_api_streams_a_body(client: Client) -> None:
    images = (client.api.images.get(params={"recursion": 1})).json()["metadata"]
    image = next(i for i in images if any(a["name"] == "busybox" for a in i["aliases"]))
    response = client.api.images[image["fingerprint"]].export.get(stream=True)
    assert response.status_code == 200
    total = 0
    for chunk in response.iter_content(16384):
        assert len(chunk) <= 16384
        total += len(chunk)
    assert total == image["size"]


def test_default_sockets_follow_the_preferred_flavour(
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
    with Client() as client:
        assert client.server_flavour == "lxd"
    with Client.incus() as client:
        assert client.server_flavour == "incus"
