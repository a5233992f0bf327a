# Generated: edit pylxd/_async/cluster.py and run scripts/unasync.py.
"""Clustering (``/1.0/cluster``): the cluster, its members, groups, join tokens, certificate."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import _protocol
from .._model import Attribute, AttributeDict
from ..exceptions import LXDAPIException
from .model import Manager, Model

if TYPE_CHECKING:
    from .client import Client


class Cluster(Model):
    """``GET /1.0/cluster``: whether clustering is on and this member's name."""

    server_name = Attribute[str](writable=True)
    enabled = Attribute[bool](writable=True)
    member_config = Attribute[list[dict[str, Any]]]()

    @property
    def _path(self) -> str:
        return "/cluster"

    @property
    def _params(self) -> dict[str, Any]:
        return {}

    def __repr__(self) -> str:
        return f"<Cluster {self._data.get('server_name')!r}>"


class ClusterMember(Model):
    _endpoint = "cluster/members"
    _key = "server_name"

    server_name = Attribute[str]()
    url = Attribute[str]()
    database = Attribute[bool]()
    status = Attribute[str]()
    message = Attribute[str]()
    architecture = Attribute[str]()
    failure_domain = Attribute[str](writable=True)
    description = Attribute[str](writable=True)
    config = Attribute[dict[str, Any]](writable=True)
    roles = Attribute[list[str]](writable=True)
    groups = Attribute[list[str]](writable=True)

    @property
    def _params(self) -> dict[str, Any]:
        return {}

    def rename(self, new_name: str) -> ClusterMember:
        self._rename(new_name)
        return self

    def delete(self, wait: bool = False, *, force: bool = False) -> None:
        """Remove the member from the cluster (``force``: even if it is unreachable)."""
        params = {"force": 1} if force else None
        reply = self.client._request("DELETE", self._path, params=params)
        self.client._finish(reply, wait)

    def state(self) -> AttributeDict:
        """The member's resources and storage pools (``cluster_member_state``)."""
        self.client.assert_has_api_extension("cluster_member_state")
        reply = self.client._request("GET", f"{self._path}/state")
        return AttributeDict(reply.metadata or {})

    def evacuate(self, wait: bool = True) -> None:
        """Move or stop the member's instances so it can be taken down."""
        self._state_action("evacuate", wait)

    def restore(self, wait: bool = True) -> None:
        """Bring an evacuated member back and its instances home."""
        self._state_action("restore", wait)

    def _state_action(self, action: str, wait: bool) -> None:
        self.client.assert_has_api_extension("clustering_evacuation")
        reply = self.client._request("POST", f"{self._path}/state", json={"action": action})
        self.client._finish(reply, wait)
        self._etag = None


@dataclass(frozen=True)
class JoinToken:
    """A pending join token (an operation until redeemed or revoked)."""

    server_name: str
    token: str
    operation_id: str
    expires_at: str | None


def _join_token(op: Any) -> JoinToken:
    meta = (op or {}).get("metadata") or {}
    if not meta.get("secret"):
        raise LXDAPIException(None, "the server gave no join token")
    fields = {
        "server_name": meta.get("serverName", ""),
        "fingerprint": meta.get("fingerprint", ""),
        "addresses": meta.get("addresses", []),
        "secret": meta["secret"],
        "expires_at": meta.get("expiresAt", "0001-01-01T00:00:00Z"),
    }
    token = base64.b64encode(json.dumps(fields, separators=(",", ":")).encode()).decode()
    return JoinToken(
        str(fields["server_name"]), token, str(op.get("id", "")), meta.get("expiresAt")
    )


class ClusterMemberManager(Manager[ClusterMember]):
    """``client.cluster.members``."""

    model = ClusterMember

    def create_token(self, name: str) -> str:
        """A join token for a new member called ``name`` (the string ``lxc cluster add``
        prints)."""
        _protocol.check_name(name, "server_name")
        reply = self._client._request("POST", "/cluster/members", json={"server_name": name})
        return _join_token(reply.metadata).token

    def tokens(self) -> list[JoinToken]:
        """Join tokens not yet redeemed (one request)."""
        reply = self._client._request("GET", "/operations", params={"recursion": 1})
        out = []
        for ops in (reply.metadata or {}).values():
            for op in ops or []:
                pending = not _protocol.is_final(op)  # a revoked one lingers a few seconds
                if (
                    op.get("class") == "token"
                    and "cluster" in (op.get("resources") or {})
                    and pending
                ):
                    out.append(_join_token(op))
        return out

    def revoke_token(self, name: str) -> None:
        """Cancel the pending join token(s) for ``name``."""
        for token in self.tokens():
            if token.server_name == name:
                self._client.operations.cancel(token.operation_id)


class ClusterGroup(Model):
    _endpoint = "cluster/groups"

    name = Attribute[str]()
    description = Attribute[str](writable=True)
    members = Attribute[list[str]](writable=True)

    @property
    def _params(self) -> dict[str, Any]:
        return {}

    def rename(self, new_name: str) -> ClusterGroup:
        self._rename(new_name)
        return self


class ClusterGroupManager(Manager[ClusterGroup]):
    """``client.cluster.groups``."""

    model = ClusterGroup

    @property
    def _collection(self) -> str:
        self._client.assert_has_api_extension("clustering_groups")
        return "/cluster/groups"

    def create(
        self, name: str, description: str = "", members: list[str] | None = None
    ) -> ClusterGroup:
        """Create a cluster group, optionally with members; returns it without reading it back."""
        _protocol.check_name(name)
        body = {"name": name, "description": description, "members": members or []}
        self._client._request("POST", self._collection, json=body)
        return self._new(name=name)


class ClusterManager:
    """``client.cluster``: ``get()``, ``enable()``, ``members``, ``groups``, certificate."""

    def __init__(self, client: Client) -> None:
        self._client = client
        self.members = ClusterMemberManager(client)
        self.groups = ClusterGroupManager(client)

    def get(self) -> Cluster:
        """The cluster as this member reports it (needs the ``clustering`` extension)."""
        if self._client._host_info is None:
            self._client.connect()
        self._client.assert_has_api_extension("clustering")
        reply = self._client._request("GET", "/cluster")
        cluster = Cluster(self._client)
        cluster._apply(reply.metadata or {}, reply.etag, keep_edits=False)
        return cluster

    def enable(self, server_name: str, wait: bool = True) -> Cluster:
        """Turn a standalone server into the first member of a new cluster (it must listen
        on HTTPS). Returns the cluster as the server then reports it."""
        _protocol.check_name(server_name, "server_name")
        body = {"server_name": server_name, "enabled": True}
        reply = self._client._request("PUT", "/cluster", json=body)
        self._client._finish(reply, wait)
        self._client.connect()  # the server's facts changed (server_clustered)
        return self.get()

    def update_certificate(self, certificate: str, key: str) -> None:
        """Replace the cluster's certificate and key (PEM) on every member."""
        body = {"cluster_certificate": certificate, "cluster_certificate_key": key}
        self._client._request("PUT", "/cluster/certificate", json=body)
