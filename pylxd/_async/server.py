"""The server's own configuration (``GET``/``PUT /1.0``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._model import Attribute
from .model import Model


class ServerConfig(Model):
    """``/1.0`` as an object: ``config`` is writable; the rest (environment, extensions) is
    the server's to say."""

    _quiet = True  # /1.0 carries many fields: none is worth a warning

    config = Attribute[dict[str, Any]](writable=True)
    api_extensions = Attribute[list[str]]()
    environment = Attribute[dict[str, Any]]()
    auth = Attribute[str]()

    @property
    def _path(self) -> str:
        return ""

    @property
    def _params(self) -> dict[str, Any]:
        return {}

    def _save_payload(self, latest: Mapping[str, Any] | None) -> dict[str, Any]:
        # The server keeps keys a PUT leaves out: a removed key is sent empty to unset it.
        payload = super()._save_payload(latest)
        kept = payload.get("config") or {}
        server = (latest if latest is not None else self._base).get("config") or {}
        payload["config"] = {**{k: "" for k in server if k not in kept}, **kept}
        return payload

    def __repr__(self) -> str:
        return f"<ServerConfig of {self.client.endpoint}>"
