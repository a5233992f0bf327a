# Generated: edit pylxd/_async/operations.py and run scripts/unasync.py.
"""Operations: background tasks on the server, and waiting for them."""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Any

from .. import _protocol
from .._connection import WAIT_CHUNK, WAIT_MARGIN
from .._model import Attribute, ModelCore
from .._progress import ProgressCallback, from_operation
from ..exceptions import ClientTimeout, LXDAPIException, NotFound, OperationFailed

if TYPE_CHECKING:
    from .client import Client


def wait_for_operation(
    client: Client,
    operation: str,
    timeout: float | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, Any]:
    """Wait until an operation ends; return it, or raise ``OperationFailed``/``ClientTimeout``.

    Long-polls ``/wait`` at once (a finished operation is kept only about 5 s). Without a
    timeout it waits without limit; with one it stops after ``timeout`` seconds, leaving the
    operation running. ``progress`` receives the server's progress reports (polled each
    second while the operation runs).
    """
    op_id = _protocol.operation_id(operation)
    path = f"/operations/{_protocol.quote_segment(op_id)}"
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        chunk = WAIT_CHUNK if progress is None else 1
        if deadline is not None:
            chunk = max(0, min(WAIT_CHUNK, math.ceil(deadline - time.monotonic())))
        # The server holds the reply up to `chunk` seconds; the margin is the client's own read
        # timeout when that is shorter than the library's.
        margin = min(WAIT_MARGIN, client.timeouts.read or WAIT_MARGIN)
        read = client.timeouts.with_read(chunk + margin)
        asked = time.monotonic()
        try:
            reply = client._request(
                "GET", f"{path}/wait", params={"timeout": chunk}, timeouts=read
            )
            op = reply.metadata
        except NotFound:
            raise
        except LXDAPIException as exc:
            # Incus answers /wait with an error both for a failed operation and for a wait
            # that timed out ("context deadline exceeded"): read the operation (a finished one
            # is retained for 5 s) to tell a failure, a running operation and anything else.
            try:
                op = (client._request("GET", path)).metadata
            except LXDAPIException:
                raise exc from None
            if not isinstance(op, dict):
                raise
            if _protocol.is_final(op):
                return dict(_protocol.operation_outcome(op, exc.response))
            if time.monotonic() - asked < chunk - 1:
                raise  # an error that was not the wait running out: never spin on it
        if not isinstance(op, dict):
            raise LXDAPIException(None, f"operation {op_id}: /wait gave no operation")
        if _protocol.is_final(op):
            return dict(_protocol.operation_outcome(op))
        if progress is not None and (report := from_operation(op)) is not None:
            progress(report)
        if deadline is not None and time.monotonic() >= deadline:
            raise ClientTimeout(
                f"operation {op_id} ({op.get('description', '')}) still running after "
                f"{timeout} s; it was not cancelled"
            )


class Operation(ModelCore):
    """A background operation (``/1.0/operations/<id>``)."""

    id = Attribute[str]()
    description = Attribute[str]()
    created_at = Attribute[str]()
    updated_at = Attribute[str]()
    status = Attribute[str]()
    status_code = Attribute[int]()
    resources = Attribute[dict[str, list[str]]]()
    metadata = Attribute[Any]()
    may_cancel = Attribute[bool]()
    err = Attribute[str]()
    location = Attribute[str]()
    _known = frozenset({"class"})

    def __init__(self, client: Client, **data: Any) -> None:
        super().__init__(**data)
        self.client = client
        self._loaded = True

    @classmethod
    def _from_server(cls, client: Client, payload: dict[str, Any]) -> Operation:
        op = cls(client)
        op._apply(payload, None, keep_edits=False)
        return op

    # The field named "class" cannot be an attribute name: expose it as ``class_``.
    @property
    def class_(self) -> str | None:
        """The operation's class: ``task``, ``websocket`` or ``token``."""
        value = self._data.get("class")
        return None if value is None else str(value)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the end; ``True`` once finished successfully, else raise."""
        self._apply(wait_for_operation(self.client, self.id, timeout), None, keep_edits=False)
        return True

    def cancel(self) -> None:
        """Cancel the operation (when the server allows it: ``may_cancel``)."""
        self.client.operations.cancel(self.id)


class OperationManager:
    def __init__(self, client: Client) -> None:
        self._client = client

    def get(self, operation_id: str) -> Operation:
        """The operation with that id (or URL)."""
        op_id = _protocol.operation_id(operation_id)
        reply = self._client._request("GET", f"/operations/{_protocol.quote_segment(op_id)}")
        return Operation._from_server(self._client, reply.metadata)

    def wait_for_operation(
        self, operation_id: str, timeout: float | None = None
    ) -> Operation:
        """Wait for an operation to end and return it; ``OperationFailed`` if it failed."""
        op = wait_for_operation(self._client, operation_id, timeout)
        return Operation._from_server(self._client, op)

    def all(self) -> list[Operation]:
        """Every operation the server knows, across statuses (one request)."""
        reply = self._client._request("GET", "/operations", params={"recursion": 1})
        by_status = reply.metadata or {}
        return [
            Operation._from_server(self._client, op)
            for ops in by_status.values()
            for op in ops or []
            if isinstance(op, dict)
        ]

    def cancel(self, operation_id: str) -> None:
        """Cancel the operation with that id."""
        op_id = _protocol.operation_id(operation_id)
        self._client._request("DELETE", f"/operations/{_protocol.quote_segment(op_id)}")


__all__ = ["Operation", "OperationFailed", "OperationManager", "wait_for_operation"]
