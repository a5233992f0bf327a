"""Trusted certificates (``/1.0/certificates``) and trust tokens."""

from __future__ import annotations

import base64
import json
from typing import Any

from .. import _certs, _protocol
from .._model import Attribute
from ..exceptions import LXDAPIException
from .model import Manager, Model


class Certificate(Model):
    _endpoint = "certificates"
    _key = "fingerprint"

    certificate = Attribute[str](writable=True)
    fingerprint = Attribute[str]()
    type = Attribute[str](writable=True)
    name = Attribute[str](writable=True)
    projects = Attribute[list[str]](writable=True)
    restricted = Attribute[bool](writable=True)
    description = Attribute[str](writable=True)


class CertificateManager(Manager[Certificate]):
    model = Certificate

    def _secret_field(self) -> str:
        """Where a trust token goes: ``trust_token`` on Incus and on LXD with
        ``explicit_trust_token``; ``password`` on LXD 5.0 (PROTOCOL.md 2.10)."""
        client = self._client
        if client.server_flavour == "incus" or client.has_api_extension("explicit_trust_token"):
            return "trust_token"
        return "password"

    async def create(
        self,
        password: str,
        cert_data: bytes | str,
        cert_type: str = "client",
        name: str = "",
        projects: list[str] | None = None,
        restricted: bool = False,
        secret: str = "",
    ) -> Certificate:
        """Add a certificate to the trust store (as pylxd). Trusted clients need neither
        ``password`` nor ``secret``; an untrusted one gives a trust password (LXD 5.0) or a
        token (``secret``)."""
        if self._client._host_info is None:
            await self._client.connect()
        body: dict[str, Any] = {
            "type": cert_type,
            "certificate": _certs.body_of(cert_data),
            "name": name,
            "restricted": restricted,
        }
        if projects is not None:
            body["projects"] = projects
        if secret:
            # Redeeming a token: the server takes the certificate of the TLS connection.
            body.pop("certificate")
            body[self._secret_field()] = secret
        elif password:
            body["password"] = password
        await self._client._request("POST", "/certificates", json=body)
        return self._new(fingerprint=_certs.fingerprint_of(cert_data))

    async def create_token(
        self, name: str = "", projects: list[str] | None = None, restricted: bool = False
    ) -> str:
        """A one-time token that lets a new client add its own certificate."""
        body: dict[str, Any] = {
            "name": name,
            "type": "client",
            "token": True,
            "restricted": restricted,
        }
        if projects is not None:
            body["projects"] = projects
        reply = await self._client._request("POST", "/certificates", json=body)
        return token_of(reply.metadata, name)


def token_of(op: Any, name: str) -> str:
    """The token string from a token operation: base64 of its JSON fields."""
    meta = (op or {}).get("metadata") or {}
    if not meta.get("secret"):
        raise LXDAPIException(None, "the server gave no token")
    fields = {
        "client_name": meta.get("request", {}).get("name", name)
        if isinstance(meta.get("request"), dict)
        else name,
        "fingerprint": meta.get("fingerprint", ""),
        "addresses": meta.get("addresses", []),
        "secret": meta["secret"],
        "expires_at": meta.get("expiresAt", "0001-01-01T00:00:00Z"),
    }
    return base64.b64encode(json.dumps(fields, separators=(",", ":")).encode()).decode()


def check_token(token: str) -> dict[str, Any]:
    """Decode a token (for its fingerprint and addresses); ``ValueError`` if it is not one."""
    try:
        fields = json.loads(base64.b64decode(token.strip(), validate=True))
    except (ValueError, TypeError):
        raise ValueError("not a trust token") from None
    if not isinstance(fields, dict) or "secret" not in fields:
        raise ValueError("not a trust token")
    _protocol.check_name(str(fields["secret"]), "token secret")
    return fields
