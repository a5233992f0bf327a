"""Events: the stream, filters by type and project, and pylxd's connect/run form."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest

from pylxd import AsyncClient, Event, EventType
from pylxd.aio import EventListener
from pylxd.exceptions import ClientTimeout


async def _find(listener: EventListener, action: str, name: str, limit: float = 10) -> Event:
    deadline = time.monotonic() + limit
    while True:
        event = await listener.next(timeout=max(0.1, deadline - time.monotonic()))
        meta = event.metadata or {}
        if (
            event.type == "lifecycle"
            and meta.get("action") == action
            and name in str(meta.get("source", ""))
        ):
            return event


@pytest.fixture
async def project(client: AsyncClient, unique_name: str) -> AsyncIterator[str]:
    name = unique_name[:60]
    await client.api.projects.post(json={"name": name, "config": {"features.profiles": "true"}})
    try:
        yield name
    finally:
        await client.api.projects[name].delete()


async def test_lifecycle_events_for_the_actions_taken(
    client: AsyncClient, unique_name: str
) -> None:
    async with client.events(event_types=[EventType.Lifecycle]) as listener:
        await client.profiles.create(unique_name)
        created = await _find(listener, "profile-created", unique_name)
        assert created.type == "lifecycle"
        assert created.timestamp
        profile = await client.profiles.get(unique_name)
        await profile.delete()
        await _find(listener, "profile-deleted", unique_name)


async def test_iteration_and_type_strings(client: AsyncClient, unique_name: str) -> None:
    listener = client.events(None, ["lifecycle", "operation"])
    await listener.connect()
    await client.profiles.create(unique_name)
    async for event in listener:
        assert event.type in ("lifecycle", "operation")
        if event.type == "lifecycle" and unique_name in str(event.metadata.get("source")):
            break
    await listener.close()
    await (await client.profiles.get(unique_name)).delete()


async def test_project_filter(client: AsyncClient, project: str, unique_name: str) -> None:
    async with (
        client.events(event_types=["lifecycle"], project=project) as scoped,
        client.events(event_types=["lifecycle"], all_projects=True) as everywhere,
    ):
        await client.profiles.create(unique_name)  # in the default project
        await _find(everywhere, "profile-created", unique_name)
        with pytest.raises(ClientTimeout):
            await _find(scoped, "profile-created", unique_name, limit=1)
    await (await client.profiles.get(unique_name)).delete()


async def test_pylxd_form_with_received_message(client: AsyncClient, unique_name: str) -> None:
    class Catcher(EventListener):
        def received_message(self, message: object) -> None:
            super().received_message(message)  # type: ignore[arg-type]
            if unique_name in str(message.data):  # type: ignore[attr-defined]
                self.stop()

    listener = client.events(Catcher, [EventType.Lifecycle])
    await listener.connect()
    await client.profiles.create(unique_name)
    await listener.run()
    assert any(unique_name in str(m["metadata"]) for m in listener.messages)
    await listener.close()
    await (await client.profiles.get(unique_name)).delete()


async def test_bad_event_types(client: AsyncClient) -> None:
    with pytest.raises(ValueError):
        client.events(event_types=["a,b"])
    with pytest.raises(TypeError):
        client.events(websocket_client=object)  # type: ignore[arg-type]
