"""Networks (``/1.0/networks``) with their leases, state, forwards, peers and load balancers;
network ACLs and DNS zones."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import _protocol
from .._model import Attribute, AttributeDict
from .model import Manager, Model

if TYPE_CHECKING:
    from .client import AsyncClient


class NetworkState(AttributeDict):
    """``GET /1.0/networks/<name>/state``: addresses, counters, hwaddr, mtu, state, type."""


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

    def __init__(self, client: AsyncClient, **data: Any) -> None:
        super().__init__(client, **data)
        self.forwards = SubManager(self, NetworkForward, "forwards", "network_forward")
        self.peers = SubManager(self, NetworkPeer, "peers", "network_peer")
        self.load_balancers = SubManager(
            self, NetworkLoadBalancer, "load-balancers", "network_load_balancer"
        )

    async def rename(self, new_name: str, wait: bool = True) -> Network:
        """Rename the network; returns it (this object follows the new name)."""
        await self._rename(new_name, wait)
        return self

    async def state(self) -> NetworkState:
        """The network's runtime state: addresses, counters, MTU, bridge details."""
        reply = await self.client._request("GET", f"{self._path}/state", params=self._params)
        return NetworkState(reply.metadata or {})

    async def leases(self) -> list[dict[str, Any]]:
        """The DHCP leases of a managed network."""
        reply = await self.client._request("GET", f"{self._path}/leases", params=self._params)
        return list(reply.metadata or [])


class NetworkManager(Manager[Network]):
    model = Network

    async def create(
        self,
        name: str,
        description: str | None = None,
        type: str | None = None,  # noqa: A002 - pylxd's name
        config: dict[str, Any] | None = None,
        wait: bool = True,
        *,
        target: str | None = None,
    ) -> Network:
        """Create a network; returns it without reading it back. With ``target`` (clusters),
        the first phase of a two-phase create: the network is pending on that member."""
        _protocol.check_name(name)
        body: dict[str, Any] = {"name": name}
        if description is not None:
            body["description"] = description
        if type is not None:
            body["type"] = type
        if config is not None:
            body["config"] = _protocol.config_to_wire(config)
        params = {"target": target} if target else None
        reply = await self._client._request("POST", "/networks", params=params, json=body)
        await self._client._finish(reply, wait)
        return self._new(name=name)


class Child(Model):
    """An object under a network (forward, peer, load balancer) or a zone (record)."""

    parent: Model
    _collection_name = ""

    @property
    def _path(self) -> str:
        segment = _protocol.quote_segment(self._ident)
        return f"{self.parent._path}/{self._collection_name}/{segment}"

    @property
    def _params(self) -> dict[str, Any]:
        return self.parent._params


class NetworkForward(Child):
    _key = "listen_address"
    _collection_name = "forwards"

    listen_address = Attribute[str]()
    description = Attribute[str](writable=True)
    config = Attribute[dict[str, Any]](writable=True)
    ports = Attribute[list[dict[str, Any]]](writable=True)
    location = Attribute[str]()


class NetworkPeer(Child):
    _collection_name = "peers"

    name = Attribute[str]()
    description = Attribute[str](writable=True)
    config = Attribute[dict[str, Any]](writable=True)
    target_project = Attribute[str]()
    target_network = Attribute[str]()
    status = Attribute[str]()
    used_by = Attribute[list[str]]()


class NetworkLoadBalancer(Child):
    _key = "listen_address"
    _collection_name = "load-balancers"

    listen_address = Attribute[str]()
    description = Attribute[str](writable=True)
    config = Attribute[dict[str, Any]](writable=True)
    backends = Attribute[list[dict[str, Any]]](writable=True)
    ports = Attribute[list[dict[str, Any]]](writable=True)
    location = Attribute[str]()


class NetworkZoneRecord(Child):
    _collection_name = "records"

    name = Attribute[str]()
    description = Attribute[str](writable=True)
    entries = Attribute[list[dict[str, Any]]](writable=True)
    config = Attribute[dict[str, Any]](writable=True)


