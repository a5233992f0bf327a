"""Instance metadata (``metadata.yaml``, with ETag) and template files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import _protocol
from .._model import Attribute
from . import streams
from .model import Model

if TYPE_CHECKING:
    from .instances import Instance


class InstanceMetadata(Model):
    """An instance's image metadata; edit and ``save()`` (sent with ``If-Match``)."""

    instance: Instance

    architecture = Attribute[str](writable=True)
    creation_date = Attribute[int](writable=True)
    expiry_date = Attribute[int](writable=True)
    properties = Attribute[dict[str, str]](writable=True)
    templates = Attribute[dict[str, Any]](writable=True)

    @property
    def _path(self) -> str:
        return f"{self.instance._path}/metadata"

    @property
    def _params(self) -> dict[str, Any]:
        return self.instance._params

    def __repr__(self) -> str:
        return f"<InstanceMetadata of {self.instance._ident!r}>"


class TemplatesManager:
    """``instance.templates``: the template files under the instance's metadata."""

    def __init__(self, instance: Instance) -> None:
        self._instance = instance

    @property
    def _url(self) -> str:
        return f"{self._instance._path}/metadata/templates"

    def _params(self, name: str) -> dict[str, Any]:
        return {"path": _protocol.check_name(name, "template name"), **self._instance._params}

    async def all(self) -> list[str]:
        """The names of the instance's template files."""
        inst = self._instance
        reply = await inst.client._request("GET", self._url, params=inst._params)
        return list(reply.metadata or [])

    async def get(self, name: str) -> bytes:
        """A template file's contents."""
        client = self._instance.client
        response = await streams.open_download(
            client, f"/{client.version}{self._url}", self._params(name)
        )
        return await streams.receive(client, response, None, None) or b""

    async def put(self, name: str, content: bytes | str) -> None:
        """Create or replace a template file."""
        client = self._instance.client
        data = content.encode() if isinstance(content, str) else bytes(content)
        await client._request(
            "POST",
            self._url,
            params=self._params(name),
            content=data,
            headers={"Content-Type": "application/octet-stream"},
        )

    async def delete(self, name: str) -> None:
        """Delete a template file."""
        inst = self._instance
        await inst.client._request("DELETE", self._url, params=self._params(name))
