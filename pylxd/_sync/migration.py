# Generated: edit pylxd/_async/migration.py and run scripts/unasync.py.
"""Copies and moves between servers: pull, push, and relay (the client carries the streams).

pull: the target connects to the source's HTTPS listener; push: the source connects to the
target's; relay: neither connects to the other, the client bridges every websocket pair, so it
works from unix sockets too (PROTOCOL.md 2.9).
"""

from __future__ import annotations

import time
import contextlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from websockets.sync.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from .. import _protocol
from .._progress import ProgressCallback
from ..exceptions import LXDAPIException, PylxdError
from . import face
from .operations import wait_for_operation

if TYPE_CHECKING:
    from .client import Client

CLOSE_GRACE = 1.0  # seconds a server gets to close its end of a relayed pair by itself
POLL = 0.02


def _server_identity(client: Client, role: str, mode: str) -> tuple[list[str], str]:
    """The HTTPS addresses and certificate of a server that the other one must reach."""
    if client._host_info is None:
        client.connect()
    env = client.host_info.get("environment") or {}
    addresses = [a for a in env.get("addresses") or [] if a]
    certificate = env.get("certificate") or ""
    if not addresses or not certificate:
        raise PylxdError(
            f"{mode} mode needs the {role} server ({client.endpoint}) to listen on HTTPS "
            f"(core.https_address) so the other server can reach it; use mode='relay' instead"
        )
    return addresses, certificate


def _secrets(op: Any) -> dict[str, str]:
    secrets = (op or {}).get("metadata") or {}
    if not isinstance(secrets, dict) or "fs" not in secrets:
        raise LXDAPIException(None, "the server gave no migration secrets")
    return {k: v for k, v in secrets.items() if isinstance(v, str)}


def transfer(
    source: Client,
    source_path: str,
    source_params: Mapping[str, Any],
    target: Client,
    target_body: dict[str, Any],
    mode: str,
    wait: bool,
    instance_only: bool,
    progress: ProgressCallback | None = None,
    *,
    snapshot: bool = False,
) -> dict[str, Any] | None:
    """Move one instance or snapshot from ``source`` to ``target`` in ``mode``.

    ``source_path`` is the object's path on the source; ``target_body`` the POST body of the
    new instance without its ``source`` field. Returns the target's finished operation when
    waited (relay always waits: the client carries the data).
    """
    _protocol.check_copy_mode(mode)
    migrate: dict[str, Any] = {"migration": True, "live": False, "instance_only": instance_only}
    if snapshot:  # a snapshot's migration request names the new instance
        migrate["name"] = target_body["name"]
    base_source: dict[str, Any] = {"type": "migration", "instance_only": instance_only}
    if mode == "pull":
        addresses, certificate = _server_identity(source, "source", mode)
        reply = source._request("POST", source_path, params=source_params, json=migrate)
        secrets = _secrets(reply.metadata)
        body = dict(target_body)
        body["source"] = dict(
            base_source,
            mode="pull",
            operation=f"https://{addresses[0]}/1.0/operations/{reply.operation_id}",
            certificate=certificate,
            secrets=secrets,
        )
        target_reply = target._request("POST", "/instances", json=body)
        if not wait:
            return None
        done = target._finish(target_reply, True, progress=progress)
        _settle(source, reply.operation_id)
        return done
    body = dict(target_body)
    body["source"] = dict(base_source, mode="push")
    target_reply = target._request("POST", "/instances", json=body)
    target_secrets = _secrets(target_reply.metadata)
    if mode == "push":
        addresses, certificate = _server_identity(target, "target", mode)
        migrate["target"] = {
            "operation": f"https://{addresses[0]}/1.0/operations/{target_reply.operation_id}",
            "certificate": certificate,
            "secrets": target_secrets,
        }
        reply = source._request("POST", source_path, params=source_params, json=migrate)
        if not wait:
            return None
        source._finish(reply, True)
        return target._finish(target_reply, True, progress=progress)
    # relay
    reply = source._request("POST", source_path, params=source_params, json=migrate)
    source_secrets = _secrets(reply.metadata)
    _relay(
        source,
        str(reply.operation_id),
        source_secrets,
        target,
        str(target_reply.operation_id),
        target_secrets,
    )
    source._finish(reply, True)
    return target._finish(target_reply, True, progress=progress)


def _settle(client: Client, op_id: str | None) -> None:
    """The source side of a pull ends with the target's: read its outcome if still there."""
    if op_id:
        with contextlib.suppress(LXDAPIException):
            wait_for_operation(client, op_id, 10)


def _relay(
    source: Client,
    source_op: str,
    source_secrets: dict[str, str],
    target: Client,
    target_op: str,
    target_secrets: dict[str, str],
) -> None:
    """Bridge each websocket of the source's migration with the target's, both ways."""
    names = [n for n in source_secrets if n in target_secrets]
    pairs: list[tuple[ClientConnection, ClientConnection]] = []
    try:
        for name in names:
            a = _attach(source, source_op, source_secrets[name])
            b = _attach(target, target_op, target_secrets[name])
            pairs.append((a, b))
        bridges = [face.start(_bridge, a, b) for a, b in pairs]
        for bridge in bridges:
            bridge.join()
    finally:
        for a, b in pairs:
            for ws in (a, b):
                with contextlib.suppress(ConnectionClosed, OSError):
                    ws.close()


def _bridge(a: ClientConnection, b: ClientConnection) -> None:
    """Relay one websocket pair until both servers have closed it.

    When one side closes, the other gets ``CLOSE_GRACE`` seconds to finish and close by
    itself before it is closed: a server still reading its last control message would take
    an early close for a failure (LXD), while another waits for the close (Incus).
    """
    forward = face.start(_pipe, a, b)
    backward = face.start(_pipe, b, a)
    while not (forward.done() or backward.done()):
        time.sleep(POLL)
    for task in (forward, backward):
        try:
            task.join(CLOSE_GRACE)
        except TimeoutError:
            break
    for ws in (a, b):
        with contextlib.suppress(ConnectionClosed, OSError):
            ws.close()
    for task in (forward, backward):
        task.join()


def _attach(client: Client, op_id: str, secret: str) -> ClientConnection:
    path = f"/{client.version}/operations/{_protocol.quote_segment(op_id)}/websocket"
    params = _protocol.merge_params({"secret": secret}, client.project)
    return client._transport.websocket(path, params, client.timeouts)


def _pipe(src: ClientConnection, dst: ClientConnection) -> None:
    """Copy messages from one websocket to the other until either is closed."""
    try:
        for message in src:
            dst.send(message)
    except ConnectionClosed:
        pass
