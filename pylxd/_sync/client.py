# Generated: edit pylxd/_async/client.py and run scripts/unasync.py.
"""The client: connection, server facts, and the managers."""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .. import _flavour, _protocol
from .._connection import (
    CertArg,
    Endpoint,
    TimeoutArg,
    Timeouts,
    VerifyArg,
    resolve_endpoint,
    timeouts,
    tls_config,
)
from .._errors import check_plain_http
from .._events import EventType
from .._progress import ProgressCallback
from ..exceptions import (
    ClientConnectionFailed,
    LXDAPIException,
    LXDAPIExtensionNotAvailable,
    PylxdError,
)
from .api import APINode, APIResponse

if TYPE_CHECKING:
    from .events import EventListener
    from .transport import Response
from .certificates import CertificateManager, check_token
from .cluster import ClusterManager
from .images import ImageManager
from .instances import InstanceManager
from .networks import NetworkACLManager, NetworkManager, NetworkZoneManager
from .operations import OperationManager, wait_for_operation
from .profiles import ProfileManager
from .projects import ProjectManager
from .server import ServerConfig
from .storage import StoragePoolManager
from .warnings import WarningManager


class Client:
    """A client of one LXD or Incus server.

    ``endpoint``: a unix socket path or an ``https://`` URL (None finds the local socket).
    ``cert``: a ``(certificate, key)`` pair of paths (default: the lxc client certificate when
    present). ``verify``: ``True``, ``False`` or a certificate file (a single non-CA certificate
    is a pin, anything else a CA bundle). ``timeout``: a number or a ``(connect, read)`` pair;
    None means 10 s to connect and 30 s to read. ``project``: the project of every request.
    """

    def __init__(
        self,
        endpoint: str | os.PathLike[str] | None = None,
        version: str = "1.0",
        cert: CertArg = None,
        verify: VerifyArg = True,
        timeout: TimeoutArg = None,
        project: str | None = None,
        session: None = None,
        *,
        _prefer: _flavour.Name = "lxd",
    ) -> None:
        if session is not None:
            raise TypeError(
                "session is not supported: pass cert=, verify= and timeout= instead of a "
                "requests session"
            )
        if project is not None:
            _protocol.check_name(project, "project")
        self.endpoint: Endpoint = resolve_endpoint(endpoint, _prefer)
        self.version = version
        self.cert = cert
        self.verify = verify
        self.project = project
        self.timeouts: Timeouts = timeouts(timeout)
        from .transport import Transport

        self._transport = Transport(
            self.endpoint, tls_config(self.endpoint, cert, verify, _prefer), self.timeouts
        )
        self._host_info: dict[str, Any] | None = None
        self._owns_transport = True
        self._make_managers()
        self.connect()

    def _make_managers(self) -> None:
        version = self.version
        self.api = APINode(self, f"/{version}")
        self.instances = InstanceManager(self)
        self.containers = InstanceManager(self, "container")
        self.virtual_machines = InstanceManager(self, "virtual-machine")
        self.profiles = ProfileManager(self)
        self.operations = OperationManager(self)
        self.certificates = CertificateManager(self)
        self.images = ImageManager(self)
        self.networks = NetworkManager(self)
        self.network_acls = NetworkACLManager(self)
        self.network_zones = NetworkZoneManager(self)
        self.storage_pools = StoragePoolManager(self)
        self.projects = ProjectManager(self)
        self.warnings = WarningManager(self)
        self.cluster = ClusterManager(self)

    def with_timeout(self, timeout: TimeoutArg) -> Client:
        """This client with other timeouts for the calls made through it: a per-call
        override, e.g. ``client.with_timeout(600).images.create(path)``.

        ``timeout`` takes the same forms as the constructor's. The new client shares the
        connection and the server's facts with this one; objects fetched through it keep its
        timeouts for their own calls. Closing it does nothing: close the original.
        """
        other = copy.copy(self)
        other.timeouts = timeouts(timeout)
        other._owns_transport = False
        other._make_managers()
        return other

    @classmethod
    def incus(
        cls,
        endpoint: str | os.PathLike[str] | None = None,
        version: str = "1.0",
        cert: CertArg = None,
        verify: VerifyArg = True,
        timeout: TimeoutArg = None,
        project: str | None = None,
        session: None = None,
    ) -> Client:
        """The same client, looking for Incus's socket and certificates before LXD's."""
        return cls(endpoint, version, cert, verify, timeout, project, session, _prefer="incus")

    # -- connection ---------------------------------------------------------------------
    def connect(self) -> None:
        """Fetch ``/1.0`` (server facts and extensions). Called on first need."""
        reply = self._request("GET", "", connecting=True)
        if not isinstance(reply.metadata, dict):
            raise LXDAPIException(None, f"{self.endpoint}: GET /{self.version} gave no object")
        self._host_info = reply.metadata

    def close(self) -> None:
        """Close the client's connections."""
        if self._owns_transport:
            self._transport.close()

    def __enter__(self) -> Client:
        if self._host_info is None:
            self.connect()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.endpoint}>"

    # -- server facts ---------------------------------------------------------------------
    @property
    def host_info(self) -> dict[str, Any]:
        """``GET /1.0``'s metadata as read when the client connected."""
        if self._host_info is None:
            raise PylxdError(
                f"{type(self).__name__} is not connected yet: client.connect() first"
            )
        return self._host_info

    @property
    def server_flavour(self) -> _flavour.Name:
        """``"lxd"`` or ``"incus"``, from the server's own ``environment.server``."""
        return self._kind.name

    @property
    def _kind(self) -> _flavour.Flavour:
        return _flavour.of_server(self.host_info)

    @property
    def api_extensions(self) -> list[str]:
        """The server's API extensions, as read when the client connected."""
        return list(self.host_info.get("api_extensions") or [])

    @property
    def trusted(self) -> bool:
        """Whether the server trusts this client (``auth`` is ``trusted``)."""
        return self.host_info.get("auth") == "trusted"

    @property
    def server_clustered(self) -> bool:
        """Whether the server is a member of a cluster."""
        return bool((self.host_info.get("environment") or {}).get("server_clustered", False))

    def has_api_extension(self, name: str) -> bool:
        """Whether the server has the API extension ``name``."""
        return name in self.api_extensions

    def assert_has_api_extension(self, name: str) -> None:
        """Raise ``LXDAPIExtensionNotAvailable`` unless the server has the extension ``name``."""
        if not self.has_api_extension(name):
            raise LXDAPIExtensionNotAvailable(
                f"LXD API extension '{name}' is not available on {self.endpoint}"
            )

    def get_resources(self) -> dict[str, Any]:
        """The server's hardware resources (``GET /1.0/resources``)."""
        if self._host_info is None:
            self.connect()
        self.assert_has_api_extension("resources")
        reply = self._request("GET", "/resources")
        return dict(reply.metadata)

    @property
    def resources(self) -> dict[str, Any]:
        return self.get_resources()

    # -- requests -----------------------------------------------------------------------
    def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        content: Any = None,
        headers: Mapping[str, str] | None = None,
        timeouts: Timeouts | None = None,
        stream: bool = False,
        connecting: bool = False,
    ) -> Response:
        """One request; ``path`` is absolute (``/1.0/...``). Adds the client's project.

        The first request of a client that has not connected yet connects first: the server's
        facts (flavour, extensions) decide how later requests are made.
        """
        if self._host_info is None and not connecting:
            self.connect()
        return self._transport.send(
            method,
            path,
            params=_protocol.merge_params(params, self.project),
            json=json,
            content=content,
            headers=headers,
            timeouts=timeouts or self.timeouts,
            stream=stream,
        )

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        content: Any = None,
        headers: Mapping[str, str] | None = None,
        timeouts: Timeouts | None = None,
        connecting: bool = False,
    ) -> _protocol.Reply:
        """A request under ``/<version>`` with a JSON body (``json``) or a raw, possibly
        streamed one (``content``: uploads); returns the reply's decoded envelope or raises."""
        response = self._send(
            method,
            f"/{self.version}{path}",
            params=params,
            json=json,
            content=content,
            headers=headers,
            timeouts=timeouts,
            connecting=connecting,
        )
        body = response.content
        check_plain_http(response.status_code, body, self.endpoint)
        return _protocol.parse_raw(
            response.status_code, response.headers, body, APIResponse(response, self)
        )

    def metrics(self) -> str:
        """The server's metrics in the OpenMetrics text format."""
        if self._host_info is None:
            self.connect()
        self.assert_has_api_extension("metrics")
        response = self._send("GET", f"/{self.version}/metrics")
        self._raise_for_status(response)
        return (response.read()).decode()

    def server_config(self) -> ServerConfig:
        """The server's configuration: edit ``config`` and ``save()`` (sent with If-Match)."""
        reply = self._request("GET", "")
        server = ServerConfig(self)
        server._apply(reply.metadata or {}, reply.etag, keep_edits=False)
        return server

    def authenticate(self, secret: str, use_token_auth: bool = True) -> None:
        """Make this client's certificate trusted with a trust password (LXD 5.0) or a token
        (as ``trust_token`` on Incus and LXD with ``explicit_trust_token``, else as
        ``password``), as pylxd does; then read the server's facts again."""
        from .._connection import _cert_pair

        if self._host_info is None:
            self.connect()
        if self.trusted:
            return
        pair = _cert_pair(self.cert, "lxd")
        if pair is None:
            raise ClientConnectionFailed("No client certificate specified")
        try:
            with open(pair[0], "rb") as f:
                cert_data = f.read()
        except OSError:
            raise ClientConnectionFailed("Client certificate not found") from None
        is_token = False
        if use_token_auth:
            try:
                check_token(secret)
                is_token = True
            except ValueError:
                is_token = False
        if is_token:
            self.certificates.create("", cert_data, secret=secret)
        else:
            self.certificates.create(secret, cert_data)
        self.connect()

    def events(
        self,
        websocket_client: type[EventListener] | None = None,
        event_types: Iterable[EventType | str] | None = None,
        *,
        project: str | None = None,
        all_projects: bool = False,
    ) -> EventListener:
        """The server's event stream, not yet connected (it connects on first use).

        ``websocket_client``: a subclass of :class:`EventListener` (pylxd's hook for a custom
        ``received_message``). ``event_types``: ``EventType`` values or type names.
        """
        from .events import EventListener

        cls = EventListener if websocket_client is None else websocket_client
        if not (isinstance(cls, type) and issubclass(cls, EventListener)):
            raise TypeError("websocket_client must be a subclass of pylxd's EventListener")
        return cls(self, event_types, project=project, all_projects=all_projects)

    def _raise_for_status(self, response: Response) -> None:
        """For raw (non-JSON) requests: raise the server's error if the reply is one."""
        if response.status_code < 400:
            return
        body = response.read()
        check_plain_http(response.status_code, body, self.endpoint)
        wrapped = APIResponse(response, self)
        _protocol.parse_raw(response.status_code, response.headers, body, wrapped)
        raise LXDAPIException(wrapped, f"HTTP {response.status_code}")  # unreachable: >= 400

    def _finish(
        self,
        reply: _protocol.Reply,
        wait: bool,
        timeout: float | None = None,
        progress: ProgressCallback | None = None,
    ) -> dict[str, Any] | None:
        """Wait for the operation a reply started, if asked and if there is one."""
        if wait and reply.type == "async" and reply.operation:
            return wait_for_operation(self, reply.operation, timeout, progress)
        return None


__all__ = ["Client"]
