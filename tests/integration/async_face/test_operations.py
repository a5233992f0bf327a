"""Operations: waiting with and without a limit, failures, listing."""

from __future__ import annotations

import pytest

from pylxd import AsyncClient
from pylxd.aio import Container, Operation
from pylxd.exceptions import ClientTimeout, LXDAPIException, NotFound, OperationFailed


async def _background_sleep(client: AsyncClient, container: Container, seconds: int) -> str:
    """Start ``sleep`` in the container as an operation nobody attaches to."""
    body = {"command": ["sleep", str(seconds)], "wait-for-websocket": False, "interactive": False}
    response = await client.api.instances[container.name]["exec"].post(json=body)
    return str(response.json()["operation"])


async def test_wait_with_a_timeout_leaves_the_operation_running(
    client: AsyncClient, container: Container
) -> None:
    await container.start(wait=True)
    op_url = await _background_sleep(client, container, 3)
    with pytest.raises(ClientTimeout, match="still running"):
        await client.operations.wait_for_operation(op_url, timeout=1)
    op = await client.operations.wait_for_operation(op_url)
    assert isinstance(op, Operation)
    assert op.status_code == 200
    assert op.metadata["return"] == 0
    await container.stop(wait=True)


async def test_get_all_and_wait(client: AsyncClient, container: Container) -> None:
    await container.start(wait=True)
    op_url = await _background_sleep(client, container, 2)
    op = await client.operations.get(op_url)
    assert op.status == "Running"
    assert op.class_ == "task"
    assert op.id in [o.id for o in await client.operations.all()]
    assert await op.wait() is True
    assert op.status == "Success"
    await container.stop(wait=True)


async def test_failed_operation(client: AsyncClient, container: Container) -> None:
    response = await client.api.instances[container.name].state.put(
        json={"action": "stop", "timeout": 5}
    )
    with pytest.raises(LXDAPIException) as info:
        await client.operations.wait_for_operation(response.json()["operation"])
    assert isinstance(info.value, OperationFailed) or "stopped" in str(info.value).lower()


async def test_unknown_operation(client: AsyncClient) -> None:
    with pytest.raises(NotFound):
        await client.operations.get("00000000-0000-0000-0000-000000000000")
    with pytest.raises(NotFound):
        await client.operations.wait_for_operation("00000000-0000-0000-0000-000000000000")
