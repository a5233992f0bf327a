# Generated: edit tests/integration/async_face/test_events.py and run scripts/unasync.py.
"""Events: the stream, filters by type and project, and pylxd's connect/run form."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from pylxd import Client, Event, EventType
from pylxd.models import EventListener
from pylxd.exceptions import ClientTimeout


def _find(listener: EventListener, action: str, name: str, limit: float = 10) -> Event:
    deadline = time.monotonic() + limit
    while True:
        event = listener.next(timeout=max(0.1, deadline - time.monotonic()))
        meta = event.metadata or {}
        if (
            event.type == "lifecycle"
            and meta.get("action") == action
            and name in str(meta.get("source", ""))
        ):
            return event


@pytest.fixture
def project(client: Client, unique_name: str) -> Iterator[str]:
    name = unique_name[:60]
    client.api.projects.post(json={"name": name, "config": {"features.profiles": "true"}})
    try:
        yield name
    finally:
        client.api.projects[name].delete()


def test_lifecycle_events_for_the_actions_taken(
    client: Client, unique_name: str
) -> None:
    with client.events(event_types=[EventType.Lifecycle]) as listener:
        client.profiles.create(unique_name)
        created = _find(listener, "profile-created", unique_name)
        assert created.type == "lifecycle"
        assert created.timestamp
        profile = client.profiles.get(unique_name)
        profile.delete()
        _find(listener, "profile-deleted", unique_name)


def test_iteration_and_type_strings(client: Client, unique_name: str) -> None:
    listener = client.events(None, ["lifecycle", "operation"])
    listener.connect()
    client.profiles.create(unique_name)
    for event in listener:
        assert event.type in ("lifecycle", "operation")
        if event.type == "lifecycle" and unique_name in str(event.metadata.get("source")):
            break
    listener.close()
    (client.profiles.get(unique_name)).delete()


def test_project_filter(client: Client, project: str, unique_name: str) -> None:
    with (
        client.events(event_types=["lifecycle"], project=project) as scoped,
        client.events(event_types=["lifecycle"], all_projects=True) as everywhere,
    ):
        client.profiles.create(unique_name)  # in the default project
        _find(everywhere, "profile-created", unique_name)
        with pytest.raises(ClientTimeout):
            _find(scoped, "profile-created", unique_name, limit=1)
    (client.profiles.get(unique_name)).delete()


def test_pylxd_form_with_received_message(client: Client, unique_name: str) -> None:
    class Catcher(EventListener):
        def received_message(self, message: object) -> None:
            super().received_message(message)  # type: ignore[arg-type]
            if unique_name in str(message.data):  # type: ignore[attr-defined]
                self.stop()

    listener = client.events(Catcher, [EventType.Lifecycle])
    listener.connect()
    client.profiles.create(unique_name)
    listener.run()
    assert any(unique_name in str(m["metadata"]) for m in listener.messages)
    listener.close()
    (client.profiles.get(unique_name)).delete()


def test_bad_event_types(client: Client) -> None:
    with pytest.raises(ValueError):
        client.events(event_types=["a,b"])
    with pytest.raises(TypeError):
        client.events(websocket_client=object)  # type: ignore[arg-type]
