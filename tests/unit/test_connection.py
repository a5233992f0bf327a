"""Endpoint resolution, TLS contexts and timeouts, without a server."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from pylxd import Client
from pylxd import _connection as c
from pylxd.exceptions import ClientConnectionFailed

from ..certs import make_cert

LXD_DEFAULTS = ["/var/snap/lxd/common/lxd/unix.socket", "/var/lib/lxd/unix.socket"]
INCUS_DEFAULTS = ["/run/incus/unix.socket", "/var/lib/incus/unix.socket"]


def test_socket_candidates_follow_pylxd_order_then_incus() -> None:
    env = {"LXD_DIR": "/x", "INCUS_SOCKET": "/s.sock", "INCUS_DIR": "/i"}
    assert c.socket_candidates("lxd", env) == [
        "/x/unix.socket",
        *LXD_DEFAULTS,
        "/s.sock",
        "/i/unix.socket",
        *INCUS_DEFAULTS,
    ]
    assert c.socket_candidates("lxd", {}) == LXD_DEFAULTS + INCUS_DEFAULTS


def test_incus_first_when_preferred() -> None:
    assert c.socket_candidates("incus", {}) == INCUS_DEFAULTS + LXD_DEFAULTS


def test_no_socket_lists_every_path_tried(tmp_path: Path) -> None:
    paths = [str(tmp_path / "a.socket"), str(tmp_path / "b.socket")]
    with pytest.raises(ClientConnectionFailed) as info:
        c.find_socket(paths)
    for path in paths:
        assert path in str(info.value)


@pytest.mark.parametrize(
    ("endpoint", "kind", "address"),
    [
        ("/var/lib/lxd/unix.socket", "unix", "/var/lib/lxd/unix.socket"),
        (Path("/tmp/x.socket"), "unix", "/tmp/x.socket"),
        ("unix:///tmp/y.socket", "unix", "/tmp/y.socket"),
        ("http+unix://%2Ftmp%2Fz.socket", "unix", "/tmp/z.socket"),
        ("https://127.0.0.1:8443", "https", "https://127.0.0.1:8443"),
        ("https://127.0.0.1:8443/", "https", "https://127.0.0.1:8443"),
        ("https://[::1]:8443", "https", "https://[::1]:8443"),
        ("http://127.0.0.1:8443", "http", "http://127.0.0.1:8443"),
    ],
)
def test_endpoints_resolve(endpoint: str, kind: str, address: str) -> None:
    ep = c.resolve_endpoint(endpoint)
    assert (ep.kind, ep.address) == (kind, address)


@pytest.mark.parametrize(
    "endpoint",
    ["lxd.example", "ftp://host", "https://", "https://h:99999", "https://h/1.0", "unix://rel"],
)
def test_malformed_endpoints_raise_value_error(endpoint: str) -> None:
    with pytest.raises(ValueError, match="endpoint"):
        c.resolve_endpoint(endpoint)


def test_client_refuses_a_session() -> None:
    with pytest.raises(TypeError, match="cert=.*verify=.*timeout="):
        Client(endpoint="/nonexistent.socket", session=object())  # type: ignore[arg-type]


def test_timeouts() -> None:
    assert c.timeouts(None) == c.Timeouts(10.0, 30.0)
    assert c.timeouts(5) == c.Timeouts(5.0, 5.0)
    assert c.timeouts((1, 2.5)) == c.Timeouts(1.0, 2.5)
    with pytest.raises(TypeError):
        c.timeouts((1, 2, 3))
    with pytest.raises(TypeError):
        c.timeouts(True)


def _cert(tmp_path: Path, name: str, ca: bool) -> Path:
    return make_cert(tmp_path, name, ca=ca)[0]


def test_verify_false_disables_checks_whatever_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "nothing.pem"))
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "nothing.pem"))
    monkeypatch.setenv("HOME", str(tmp_path))
    ctx = c.ssl_context(c.resolve_endpoint("https://127.0.0.1:8443"), None, False)
    assert ctx is not None
    assert ctx.verify_mode == ssl.CERT_NONE
    assert not ctx.check_hostname


def test_a_single_leaf_certificate_is_a_pin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    leaf = _cert(tmp_path, "leaf", ca=False)
    ctx = c.ssl_context(c.resolve_endpoint("https://127.0.0.1:8443"), None, str(leaf))
    assert ctx is not None
    assert not ctx.check_hostname
    assert ctx.verify_mode == ssl.CERT_REQUIRED
    assert ctx.verify_flags & ssl.VERIFY_X509_PARTIAL_CHAIN


def test_a_ca_certificate_is_checked_with_the_host_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    ca = _cert(tmp_path, "ca", ca=True)
    ctx = c.ssl_context(c.resolve_endpoint("https://127.0.0.1:8443"), None, str(ca))
    assert ctx is not None
    assert ctx.check_hostname
    assert not ctx.verify_flags & ssl.VERIFY_X509_PARTIAL_CHAIN


def test_pinned_server_cert_in_the_lxc_config_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    pins = tmp_path / ".config" / "lxc" / "servercerts"
    pins.mkdir(parents=True)
    leaf = _cert(tmp_path, "leaf", ca=False)
    (pins / "10.1.2.3.crt").write_bytes(leaf.read_bytes())
    assert c.pinned_server_cert("10.1.2.3") == str(pins / "10.1.2.3.crt")
    ctx = c.ssl_context(c.resolve_endpoint("https://10.1.2.3:8443"), None, True)
    assert ctx is not None and not ctx.check_hostname


def test_unreadable_verify_file_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="verify"):
        c.ssl_context(c.resolve_endpoint("https://h:1"), None, str(tmp_path / "missing.pem"))
    (tmp_path / "junk.pem").write_text("not a certificate")
    with pytest.raises(ValueError, match="verify"):
        c.ssl_context(c.resolve_endpoint("https://h:1"), None, str(tmp_path / "junk.pem"))


def test_default_client_cert_comes_from_the_lxc_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert c.default_client_cert() is None
    pairs = {}
    for tool in ("lxc", "incus"):
        conf = tmp_path / ".config" / tool
        conf.mkdir(parents=True)
        (conf / "client.crt").write_text("x")
        (conf / "client.key").write_text("y")
        pairs[tool] = (str(conf / "client.crt"), str(conf / "client.key"))
    assert c.default_client_cert() == pairs["lxc"]
    assert c.default_client_cert("incus") == pairs["incus"]


def test_flavour_from_trusted_and_untrusted_views() -> None:
    from pylxd import _flavour

    assert _flavour.of_server({"environment": {"server": "incus"}}) is _flavour.INCUS
    assert _flavour.of_server({"environment": {"server": "lxd"}}) is _flavour.LXD
    assert _flavour.of_server({"api_extensions": ["instances", "dev_incus_events"]}).name == "incus"
    assert _flavour.of_server({"api_extensions": ["instances", "devlxd_events"]}).name == "lxd"
