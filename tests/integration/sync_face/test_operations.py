# Generated: edit tests/integration/async_face/test_operations.py and run scripts/unasync.py.
"""Operations: waiting with and without a limit, failures, listing."""

from __future__ import annotations

import pytest

from pylxd import Client
from pylxd.models import Container, Operation
from pylxd.exceptions import ClientTimeout, LXDAPIException, NotFound, OperationFailed


def _background_sleep(client: Client, container: Container, seconds: int) -> str:
    """Start ``sleep`` in the container as an operation nobody attaches to."""
    body = {"command": ["sleep", str(seconds)], "wait-for-websocket": False, "interactive": False}
    response = client.api.instances[container.name]["exec"].post(json=body)
    return str(response.json()["operation"])


def test_wait_with_a_timeout_leaves_the_operation_running(
    client: Client, container: Container
) -> None:
    container.start(wait=True)
    op_url = _background_sleep(client, container, 3)
    with pytest.raises(ClientTimeout, match="still running"):
        client.operations.wait_for_operation(op_url, timeout=1)
    op = client.operations.wait_for_operation(op_url)
    assert isinstance(op, Operation)
    assert op.status_code == 200
    assert op.metadata["return"] == 0
    container.stop(wait=True)


def test_get_all_and_wait(client: Client, container: Container) -> None:
    container.start(wait=True)
    op_url = _background_sleep(client, container, 2)
    op = client.operations.get(op_url)
    assert op.status == "Running"
    assert op.class_ == "task"
    assert op.id in [o.id for o in client.operations.all()]
    assert op.wait() is True
    assert op.status == "Success"
    container.stop(wait=True)


def test_failed_operation(client: Client, container: Container) -> None:
    response = client.api.instances[container.name].state.put(
        json={"action": "stop", "timeout": 5}
    )
    with pytest.raises(LXDAPIException) as info:
        client.operations.wait_for_operation(response.json()["operation"])
    assert isinstance(info.value, OperationFailed) or "stopped" in str(info.value).lower()


def test_unknown_operation(client: Client) -> None:
    with pytest.raises(NotFound):
        client.operations.get("00000000-0000-0000-0000-000000000000")
    with pytest.raises(NotFound):
        client.operations.wait_for_operation("00000000-0000-0000-0000-000000000000")
