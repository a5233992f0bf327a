"""Where to connect and how: endpoint resolution, TLS contexts and timeouts (no I/O but files)."""

from __future__ import annotations

import os
import ssl
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Union
from urllib.parse import unquote, urlsplit

from . import _flavour
from .exceptions import ClientConnectionFailed

CertArg = Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]], None]  # noqa: UP007
VerifyArg = Union[bool, str, "os.PathLike[str]"]  # noqa: UP007
TimeoutArg = float | Sequence[float | None] | None

# Library defaults for timeout=None (seconds).
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
# A /wait long-poll asks the server to hold the reply this long; the read timeout adds a margin.
WAIT_CHUNK = 30
WAIT_MARGIN = 10.0

# Host name used in URLs sent over a unix socket (the server ignores it).
UNIX_BASE_URL = "http://lxd"


@dataclass(frozen=True)
class Endpoint:
    kind: Literal["unix", "https", "http"]
    address: str  # the socket path, or the URL without a trailing slash
    host: str | None = None  # host name of a network endpoint

    @property
    def base_url(self) -> str:
        return UNIX_BASE_URL if self.kind == "unix" else self.address

    def __str__(self) -> str:
        return self.address


def socket_candidates(
    prefer: _flavour.Name = "lxd", env: Mapping[str, str] | None = None
) -> list[str]:
    """The unix sockets tried, in order, when no endpoint is given: the preferred flavour's
    first (LXD: ``$LXD_DIR``, snap, ``/var/lib/lxd``; Incus: ``$INCUS_SOCKET``, ``$INCUS_DIR``,
    ``/run/incus``, ``/var/lib/incus``)."""
    env = os.environ if env is None else env
    return [path for f in _flavour.search_order(prefer) for path in f.socket_candidates(env)]


def find_socket(candidates: Sequence[str]) -> str:
    for path in candidates:
        if os.path.exists(path):
            return path
    raise ClientConnectionFailed(
        "no LXD or Incus unix socket found; tried: " + ", ".join(candidates)
    )


def resolve_endpoint(
    endpoint: str | os.PathLike[str] | None, prefer: _flavour.Name = "lxd"
) -> Endpoint:
    """An :class:`Endpoint` from ``Client(endpoint=...)``; ``ValueError`` if it is malformed."""
    if endpoint is None:
        return Endpoint("unix", find_socket(socket_candidates(prefer)))
    if isinstance(endpoint, os.PathLike):
        return Endpoint("unix", os.fspath(endpoint))
    if not isinstance(endpoint, str):
        raise TypeError(f"endpoint must be a str or a path, not {type(endpoint).__name__}")
    if endpoint.startswith("/"):
        return Endpoint("unix", endpoint)
    for prefix in ("unix://", "http+unix://"):
        if endpoint.startswith(prefix):
            path = unquote(endpoint[len(prefix) :])
            if not path.startswith("/"):
                raise ValueError(f"endpoint {endpoint!r}: the socket path must be absolute")
            return Endpoint("unix", path)
    parts = urlsplit(endpoint)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"endpoint {endpoint!r} is not a unix socket path or an https:// URL")
    try:
        parts.port  # noqa: B018 - validates the port
    except ValueError as exc:
        raise ValueError(f"endpoint {endpoint!r}: {exc}") from None
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(f"endpoint {endpoint!r} must not have a path, query or fragment")
    kind: Literal["https", "http"] = "https" if parts.scheme == "https" else "http"
    return Endpoint(kind, f"{parts.scheme}://{parts.netloc}", parts.hostname)


def config_dirs(prefer: _flavour.Name = "lxd") -> list[Path]:
    """The client configuration directories (lxc's, Incus's), the preferred flavour's first."""
    return [
        Path(os.path.expanduser(d)) for f in _flavour.search_order(prefer) for d in f.config_dirs
    ]


def default_client_cert(prefer: _flavour.Name = "lxd") -> tuple[str, str] | None:
    """The first ``client.crt``/``client.key`` pair found in the config directories."""
    for folder in config_dirs(prefer):
        crt, key = folder / "client.crt", folder / "client.key"
        if crt.exists() and key.exists():
            return str(crt), str(key)
    return None


def pinned_server_cert(host: str | None, prefer: _flavour.Name = "lxd") -> str | None:
    """``servercerts/<host>.crt`` in a config directory, where the CLIs keep pins."""
    if not host:
        return None
    for folder in config_dirs(prefer):
        path = folder / "servercerts" / f"{host}.crt"
        if path.exists():
            return str(path)
    return None


def _is_single_leaf(pem: bytes) -> bool:
    """True when the PEM data holds exactly one certificate that is not a CA: a pin."""
    from cryptography import x509  # only certificate work needs cryptography

    certs = x509.load_pem_x509_certificates(pem)
    if len(certs) != 1:
        return False
    try:
        constraints = certs[0].extensions.get_extension_for_class(x509.BasicConstraints)
    except x509.ExtensionNotFound:
        return True
    return not constraints.value.ca


