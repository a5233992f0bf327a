# Generated: edit pylxd/_async/storage.py and run scripts/unasync.py.
"""Storage pools, their volumes and the volumes' snapshots (``/1.0/storage-pools``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import _protocol
from .._model import Attribute, AttributeDict
from .model import ChildManager, Manager, Model

if TYPE_CHECKING:
    from .client import Client


class StoragePool(Model):
    _endpoint = "storage-pools"

    name = Attribute[str]()
    driver = Attribute[str]()
    description = Attribute[str](writable=True)
    config = Attribute[dict[str, Any]](writable=True)
    used_by = Attribute[list[str]]()
    status = Attribute[str]()
    locations = Attribute[list[str]]()

    def __init__(self, client: Client, **data: Any) -> None:
        super().__init__(client, **data)
        self.volumes = StorageVolumeManager(self)

    def resources(self) -> AttributeDict:
        """The pool's space and inodes (``GET /storage-pools/<name>/resources``)."""
        reply = self.client._request("GET", f"{self._path}/resources", params=self._params)
        return AttributeDict(reply.metadata or {})


class StoragePoolManager(Manager[StoragePool]):
    """``client.storage_pools``."""

    model = StoragePool

    def create(
        self, definition: dict[str, Any], wait: bool = True, *, target: str | None = None
    ) -> StoragePool:
        """Create a pool from ``{"name", "driver", "config", "description"}`` (as pylxd);
        returns it without reading it back. ``target``: a cluster member's pending part."""
        if not isinstance(definition, dict):
            raise TypeError("definition must be a dict with name and driver")
        name = _protocol.check_name(definition.get("name"))
        body = dict(definition)
        if isinstance(body.get("config"), dict):
            body["config"] = _protocol.config_to_wire(body["config"])
        params = {"target": target} if target else None
        reply = self._client._request("POST", "/storage-pools", params=params, json=body)
        self._client._finish(reply, wait)
        return self._new(name=name)


class StorageVolume(Model):
    """A volume in a pool, addressed by type (``custom``, ``container``, ``image``...) and
    name."""

    pool: StoragePool

    name = Attribute[str]()
    type = Attribute[str]()
    description = Attribute[str](writable=True)
    config = Attribute[dict[str, Any]](writable=True)
    content_type = Attribute[str]()
    used_by = Attribute[list[str]]()
    location = Attribute[str]()
    project = Attribute[str]()
    created_at = Attribute[str]()

    def __init__(self, client: Client, **data: Any) -> None:
        super().__init__(client, **data)
        self.snapshots = VolumeSnapshotManager(self)

    @property
    def _path(self) -> str:
        kind = _protocol.quote_segment(str(self._data.get("type") or "custom"))
        return f"{self.pool._path}/volumes/{kind}/{_protocol.quote_segment(self._ident)}"

    def rename(self, new_name: str, wait: bool = True) -> StorageVolume:
        self._rename(new_name, wait)
        return self

    def state(self) -> AttributeDict:
        """Usage of the volume (``storage_volume_state``)."""
        self.client.assert_has_api_extension("storage_volume_state")
        reply = self.client._request("GET", f"{self._path}/state", params=self._params)
        return AttributeDict(reply.metadata or {})

    def copy(
        self,
        new_name: str,
        wait: bool = True,
        *,
        pool: str | None = None,
        volume_only: bool = False,
    ) -> StorageVolume:
        """Copy the volume (and its snapshots unless ``volume_only``) within the server,
        into ``pool`` (default: this one)."""
        _protocol.check_name(new_name)
        target_pool = pool or self.pool._ident
        body = {
            "name": new_name,
            "type": "custom",
            "source": {
                "type": "copy",
                "pool": self.pool._ident,
                "name": self._ident,
                "volume_only": volume_only,
            },
        }
        path = f"/storage-pools/{_protocol.quote_segment(target_pool)}/volumes/custom"
        reply = self.client._request("POST", path, params=self._params, json=body)
        self.client._finish(reply, wait)
        manager = (
            self.pool.volumes
            if target_pool == self.pool._ident
            else (self.client.storage_pools._new(name=target_pool).volumes)
        )
        return manager._new(name=new_name, type="custom")


class StorageVolumeManager(ChildManager[StorageVolume]):
    """``pool.volumes``: ``all()`` lists every type in one request."""

    model = StorageVolume
    _segment = "volumes"
    _parent_attr = "pool"

    def get(self, volume_type: str, name: str | None = None) -> StorageVolume:  # type: ignore[override]
        """``get("custom", "v1")`` as pylxd; ``get("v1")`` means a custom volume."""
        if name is None:
            volume_type, name = "custom", volume_type
        kind = _protocol.check_name(volume_type, "volume_type")
        key = _protocol.check_name(name)
        path = f"{self._collection}/{kind}/{_protocol.quote_segment(key)}"
        reply = self._client._request("GET", path, params=self._scope)
        return self._wrap(reply.metadata, reply.etag)

    def exists(self, volume_type: str, name: str | None = None) -> bool:  # type: ignore[override]
        from ..exceptions import NotFound

        try:
            self.get(volume_type, name)
        except NotFound:
            return False
        return True

    def create(
        self, definition: dict[str, Any], wait: bool = True, *, target: str | None = None
    ) -> StorageVolume:
        """Create a volume from ``{"name", "type": "custom", "config", ...}`` (as pylxd)."""
        if not isinstance(definition, dict):
            raise TypeError("definition must be a dict with at least a name")
        name = _protocol.check_name(definition.get("name"))
        body = {"type": "custom", **definition}
        if isinstance(body.get("config"), dict):
            body["config"] = _protocol.config_to_wire(body["config"])
        params = {**self._scope, **({"target": target} if target else {})}
        reply = self._client._request("POST", self._collection, params=params, json=body)
        self._client._finish(reply, wait)
        return self._new(name=name, type=body["type"])


class VolumeSnapshot(Model):
    volume: StorageVolume

    name = Attribute[str]()
    description = Attribute[str](writable=True)
    expires_at = Attribute[str](writable=True)
    config = Attribute[dict[str, Any]]()
    content_type = Attribute[str]()
    created_at = Attribute[str]()

    @property
    def _ident(self) -> str:
        # Listed snapshots are named "<volume>/<snapshot>".
        return str(self._data["name"]).rsplit("/", 1)[-1]

    @property
    def _path(self) -> str:
        return f"{self.volume._path}/snapshots/{_protocol.quote_segment(self._ident)}"

    def restore(self, wait: bool = True) -> None:
        """Put the volume back to this snapshot."""
        reply = self.client._request(
            "PUT", self.volume._path, params=self.volume._params, json={"restore": self._ident}
        )
        self.client._finish(reply, wait)

    def rename(self, new_name: str, wait: bool = True) -> VolumeSnapshot:
        self._rename(new_name, wait)
        return self


class VolumeSnapshotManager(ChildManager[VolumeSnapshot]):
    model = VolumeSnapshot
    _segment = "snapshots"
    _parent_attr = "volume"

    def create(self, name: str, wait: bool = True) -> VolumeSnapshot:
        _protocol.check_name(name)
        reply = self._client._request(
            "POST", self._collection, params=self._scope, json={"name": name}
        )
        self._client._finish(reply, wait)
        return self._new(name=name)
