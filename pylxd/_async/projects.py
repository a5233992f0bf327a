"""Projects (``/1.0/projects``)."""

from __future__ import annotations

from typing import Any

from .. import _protocol
from .._model import Attribute, AttributeDict
from .model import Manager, Model


class Project(Model):
    _endpoint = "projects"

    name = Attribute[str]()
    description = Attribute[str](writable=True)
    config = Attribute[dict[str, Any]](writable=True)
    used_by = Attribute[list[str]]()

    @property
    def _params(self) -> dict[str, Any]:
        return {}  # a project is not inside a project

    async def rename(self, new_name: str, wait: bool = True) -> Project:
        await self._rename(new_name, wait)
        return self

    async def state(self) -> AttributeDict:
        """Resource usage and limits (``project_usage``)."""
        self.client.assert_has_api_extension("project_usage")
        reply = await self.client._request("GET", f"{self._path}/state")
        return AttributeDict(reply.metadata or {})


class ProjectManager(Manager[Project]):
    model = Project

    async def create(
        self, name: str, description: str | None = None, config: dict[str, Any] | None = None
    ) -> Project:
        """Create a project; returns it without reading it back."""
        _protocol.check_name(name)
        body: dict[str, Any] = {"name": name, "config": _protocol.config_to_wire(config)}
        if description is not None:
            body["description"] = description
        await self._client._request("POST", "/projects", json=body)
        return self._new(name=name)
