# Generated: edit pylxd/_async/networks.py and run scripts/unasync.py.
"""Networks (``/1.0/networks``)."""

from __future__ import annotations

from typing import Any

from .._model import Attribute
from .model import Manager, Model


class Network(Model):
    _endpoint = "networks"

    config = Attribute[dict[str, Any]](writable=True)
    description = Attribute[str](writable=True)
    name = Attribute[str]()
    type = Attribute[str]()
    status = Attribute[str]()
    locations = Attribute[list[str]]()
    managed = Attribute[bool]()
    used_by = Attribute[list[str]]()
    project = Attribute[str]()


class NetworkManager(Manager[Network]):
    model = Network
