"""HTTPS: client certificates, pins, CA checking and verify=False, against the real listener."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pylxd import AsyncClient
from pylxd.aio import Container
from pylxd.exceptions import ClientConnectionFailed

from ...certs import make_cert
from ..servers import Server


@pytest.fixture(autouse=True)
def no_lxc_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No default client certificate or pin from the real home directory."""
    monkeypatch.setenv("HOME", str(tmp_path))


def _other_cert(folder: Path) -> str:
    return str(make_cert(folder, "not-the-server")[0])


async def test_pinned_server_certificate(server: Server, client_cert: tuple[str, str]) -> None:
    async with AsyncClient(server.https, cert=client_cert, verify=server.server_cert) as client:
        assert client.trusted
        assert await client.profiles.exists("default")


async def test_exec_over_https(
    server: Server, client_cert: tuple[str, str], running: Container
) -> None:
    # Exec's websockets (wss://) pass the same certificate checks as HTTP, and carry output.
    async with AsyncClient(server.https, cert=client_cert, verify=server.server_cert) as client:
        inst = await client.instances.get(running.name)
        assert tuple(await inst.execute(["sh", "-c", "echo hi; echo err >&2"])) == (
            0,
            "hi\n",
            "err\n",
        )


async def test_files_over_https(
    server: Server, client_cert: tuple[str, str], running: Container, tmp_path: Path
) -> None:
    # Uploads from a path or an open file (read and written: no sendfile through TLS) and a
    # download of several pieces, whole.
    data = os.urandom(3 << 20)
    src = tmp_path / "src.bin"
    src.write_bytes(data)
    async with AsyncClient(server.https, cert=client_cert, verify=server.server_cert) as client:
        inst = await client.instances.get(running.name)
        await inst.files.put("/root/https-path.bin", src)
        with open(src, "rb") as f:
            f.seek(1 << 20)
            await inst.files.put("/root/https-file.bin", f)
            assert f.tell() == len(data)
        assert await inst.files.get("/root/https-path.bin") == data
        dest = tmp_path / "dest.bin"
        await inst.files.get("/root/https-file.bin", dest=dest)
        assert dest.read_bytes() == data[1 << 20 :]
        await inst.execute(["rm", "/root/https-path.bin", "/root/https-file.bin"])


async def test_untrusted_client_sees_the_public_view(server: Server) -> None:
    async with AsyncClient(server.https, verify=server.server_cert) as client:
        assert client.trusted is False
        assert client.api_extensions  # the untrusted view still lists extensions


async def test_wrong_pin_is_refused(
    server: Server, client_cert: tuple[str, str], tmp_path: Path
) -> None:
    with pytest.raises(ClientConnectionFailed, match="(?i)certificate"):
        async with AsyncClient(server.https, cert=client_cert, verify=_other_cert(tmp_path)):
            pass


async def test_system_cas_refuse_a_self_signed_server(
    server: Server, client_cert: tuple[str, str]
) -> None:
    with pytest.raises(ClientConnectionFailed, match="system's CA certificates"):
        async with AsyncClient(server.https, cert=client_cert):
            pass


async def test_verify_false_ignores_the_environment(
    server: Server,
    client_cert: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bogus = _other_cert(tmp_path)
    for var in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE"):
        monkeypatch.setenv(var, bogus)
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    from pylxd import _connection

    monkeypatch.setattr(_connection, "_warned_insecure", set())
    with pytest.warns(_connection.InsecureWarning, match="not checked"):
        client = AsyncClient(server.https, cert=client_cert, verify=False)
    async with client:
        assert client.trusted
    async with AsyncClient(server.https, cert=client_cert, verify=server.server_cert) as client:
        assert client.trusted
