# Generated: edit pylxd/_async/certificates.py and run scripts/unasync.py.
"""Trusted certificates (``/1.0/certificates``)."""

from __future__ import annotations

from .._model import Attribute
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