class SubManager(Manager[Any]):
    """A collection under an object, gated on the server extension that provides it: without
    it every call raises ``LXDAPIExtensionNotAvailable`` before sending anything."""

    def __init__(self, parent: Model, model: type[Child], name: str, extension: str) -> None:
        super().__init__(parent.client)
        self._parent = parent
        self.model = model
        self._name = name
        self._extension = extension

    @property
    def _collection(self) -> str:
        self._client.assert_has_api_extension(self._extension)
        return f"{self._parent._path}/{self._name}"

    @property
    def _scope(self) -> dict[str, Any]:
        return self._parent._params

    def _make(self, **data: Any) -> Any:
        obj = self.model(self._client, **data)
        obj.parent = self._parent
        return obj

    async def create(self, **fields: Any) -> Any:
        """Create one (``listen_address=...`` or ``name=...`` plus the object's fields);
        returns it without reading it back."""
        key = self.model._key
        if key not in fields:
            raise TypeError(f"create() needs {key}=")
        _protocol.check_name(fields[key], key)
        if isinstance(fields.get("config"), dict):
            fields["config"] = _protocol.config_to_wire(fields["config"])
        reply = await self._client._request(
            "POST", self._collection, params=self._scope, json=fields
        )
        await self._client._finish(reply, True)
        return self._new(**{key: fields[key]})


class NetworkACL(Model):
    _endpoint = "network-acls"

    name = Attribute[str]()
    description = Attribute[str](writable=True)
    ingress = Attribute[list[dict[str, Any]]](writable=True)
    egress = Attribute[list[dict[str, Any]]](writable=True)
    config = Attribute[dict[str, Any]](writable=True)
    used_by = Attribute[list[str]]()
    project = Attribute[str]()

    async def rename(self, new_name: str) -> NetworkACL:
        await self._rename(new_name)
        return self

    async def log(self) -> str:
        """The ACL's firewall log (``network_acl_log``)."""
        from . import streams

        self.client.assert_has_api_extension("network_acl_log")
        response = await streams.open_download(
            self.client, f"/{self.client.version}{self._path}/log", self._params
        )
        return (await streams.receive(self.client, response, None, None) or b"").decode()


class NetworkACLManager(Manager[NetworkACL]):
    """``client.network_acls``."""

    model = NetworkACL

    @property
    def _collection(self) -> str:
        self._client.assert_has_api_extension("network_acl")
        return "/network-acls"

    async def create(
        self,
        name: str,
        description: str = "",
        ingress: list[dict[str, Any]] | None = None,
        egress: list[dict[str, Any]] | None = None,
        config: dict[str, Any] | None = None,
    ) -> NetworkACL:
        _protocol.check_name(name)
        body = {
            "name": name,
            "description": description,
            "ingress": ingress or [],
            "egress": egress or [],
            "config": _protocol.config_to_wire(config),
        }
        await self._client._request("POST", self._collection, json=body)
        return self._new(name=name)


class NetworkZone(Model):
    _endpoint = "network-zones"

    name = Attribute[str]()
    description = Attribute[str](writable=True)
    config = Attribute[dict[str, Any]](writable=True)
    used_by = Attribute[list[str]]()
    project = Attribute[str]()

    def __init__(self, client: AsyncClient, **data: Any) -> None:
        super().__init__(client, **data)
        self.records = SubManager(self, NetworkZoneRecord, "records", "network_dns")


class NetworkZoneManager(Manager[NetworkZone]):
    """``client.network_zones``."""

    model = NetworkZone

    @property
    def _collection(self) -> str:
        self._client.assert_has_api_extension("network_dns")
        return "/network-zones"

    async def create(
        self, name: str, description: str = "", config: dict[str, Any] | None = None
    ) -> NetworkZone:
        _protocol.check_name(name)
        body = {
            "name": name,
            "description": description,
            "config": _protocol.config_to_wire(config),
        }
        await self._client._request("POST", self._collection, json=body)
        return self._new(name=name)