@dataclass(frozen=True)
class TLSConfig:
    """How an https endpoint is checked, kept to explain a failed check."""

    context: ssl.SSLContext
    mode: Literal["insecure", "system", "pin", "ca"]
    path: str | None = None  # the pin or CA file
    pinned: str | None = None  # SHA-256 of the pinned certificate

    def explain(self, endpoint: Endpoint, reason: str) -> str:
        """A verification failure in words: what was expected and what came."""
        if self.mode == "pin":
            presented = presented_fingerprint(endpoint)
            return (
                f"{endpoint}: the server's certificate (SHA-256 {presented}) is not the pinned "
                f"one (SHA-256 {self.pinned}, from {self.path})"
            )
        source = self.path if self.mode == "ca" else "the system's CA certificates"
        return (
            f"{endpoint}: the server's certificate failed verification against {source}: {reason}"
        )


_warned_insecure: set[str] = set()


def tls_config(
    endpoint: Endpoint, cert: CertArg, verify: VerifyArg, prefer: _flavour.Name = "lxd"
) -> TLSConfig | None:
    """The TLS set-up for an https endpoint (None for others).

    ``verify=False`` disables checking whatever the environment says (with a warning, once per
    endpoint); a file holding one non-CA certificate pins it (the server must present exactly
    that certificate, the host name is not checked); any other file is a CA bundle checked with
    the host name; ``True`` uses a pin from the lxc config directory when there is one, else the
    system's CAs.
    """
    if endpoint.kind != "https":
        return None
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    config: TLSConfig
    if verify is False:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        config = TLSConfig(ctx, "insecure")
        if endpoint.address not in _warned_insecure:
            _warned_insecure.add(endpoint.address)
            warnings.warn(
                f"verify=False: the certificate of {endpoint} is not checked",
                InsecureWarning,
                stacklevel=4,
            )
    else:
        path = None if verify is True else os.fspath(verify)
        if path is None:
            path = pinned_server_cert(endpoint.host, prefer)
        if path is None:
            ctx.load_default_certs()
            config = TLSConfig(ctx, "system")
        else:
            try:
                pem = Path(path).read_bytes()
            except OSError as exc:
                raise ValueError(f"verify: cannot read {path!r}: {exc.strerror}") from None
            try:
                pin = _is_single_leaf(pem)
            except ValueError:
                raise ValueError(f"verify: {path!r} holds no PEM certificate") from None
            ctx.load_verify_locations(cadata=pem.decode("ascii", "replace"))
            if pin:
                # The pinned certificate is the only trust anchor and, being no CA, cannot sign
                # another: the chain can only be that certificate itself.
                ctx.check_hostname = False
                ctx.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
                config = TLSConfig(ctx, "pin", path, _fingerprint_of_pem(pem))
            else:
                config = TLSConfig(ctx, "ca", path)
    pair = _cert_pair(cert, prefer)
    if pair is not None:
        try:
            ctx.load_cert_chain(*pair)
        except (OSError, ssl.SSLError) as exc:
            raise ValueError(f"cert: cannot load {pair}: {exc}") from None
    return config


def ssl_context(
    endpoint: Endpoint, cert: CertArg, verify: VerifyArg, prefer: _flavour.Name = "lxd"
) -> ssl.SSLContext | None:
    config = tls_config(endpoint, cert, verify, prefer)
    return None if config is None else config.context


class InsecureWarning(UserWarning):
    """A client was made with ``verify=False``."""


def _fingerprint_of_pem(pem: bytes) -> str:
    import hashlib

    der = ssl.PEM_cert_to_DER_cert(pem.decode("ascii", "replace"))
    return hashlib.sha256(der).hexdigest()


def presented_fingerprint(endpoint: Endpoint) -> str:
    """SHA-256 of the certificate the server presents (an unverified handshake)."""
    import hashlib
    from urllib.parse import urlsplit

    parts = urlsplit(endpoint.address)
    try:
        pem = ssl.get_server_certificate((parts.hostname or "", parts.port or 8443), timeout=5)
    except OSError as exc:
        return f"unknown ({exc})"
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest()


def _cert_pair(cert: CertArg, prefer: _flavour.Name) -> tuple[str, str | None] | None:
    if cert is None:
        return default_client_cert(prefer)
    if isinstance(cert, (str, os.PathLike)):
        return os.fspath(cert), None
    items = list(cert)
    if len(items) != 2:
        raise ValueError("cert must be a (certificate, key) pair of paths")
    return os.fspath(items[0]), os.fspath(items[1])


@dataclass(frozen=True)
class Timeouts:
    connect: float | None
    read: float | None

    def with_read(self, read: float | None) -> Timeouts:
        return Timeouts(self.connect, read)


def timeouts(timeout: TimeoutArg) -> Timeouts:
    """``None``: library defaults; a number: both; a ``(connect, read)`` pair."""
    if timeout is None:
        return Timeouts(CONNECT_TIMEOUT, READ_TIMEOUT)
    if isinstance(timeout, bool):
        raise TypeError("timeout must be a number or a (connect, read) pair")
    if isinstance(timeout, (int, float)):
        return Timeouts(float(timeout), float(timeout))
    items = list(timeout)
    if len(items) != 2:
        raise TypeError("timeout must be a number or a (connect, read) pair")
    c, r = items
    return Timeouts(None if c is None else float(c), None if r is None else float(r))
