# Generated: edit pylxd/_async/images.py and run scripts/unasync.py.
"""Images (``/1.0/images``)."""

from __future__ import annotations

from typing import Any

from .._model import Attribute
from .model import Manager, Model


class Image(Model):
    _endpoint = "images"
    _key = "fingerprint"

    properties = Attribute[dict[str, Any]](writable=True)
    public = Attribute[bool](writable=True)
    auto_update = Attribute[bool](writable=True)
    profiles = Attribute[list[str]](writable=True)
    expires_at = Attribute[str](writable=True)
    aliases = Attribute[list[dict[str, Any]]]()
    architecture = Attribute[str]()
    cached = Attribute[bool]()
    created_at = Attribute[str]()
    filename = Attribute[str]()
    fingerprint = Attribute[str]()
    last_used_at = Attribute[str]()
    size = Attribute[int]()
    uploaded_at = Attribute[str]()
    update_source = Attribute[dict[str, Any]]()
    type = Attribute[str]()
    project = Attribute[str]()
    locations = Attribute[list[str]]()


class ImageManager(Manager[Image]):
    model = Image
