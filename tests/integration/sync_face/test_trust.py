# Generated: edit tests/integration/async_face/test_trust.py and run scripts/unasync.py.
"""Trust: certificates, tokens redeemed by a new client over HTTPS, trust passwords, and
certificate generation."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from pylxd import Client, generate_client_certificate
from pylxd.exceptions import LXDAPIException

from ...certs import make_cert
from ..servers import Server


@pytest.fixture(autouse=True)
def no_lxc_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def _remove(client: Client, fingerprint: str) -> None:
    if client.certificates.exists(fingerprint):
        (client.certificates.get(fingerprint)).delete()


def test_certificate_crud(client: Client, tmp_path: Path, unique_name: str) -> None:
    crt, _, _ = make_cert(tmp_path, "crud")
    cert = client.certificates.create("", crt.read_bytes(), name=unique_name)
    try:
        got = client.certificates.get(cert.fingerprint)
        assert got.name == unique_name and got.type == "client"
        assert cert.fingerprint in [c.fingerprint for c in client.certificates.all()]
        got.name = unique_name + "-r"
        got.save()
        assert (client.certificates.get(cert.fingerprint)).name == unique_name + "-r"
    finally:
        _remove(client, cert.fingerprint)
    with pytest.raises(ValueError, match="PEM"):
        client.certificates.create("", b"not a certificate")


def test_token_redeemed_over_https(
    client: Client, server: Server, tmp_path: Path, unique_name: str
) -> None:
    token = client.certificates.create_token(name=unique_name)
    assert isinstance(token, str) and token
    crt, key = generate_client_certificate(tmp_path / "new.crt", tmp_path / "new.key")
    assert stat.S_IMODE(Path(key).stat().st_mode) == 0o600
    with pytest.raises(FileExistsError):
        generate_client_certificate(crt, key)
    with Client(server.https, cert=(crt, key), verify=server.server_cert) as new:
        assert new.trusted is False
        new.authenticate(token)
        assert new.trusted is True
        assert new.profiles.exists("default")
    from pylxd._certs import fingerprint_of

    _remove(client, fingerprint_of(Path(crt).read_bytes()))


def test_trust_password(client: Client, server: Server, tmp_path: Path) -> None:
    crt, key, _ = make_cert(tmp_path, "pw")
    with Client(
        server.https, cert=(str(crt), str(key)), verify=server.server_cert
    ) as new:
        if (
            "core.trust_password" in (client.server_config()).config
            or (client.server_flavour == "lxd")
            and not client.has_api_extension("explicit_trust_token")
        ):
            config = client.server_config()
            config.config["core.trust_password"] = "sekrit"
            config.save()
            try:
                with pytest.raises(LXDAPIException):
                    new.authenticate("wrong", use_token_auth=False)
                assert new.trusted is False
                new.authenticate("sekrit")
                assert new.trusted is True
            finally:
                config = client.server_config()
                config.config.pop("core.trust_password", None)
                config.save()
                from pylxd._certs import fingerprint_of

                _remove(client, fingerprint_of(crt.read_bytes()))
        else:
            # Token-only servers (Incus): a bad secret is refused, nothing is trusted.
            with pytest.raises(LXDAPIException):
                new.authenticate("not-a-token")
            assert new.trusted is False
