"""Copies and moves between servers: pull, push, and relay (the client carries the streams).

pull: the target connects to the source's HTTPS listener; push: the source connects to the
target's; relay: neither connects to the other, the client bridges every websocket pair, so it
works from unix sockets too (PROTOCOL.md 2.9).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from .. import _protocol
from .._progress import ProgressCallback
from ..exceptions import LXDAPIException, PylxdError
from . import face
from .operations import wait_for_operation

if TYPE_CHECKING:
    from .client import AsyncClient

CLOSE_GRACE = 1.0  # seconds a server gets to close its end of a relayed pair by itself
POLL = 0.02


async def _server_identity(client: AsyncClient, role: str, mode: str) -> tuple[list[str], str]:
    """The HTTPS addresses and certificate of a server that the other one must reach."""
    if client._host_info is None:
        await client.connect()
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


async def transfer(
    source: AsyncClient,
    source_path: str,
    source_params: Mapping[str, Any],
    target: AsyncClient,
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
        addresses, certificate = await _server_identity(source, "source", mode)
        reply = await source._request("POST", source_path, params=source_params, json=migrate)
        secrets = _secrets(reply.metadata)
        body = dict(target_body)
        body["source"] = dict(
            base_source,
            mode="pull",
            operation=f"https://{addresses[0]}/1.0/operations/{reply.operation_id}",
            certificate=certificate,
            secrets=secrets,
        )
        target_reply = await target._request("POST", "/instances", json=body)
        if not wait:
            return None
        done = await target._finish(target_reply, True, progress=progress)
        await _settle(source, reply.operation_id)
        return done
    body = dict(target_body)
    body["source"] = dict(base_source, mode="push")
    target_reply = await target._request("POST", "/instances", json=body)
    target_secrets = _secrets(target_reply.metadata)
    if mode == "push":
        addresses, certificate = await _server_identity(target, "target", mode)
        migrate["target"] = {
            "operation": f"https://{addresses[0]}/1.0/operations/{target_reply.operation_id}",
            "certificate": certificate,
            "secrets": target_secrets,
        }
        reply = await source._request("POST", source_path, params=source_params, json=migrate)
        if not wait:
            return None
        await source._finish(reply, True)
        return await target._finish(target_reply, True, progress=progress)
    # relay
    reply = await source._request("POST", source_path, params=source_params, json=migrate)
    source_secrets = _secrets(reply.metadata)
    await _relay(
        source,
        str(reply.operation_id),
        source_secrets,
        target,
        str(target_reply.operation_id),
        target_secrets,
    )
    await source._finish(reply, True)
    return await target._finish(target_reply, True, progress=progress)


async def _settle(client: AsyncClient, op_id: str | None) -> None:
    """The source side of a pull ends with the target's: read its outcome if still there."""
    if op_id:
        with contextlib.suppress(LXDAPIException):
            await wait_for_operation(client, op_id, 10)


async def _relay(
    source: AsyncClient,
    source_op: str,
    source_secrets: dict[str, str],
    target: AsyncClient,
    target_op: str,
    target_secrets: dict[str, str],
) -> None:
    """Bridge each websocket of the source's migration with the target's, both ways."""
    names = [n for n in source_secrets if n in target_secrets]
    pairs: list[tuple[ClientConnection, ClientConnection]] = []
    try:
        for name in names:
            a = await _attach(source, source_op, source_secrets[name])
            b = await _attach(target, target_op, target_secrets[name])
            pairs.append((a, b))
        bridges = [face.start(_bridge, a, b) for a, b in pairs]
        for bridge in bridges:
            await bridge.join()
    finally:
        for a, b in pairs:
            for ws in (a, b):
                with contextlib.suppress(ConnectionClosed, OSError):
                    await ws.close()


async def _bridge(a: ClientConnection, b: ClientConnection) -> None:
    """Relay one websocket pair until both servers have closed it.

    When one side closes, the other gets ``CLOSE_GRACE`` seconds to finish and close by
    itself before it is closed: a server still reading its last control message would take
    an early close for a failure (LXD), while another waits for the close (Incus).
    """
    forward = face.start(_pipe, a, b)
    backward = face.start(_pipe, b, a)
    while not (forward.done() or backward.done()):
        await asyncio.sleep(POLL)
    for task in (forward, backward):
        try:
            await task.join(CLOSE_GRACE)
        except TimeoutError:
            break
    for ws in (a, b):
        with contextlib.suppress(ConnectionClosed, OSError):
            await ws.close()
    for task in (forward, backward):
        await task.join()


async def _attach(client: AsyncClient, op_id: str, secret: str) -> ClientConnection:
    path = f"/{client.version}/operations/{_protocol.quote_segment(op_id)}/websocket"
    params = _protocol.merge_params({"secret": secret}, client.project)
    return await client._transport.websocket(path, params, client.timeouts)


async def _pipe(src: ClientConnection, dst: ClientConnection) -> None:
    """Copy messages from one websocket to the other until either is closed."""
    try:
        async for message in src:
            await dst.send(message)
    except ConnectionClosed:
        pass
