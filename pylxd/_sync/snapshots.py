# Generated: edit pylxd/_async/snapshots.py and run scripts/unasync.py.
"""Instance snapshots (``/1.0/instances/<name>/snapshots``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import _protocol
from .._model import Attribute
from .._progress import ProgressCallback
from .model import ChildManager, Model

if TYPE_CHECKING:
    from .client import Client
    from .images import Image
    from .instances import Instance


class Snapshot(Model):
    """A snapshot of an instance; ``instance`` is its parent."""

    instance: Instance

    expires_at = Attribute[str](writable=True)
    name = Attribute[str]()
    created_at = Attribute[str]()
    last_used_at = Attribute[str]()
    stateful = Attribute[bool]()
    architecture = Attribute[str]()
    config = Attribute[dict[str, Any]]()
    devices = Attribute[dict[str, Any]]()
    ephemeral = Attribute[bool]()
    expanded_config = Attribute[dict[str, Any]]()
    expanded_devices = Attribute[dict[str, Any]]()
    profiles = Attribute[list[str]]()
    size = Attribute[int]()
    description = Attribute[str]()

    @property
    def _path(self) -> str:
        return f"{self.instance._path}/snapshots/{_protocol.quote_segment(self._ident)}"

    @property
    def _params(self) -> dict[str, Any]:
        return self.instance._params

    def rename(self, new_name: str, wait: bool = False) -> None:
        self._rename(new_name, wait)

    def restore(self, wait: bool = False) -> None:
        """Put the instance back to this snapshot's state."""
        self.instance.restore_snapshot(self._ident, wait)

    def publish(
        self,
        public: bool = False,
        wait: bool = False,
        *,
        aliases: list[str] | None = None,
        compression_algorithm: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> Image | None:
        """Make an image of the snapshot; the Image when waited, else None (as pylxd)."""
        source = {"type": "snapshot", "name": f"{self.instance._ident}/{self._ident}"}
        return self.instance._publish(
            source, public, wait, aliases, compression_algorithm, progress
        )

    def copy(
        self,
        new_name: str,
        wait: bool = False,
        *,
        client: Client | None = None,
        mode: str = "pull",
        progress: ProgressCallback | None = None,
    ) -> Instance:
        """A new instance made from this snapshot, on this server or (with ``client``) on
        another one, in the same modes as ``Instance.copy``."""
        if not self._loaded:
            self.sync()
        inst = self.instance
        if client is None or client is self.client:
            source = {"type": "copy", "source": f"{inst._ident}/{self._ident}"}
            return self.client.instances._create_from_source(
                new_name, source, wait, None, progress, base=self._data
            )
        # A snapshot travels as an instance of its own: instance_only is implied.
        from . import migration

        body = client.instances._copy_body(_protocol.check_name(new_name), self._data)
        op = migration.transfer(
            self.client,
            self._path,
            self._params,
            client,
            body,
            mode,
            wait,
            True,
            progress,
            snapshot=True,
        )
        return client.instances._created(new_name, op)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Snapshot):
            return NotImplemented
        return (self.instance._ident, self._ident) == (other.instance._ident, other._ident)

    __hash__ = None


class SnapshotManager(ChildManager[Snapshot]):
    """``instance.snapshots``."""

    model = Snapshot
    _segment = "snapshots"
    _parent_attr = "instance"

    def create(
        self,
        name: str,
        stateful: bool = False,
        wait: bool = False,
        *,
        expires_at: str | None = None,
    ) -> Snapshot:
        """Take a snapshot; returns it without reading it back."""
        _protocol.check_name(name)
        body: dict[str, Any] = {"name": name, "stateful": stateful}
        if expires_at is not None:
            body["expires_at"] = expires_at
        reply = self._client._request("POST", self._collection, params=self._scope, json=body)
        self._client._finish(reply, wait)
        return self._new(name=name)
