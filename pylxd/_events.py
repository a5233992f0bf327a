"""Event types and event objects (pure)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class EventType(Enum):
    """The event types pylxd names; any type string the server knows is accepted too."""

    All = "all"
    Operation = "operation"
    Logging = "logging"
    Lifecycle = "lifecycle"


@dataclass(frozen=True)
class Event:
    """One message from ``/1.0/events``."""

    type: str
    timestamp: str
    metadata: Any
    project: str | None = None
    location: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def parse(cls, data: str | bytes) -> Event:
        body = json.loads(data)
        if not isinstance(body, dict):
            raise ValueError("an event must be a JSON object")
        return cls(
            type=str(body.get("type", "")),
            timestamp=str(body.get("timestamp", "")),
            metadata=body.get("metadata"),
            project=body.get("project"),
            location=body.get("location"),
            raw=body,
        )


def type_names(event_types: Iterable[EventType | str] | None) -> list[str]:
    """The server's names for the requested types; empty means all."""
    if event_types is None:
        return []
    if isinstance(event_types, (str, EventType)):
        event_types = [event_types]
    names = []
    for t in event_types:
        name = t.value if isinstance(t, EventType) else t
        if not isinstance(name, str) or not name or "," in name:
            raise ValueError(f"event type {t!r} is not a type name")
        names.append(name)
    return [] if "all" in names else names


@dataclass(frozen=True)
class Message:
    """pylxd's message shape for ``received_message``: the raw text in ``data``."""

    data: str
