"""Instance backups (``/1.0/instances/<name>/backups``): create, export as a stream, import."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import _protocol
from .._model import Attribute
from .._progress import ProgressCallback
from . import streams
from .model import ChildManager, Model

if TYPE_CHECKING:
    from .instances import Instance


class Backup(Model):
    """A backup of an instance, kept on the server until deleted or expired."""

    instance: Instance

    expires_at = Attribute[str](writable=True)
    name = Attribute[str]()
    created_at = Attribute[str]()
    instance_only = Attribute[bool]()
    container_only = Attribute[bool]()
    optimized_storage = Attribute[bool]()

    @property
    def _path(self) -> str:
        return f"{self.instance._path}/backups/{_protocol.quote_segment(self._ident)}"

    @property
    def _params(self) -> dict[str, Any]:
        return self.instance._params

    async def rename(self, new_name: str, wait: bool = False) -> None:
        await self._rename(new_name, wait)

    async def export(
        self, dest: streams.Dest | None = None, progress: ProgressCallback | None = None
    ) -> bytes | None:
        """Download the backup tarball: into ``dest`` (a path, written atomically, or a binary
        file) in constant memory, or as bytes when no ``dest`` is given."""
        response = await streams.open_download(
            self.client, f"/{self.client.version}{self._path}/export", self._params
        )
        return await streams.receive(self.client, response, dest, progress)


class BackupManager(ChildManager[Backup]):
    """``instance.backups``."""

    model = Backup
    _segment = "backups"
    _parent_attr = "instance"

    async def create(
        self,
        name: str | None = None,
        instance_only: bool = False,
        compression_algorithm: str | None = None,
        wait: bool = False,
        *,
        expires_at: str | None = None,
        optimized_storage: bool = False,
        progress: ProgressCallback | None = None,
    ) -> Backup:
        """Make a backup (the server names it when ``name`` is None); returns it unread."""
        body: dict[str, Any] = {
            "instance_only": instance_only,
            "optimized_storage": optimized_storage,
        }
        if name is not None:
            body["name"] = _protocol.check_name(name)
        if compression_algorithm is not None:
            body["compression_algorithm"] = compression_algorithm
        if expires_at is not None:
            body["expires_at"] = expires_at
        reply = await self._client._request("POST", self._collection, params=self._scope, json=body)
        await self._client._finish(reply, wait, progress=progress)
        if name is None:
            name = _backup_name(reply.metadata)
        return self._new(name=name)


def _backup_name(op: Any) -> str:
    try:
        return _protocol.name_from_url(op["resources"]["backups"][0])
    except (KeyError, IndexError, TypeError):
        from ..exceptions import LXDAPIException

        raise LXDAPIException(None, "the server did not say the new backup's name") from None
