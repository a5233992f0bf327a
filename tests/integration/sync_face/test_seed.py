# Generated: edit tests/integration/async_face/test_seed.py and run scripts/unasync.py.
"""Every sample of shared/seed/getting-started.rst, with only the allowed substitutions: the
endpoint, the certificate and the container's name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pylxd import Client
from pylxd.models import Container

from ..servers import Server


def test_client_on_localhost(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LXD_DIR", os.path.dirname(server.socket))
    # >>> from pylxd import Client
    # >>> client = Client()
    client = Client()
    client = Client()
    assert client.trusted
    client.close()


def test_client_over_https_with_a_certificate(
    server: Server,
    client_cert: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The server's certificate is pinned where lxc keeps pins (servercerts/<host>.crt), so the
    # sample runs as written; the note's verify=False is exercised below.
    monkeypatch.setenv("HOME", str(tmp_path))
    pins = tmp_path / ".config" / "lxc" / "servercerts"
    pins.mkdir(parents=True)
    host = server.https.split("//")[1].rsplit(":", 1)[0]
    (pins / f"{host}.crt").write_bytes(Path(server.server_cert).read_bytes())
    crt, key = client_cert
    client = Client(endpoint=server.https, cert=(crt, key))
    client.connect()
    assert client.trusted
    client.close()
    # "in the case where the certificate is self signed (LXD default), you may need to pass
    # verify=False"
    client = Client(endpoint=server.https, cert=(crt, key), verify=False)
    client.connect()
    assert client.trusted
    client.close()


def test_querying_containers(client: Client, container: Container) -> None:
    # >>> client.containers.all()
    containers = client.containers.all()
    assert all(isinstance(c, Container) for c in containers)
    assert container.name in [c.name for c in containers]
    # >>> container = client.containers.all()[0]
    # >>> container.name
    first = (client.containers.all())[0]
    assert isinstance(first.name, str) and first.name


def test_object_lifecycle(client: Client, unique_name: str) -> None:
    config = {
        "name": unique_name,
        "source": {"type": "image", "alias": "busybox"},
        "config": {"security.privileged": True},
    }
    client.containers.create(config, wait=True)
    try:
        container = client.containers.get(unique_name)
        # >>> container.config
        # { 'security.privileged': True }
        assert container.config["security.privileged"] == "true"
        # >>> container.config.update({'security.nesting': True})
        container.config.update({"security.nesting": True})
        # >>> container.dirty
        assert container.dirty is True
        # >>> container.rollback()
        container.rollback()
        # >>> container.dirty
        assert container.dirty is False
        # >>> container.config
        assert container.config["security.privileged"] == "true"
        assert "security.nesting" not in container.config
        # >>> container.config = {'security.privileged': False}
        container.config = {"security.privileged": False}
        # >>> container.save(wait=True) # The object is now saved back to LXD
        container.save(wait=True)
        assert container.dirty is False
        fresh = client.containers.get(unique_name)
        assert fresh.config["security.privileged"] == "false"
    finally:
        (client.containers.get(unique_name)).delete(wait=True)


def test_lazy_attributes_after_all(client: Client, container: Container) -> None:
    # "sync() is called implicitly when accessing attributes that have not yet been populated":
    # a created object knows only its name until it loads.
    created = client.containers.create(
        {"name": container.name + "-b", "source": {"type": "image", "alias": "busybox"}},
        wait=True,
    )
    try:
        pass
        assert created.status == "Stopped"
        assert created.config["image.os"] == "BusyBox"
    finally:
        created.delete(wait=True)
