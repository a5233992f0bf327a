"""Client certificates: generation for users who have none, and PEM helpers (pure)."""

from __future__ import annotations

import base64
import datetime
import hashlib
import os
import ssl
from pathlib import Path


def der_of(cert_data: bytes | str) -> bytes:
    """The DER bytes of a PEM certificate."""
    pem = cert_data.decode() if isinstance(cert_data, bytes) else cert_data
    try:
        return ssl.PEM_cert_to_DER_cert(pem.strip() + "\n")
    except ValueError:
        raise ValueError("cert_data must be a PEM certificate") from None


def fingerprint_of(cert_data: bytes | str) -> str:
    return hashlib.sha256(der_of(cert_data)).hexdigest()


def body_of(cert_data: bytes | str) -> str:
    """The certificate as the API takes it: base64 DER, no PEM armour."""
    return base64.b64encode(der_of(cert_data)).decode()


def generate_client_certificate(
    cert_path: str | os.PathLike[str],
    key_path: str | os.PathLike[str],
    *,
    common_name: str = "pylxd",
    days: int = 3650,
) -> tuple[str, str]:
    """Write a new self-signed client certificate and its key (created 0600); return both
    paths. Refuses to overwrite existing files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    cert_file, key_file = Path(cert_path), Path(key_path)
    for path in (cert_file, key_file):
        if path.exists():
            raise FileExistsError(f"{path} already exists")
    key = ec.generate_private_key(ec.SECP384R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(key, hashes.SHA384())
    )
    key_bytes = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    key_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key_bytes)
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(cert_file), str(key_file)
