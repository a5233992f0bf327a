"""Storage pools, their volumes and the volumes' snapshots, and object-storage buckets with
their keys (``/1.0/storage-pools``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import _protocol
from .._model import Attribute, AttributeDict
from .._progress import Meter, ProgressCallback
from ..exceptions import LXDAPIException
from . import streams
from .backups import Backup, _backup_name
from .model import ChildManager, Manager, Model

if TYPE_CHECKING:
    from .client import AsyncClient


class StoragePool(Model):
    _endpoint = "storage-pools"

    name = Attribute[str]()
    driver = Attribute[str]()
    description = Attribute[str](writable=True)
    config = Attribute[dict[str, Any]](writable=True)
    used_by = Attribute[list[str]]()
    status = Attribute[str]()
    locations = Attribute[list[str]]()

    def __init__(self, client: AsyncClient, **data: Any) -> None:
        super().__init__(client, **data)
        self.volumes = StorageVolumeManager(self)
        self.buckets = StorageBucketManager(self)

    async def resources(self) -> AttributeDict:
        """The pool's space and inodes (``GET /storage-pools/<name>/resources``)."""
        reply = await self.client._request("GET", f"{self._path}/resources", params=self._params)
        return AttributeDict(reply.metadata or {})


class StoragePoolManager(Manager[StoragePool]):
    """``client.storage_pools``."""

    model = StoragePool

    async def create(
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
        reply = await self._client._request("POST", "/storage-pools", params=params, json=body)
        await self._client._finish(reply, wait)
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

    def __init__(self, client: AsyncClient, **data: Any) -> None:
        super().__init__(client, **data)
        self.snapshots = VolumeSnapshotManager(self)
        self.backups = VolumeBackupManager(self)

    @property
    def _path(self) -> str:
        kind = _protocol.quote_segment(str(self._data.get("type") or "custom"))
        return f"{self.pool._path}/volumes/{kind}/{_protocol.quote_segment(self._ident)}"

    async def rename(self, new_name: str, wait: bool = True) -> StorageVolume:
        await self._rename(new_name, wait)
        return self

    async def move(
        self,
        pool: str | None = None,
        *,
        project: str | None = None,
        name: str | None = None,
        wait: bool = True,
    ) -> StorageVolume:
        """Move the volume to another pool and/or project (and name); returns it there."""
        body: dict[str, Any] = {"name": _protocol.check_name(name or self._ident)}
        if pool is not None:
            body["pool"] = _protocol.check_name(pool, "pool")
        if project is not None:
            self.client.assert_has_api_extension("storage_volume_project_move")
            body["project"] = _protocol.check_name(project, "project")
        reply = await self.client._request("POST", self._path, params=self._params, json=body)
        await self.client._finish(reply, wait)
        target = self.client.storage_pools._new(name=pool or self.pool._ident)
        moved = target.volumes._new(name=body["name"], type=self._data.get("type", "custom"))
        moved._project = project or self._project
        return moved

    async def state(self) -> AttributeDict:
        """Usage of the volume (``storage_volume_state``)."""
        self.client.assert_has_api_extension("storage_volume_state")
        reply = await self.client._request("GET", f"{self._path}/state", params=self._params)
        return AttributeDict(reply.metadata or {})

    async def copy(
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
        reply = await self.client._request("POST", path, params=self._params, json=body)
        await self.client._finish(reply, wait)
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

    async def get(self, volume_type: str, name: str | None = None) -> StorageVolume:  # type: ignore[override]
        """``get("custom", "v1")`` as pylxd; ``get("v1")`` means a custom volume."""
        if name is None:
            volume_type, name = "custom", volume_type
        kind = _protocol.check_name(volume_type, "volume_type")
        key = _protocol.check_name(name)
        path = f"{self._collection}/{kind}/{_protocol.quote_segment(key)}"
        reply = await self._client._request("GET", path, params=self._scope)
        return self._wrap(reply.metadata, reply.etag)

    async def exists(self, volume_type: str, name: str | None = None) -> bool:  # type: ignore[override]
        from ..exceptions import NotFound

        try:
            await self.get(volume_type, name)
        except NotFound:
            return False
        return True

    async def create_from_backup(
        self,
        source: Any,
        name: str | None = None,
        wait: bool = True,
        *,
        progress: ProgressCallback | None = None,
    ) -> StorageVolume:
        """Import a custom volume backup (bytes, a path (``str`` too), a binary file or an
        iterable of bytes), streamed; returns the volume without reading it."""
        client = self._client
        client.assert_has_api_extension("custom_volume_backup")
        source = streams.binary_source(source, "source")
        headers = {"Content-Type": "application/octet-stream"}
        if name is not None:
            headers[client._kind.header("name")] = _protocol.check_name(name)
        size = streams.size_of(source)
        headers.update(streams.length_header(size))
        reply = await client._request(
            "POST",
            f"{self._collection}/custom",
            params=self._scope,
            headers=headers,
            content=streams.body(source, Meter(progress, size, "upload")),
        )
        op = await client._finish(reply, wait)
        if name is None:
            try:
                name = _protocol.name_from_url(op["resources"]["storage_volumes"][0])  # type: ignore[index]
            except (KeyError, IndexError, TypeError):
                raise LXDAPIException(None, "the server did not say the volume's name") from None
        return self._new(name=name, type="custom")

    async def create(
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
        reply = await self._client._request("POST", self._collection, params=params, json=body)
        await self._client._finish(reply, wait)
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

    async def restore(self, wait: bool = True) -> None:
        """Put the volume back to this snapshot."""
        reply = await self.client._request(
            "PUT", self.volume._path, params=self.volume._params, json={"restore": self._ident}
        )
        await self.client._finish(reply, wait)

    async def rename(self, new_name: str, wait: bool = True) -> VolumeSnapshot:
        await self._rename(new_name, wait)
        return self


class VolumeSnapshotManager(ChildManager[VolumeSnapshot]):
    model = VolumeSnapshot
    _segment = "snapshots"
    _parent_attr = "volume"

    async def create(self, name: str, wait: bool = True) -> VolumeSnapshot:
        _protocol.check_name(name)
        reply = await self._client._request(
            "POST", self._collection, params=self._scope, json={"name": name}
        )
        await self._client._finish(reply, wait)
        return self._new(name=name)


class VolumeBackup(Backup):
    """A backup of a custom volume."""

    volume: StorageVolume
    volume_only = Attribute[bool]()

    @property
    def _path(self) -> str:
        return f"{self.volume._path}/backups/{_protocol.quote_segment(self._ident)}"

    @property
    def _params(self) -> dict[str, Any]:
        return self.volume._params


class VolumeBackupManager(ChildManager[VolumeBackup]):
    """``volume.backups``."""

    model = VolumeBackup
    _segment = "backups"
    _parent_attr = "volume"

    async def create(
        self,
        name: str | None = None,
        volume_only: bool = False,
        compression_algorithm: str | None = None,
        wait: bool = True,
        *,
        optimized_storage: bool = False,
    ) -> VolumeBackup:
        """Make a backup of the volume (with its snapshots unless ``volume_only``)."""
        self._client.assert_has_api_extension("custom_volume_backup")
        body: dict[str, Any] = {"volume_only": volume_only, "optimized_storage": optimized_storage}
        if name is not None:
            body["name"] = _protocol.check_name(name)
        if compression_algorithm is not None:
            body["compression_algorithm"] = compression_algorithm
        reply = await self._client._request("POST", self._collection, params=self._scope, json=body)
        await self._client._finish(reply, wait)
        if name is None:
            name = _backup_name(reply.metadata)
        return self._new(name=name)


# -- object storage: buckets and their keys (the ``storage_buckets`` extension) --------------

BUCKETS = "storage_buckets"


class StorageBucket(Model):
    """An S3 bucket in a pool (``storage_buckets``); ``s3_url`` is where S3 clients reach it
    and ``keys`` manages its credentials. Without the extension every request it would make
    raises ``LXDAPIExtensionNotAvailable`` before sending anything."""

    pool: StoragePool

    name = Attribute[str]()
    description = Attribute[str](writable=True)
    config = Attribute[dict[str, Any]](writable=True)
    s3_url = Attribute[str]()
    location = Attribute[str]()
    project = Attribute[str]()

    def __init__(self, client: AsyncClient, **data: Any) -> None:
        super().__init__(client, **data)
        self.keys = StorageBucketKeyManager(self)

    @property
    def _path(self) -> str:
        self.client.assert_has_api_extension(BUCKETS)
        return f"{self.pool._path}/buckets/{_protocol.quote_segment(self._ident)}"


class StorageBucketManager(ChildManager[StorageBucket]):
    """``pool.buckets`` (``storage_buckets``): ``all()`` in one request, ``get``, ``exists``,
    ``create``. Without the extension every call raises ``LXDAPIExtensionNotAvailable`` before
    sending anything."""

    model = StorageBucket
    _segment = "buckets"
    _parent_attr = "pool"

    @property
    def _collection(self) -> str:
        self._client.assert_has_api_extension(BUCKETS)
        return f"{self._parent._path}/{self._segment}"

    async def all(
        self, *, project: str | None = None, all_projects: bool = False
    ) -> list[StorageBucket]:
        """Every bucket of the pool, in one request; ``all_projects=True`` (the
        ``storage_buckets_all_projects`` extension) lists every project's."""
        self._client.assert_has_api_extension(BUCKETS)
        if all_projects:
            self._client.assert_has_api_extension("storage_buckets_all_projects")
        return await super().all(project=project, all_projects=all_projects)

    async def create(
        self,
        definition: dict[str, Any] | str,
        wait: bool = True,
        *,
        description: str | None = None,
        config: dict[str, Any] | None = None,
        target: str | None = None,
    ) -> StorageBucket:
        """Create a bucket from ``{"name", "description", "config"}`` (as ``volumes.create``)
        or from its name with ``description=`` and ``config=`` (``{"size": "5GiB"}``, say);
        returns it without reading it back. The server makes an ``admin`` key with it
        (``bucket.keys.get("admin")``). ``target``: the cluster member to make it on."""
        self._client.assert_has_api_extension(BUCKETS)
        body = bucket_body(definition, description=description, config=config)
        params = {**self._scope, **({"target": target} if target else {})}
        reply = await self._client._request("POST", self._collection, params=params, json=body)
        await self._client._finish(reply, wait)
        return self._new(name=body["name"])


def bucket_body(
    definition: dict[str, Any] | str,
    *,
    description: str | None = None,
    config: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``StorageBucketsPost`` body: a definition dict or a name, plus keyword fields (a
    field given both ways is refused); config in wire form."""
    if isinstance(definition, str):
        body: dict[str, Any] = {"name": definition}
    elif isinstance(definition, dict):
        body = dict(definition)
    else:
        raise TypeError("definition must be a bucket name or a dict with at least a name")
    _protocol.check_name(body.get("name"))
    for key, value in (("description", description), ("config", config)):
        if value is None:
            continue
        if key in body:
            raise TypeError(f"{key} given both in the definition and as {key}=")
        body[key] = value
    if isinstance(body.get("config"), dict):
        body["config"] = _protocol.config_to_wire(body["config"])
    return body


class StorageBucketKey(Model):
    """A bucket's S3 credentials: ``role`` is ``"read-only"`` or ``"admin"``; ``access_key``
    and ``secret_key`` are the wire's ``access-key`` and ``secret-key``."""

    bucket: StorageBucket
    _known = frozenset({"access-key", "secret-key"})

    name = Attribute[str]()
    description = Attribute[str](writable=True)
    role = Attribute[str](writable=True)
    access_key = Attribute[str](writable=True, key="access-key")
    secret_key = Attribute[str](writable=True, key="secret-key")

    @property
    def _path(self) -> str:
        return f"{self.bucket._path}/keys/{_protocol.quote_segment(self._ident)}"

    @property
    def _params(self) -> dict[str, Any]:
        return self.bucket._params


# Dirty tracking and save() work on the wire's keys.
class StorageBucketKeyManager(ChildManager[StorageBucketKey]):
    """``bucket.keys`` (``storage_buckets``)."""

    model = StorageBucketKey
    _segment = "keys"
    _parent_attr = "bucket"

    async def create(
        self,
        name: str,
        *,
        role: str = "read-only",
        description: str = "",
        access_key: str | None = None,
        secret_key: str | None = None,
    ) -> StorageBucketKey:
        """Make a key (``role``: ``"read-only"`` or ``"admin"``); the server generates the
        credentials not given. Returns the key as the server made it, secret included."""
        self._client.assert_has_api_extension(BUCKETS)
        body: dict[str, Any] = {
            "name": _protocol.check_name(name),
            "role": role,
            "description": description,
        }
        if access_key is not None:
            body["access-key"] = access_key
        if secret_key is not None:
            body["secret-key"] = secret_key
        reply = await self._client._request("POST", self._collection, params=self._scope, json=body)
        await self._client._finish(reply, True)
        if isinstance(reply.metadata, dict) and reply.metadata.get("name") == name:
            return self._wrap(reply.metadata)
        return self._new(name=name)
