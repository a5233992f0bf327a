# Generated: edit pylxd/_async/warnings.py and run scripts/unasync.py.
"""Server warnings (``/1.0/warnings``)."""

from __future__ import annotations

from .._model import Attribute
from .model import Manager, Model


class Warning(Model):  # noqa: A001 - the server's name for it
    _endpoint = "warnings"
    _key = "uuid"

    uuid = Attribute[str]()
    status = Attribute[str](writable=True)
    severity = Attribute[str]()
    type = Attribute[str]()
    count = Attribute[int]()
    project = Attribute[str]()
    location = Attribute[str]()
    first_seen_at = Attribute[str]()
    last_seen_at = Attribute[str]()
    last_message = Attribute[str]()
    entity_url = Attribute[str]()

    def acknowledge(self) -> None:
        """Mark the warning as seen (its ``status`` becomes ``acknowledged``)."""
        self.status = "acknowledged"
        self.save()


class WarningManager(Manager[Warning]):
    """``client.warnings``."""

    model = Warning

    @property
    def _collection(self) -> str:
        self._client.assert_has_api_extension("warnings")
        return "/warnings"
