"""Profiles (``/1.0/profiles``)."""

from __future__ import annotations

from typing import Any

from .. import _protocol
from .._model import Attribute
from .model import Manager, Model, scope


class Profile(Model):
    _endpoint = "profiles"

    config = Attribute[dict[str, Any]](writable=True)
    description = Attribute[str](writable=True)
    devices = Attribute[dict[str, dict[str, Any]]](writable=True)
    name = Attribute[str]()
    used_by = Attribute[list[str]]()
    project = Attribute[str]()

    async def rename(self, new_name: str, wait: bool = False) -> Profile:
        """Rename the profile; returns the renamed profile (this object follows it too)."""
        await self._rename(new_name, wait)
        return self


class ProfileManager(Manager[Profile]):
    model = Profile

    async def create(
        self,
        name: str,
        config: dict[str, Any] | None = None,
        devices: dict[str, Any] | None = None,
        description: str | None = None,
        wait: bool = False,
        *,
        project: str | None = None,
    ) -> Profile:
        """Create a profile; returns it without reading it back."""
        _protocol.check_name(name)
        body: dict[str, Any] = {"name": name}
        if config is not None:
            body["config"] = _protocol.config_to_wire(config)
        if devices is not None:
            body["devices"] = devices
        if description is not None:
            body["description"] = description
        reply = await self._client._request("POST", "/profiles", params=scope(project), json=body)
        await self._client._finish(reply, wait)
        profile = self._new(name=name)
        profile._project = project or self._client.project
        return profile
