# Generated: edit pylxd/_async/model.py and run scripts/unasync.py.
"""The I/O half of models and managers, shared by every REST area."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from .. import _model, _protocol
from ..exceptions import NotFound, PreconditionFailed

if TYPE_CHECKING:
    from .api import APINode
    from .client import Client

M = TypeVar("M", bound="Model")


class Model(_model.ModelCore):
    """A server object: ``sync()``, ``rollback()``, ``save()``, ``delete()``, ``dirty``."""

    _endpoint: ClassVar[str] = ""  # the collection under /1.0, e.g. "instances"
    _key: ClassVar[str] = "name"  # the field that names the object in its URL

    client: Client
    _project: str | None  # the project it was read from, when asked per call

    def __init__(self, client: Client, **data: Any) -> None:
        super().__init__(**data)
        vars(self).update(client=client, _project=None)  # as ModelCore's: not __setattr__

    # -- addressing ---------------------------------------------------------------------
    @property
    def _ident(self) -> str:
        return str(self._data[type(self)._key])

    @property
    def _path(self) -> str:
        return f"/{type(self)._endpoint}/{_protocol.quote_segment(self._ident)}"

    @property
    def _params(self) -> dict[str, Any]:
        """The object's own project, when the server told us which it is."""
        project = self._data.get("project") or self._project
        return {"project": project} if project else {}

    @property
    def api(self) -> APINode:
        """This object's node in the raw REST tree."""
        return getattr(self.client.api, type(self)._endpoint)[self._ident]  # type: ignore[no-any-return]

    def _load_missing(self, name: str) -> None:
        self.sync()

    # -- lifecycle ----------------------------------------------------------------------
    def _fetch(self) -> _protocol.Reply:
        return self.client._request("GET", self._path, params=self._params)

    def sync(self, rollback: bool = False) -> None:
        """Re-read the object from the server; unsaved edits stay unless ``rollback``."""
        reply = self._fetch()
        self._apply(reply.metadata, reply.etag, keep_edits=not rollback, owned=True)

    def rollback(self) -> None:
        """Re-read the object from the server and drop unsaved edits."""
        self.sync(rollback=True)

    def save(self, wait: bool = False) -> None:
        """Send the edits (nothing when clean) with ``If-Match``.

        An object read without an ETag (listed, or after a waited action) fetches one first and
        raises ``PreconditionFailed`` if the server's writable fields changed meanwhile; one
        never read (as ``create()`` returns it) applies its edits to the server's current state.
        A refused save leaves the edits in place.
        """
        if not self.dirty:
            return
        etag, latest = self._etag, None
        if etag is None and not self._loaded:
            # Never read (as ``create()`` returns it): the edits were made on nothing in
            # particular, so they go on top of the server's current state.
            reply = self._fetch()
            self._apply(reply.metadata, reply.etag, keep_edits=True)
            latest, etag = reply.metadata, reply.etag
        elif etag is None:
            reply = self._fetch()
            latest, etag = reply.metadata, reply.etag
            changed = self._changed_on_server(latest)
            if changed:
                raise PreconditionFailed(
                    None,
                    f"{self!r} changed on the server since it was read "
                    f"({', '.join(changed)}); sync() or rollback() and edit again",
                )
        payload = self._save_payload(latest)
        headers = {"If-Match": etag} if etag else None
        reply = self.client._request(
            "PUT", self._path, params=self._params, json=payload, headers=headers
        )
        self.client._finish(reply, wait)
        self._saved(payload)

    def _rename(self, new_name: str, wait: bool = True) -> None:
        """POST the new name (under the object's key) and follow it here."""
        key = type(self)._key
        _protocol.check_name(new_name, key)
        reply = self.client._request(
            "POST", self._path, params=self._params, json={key: new_name}
        )
        self.client._finish(reply, wait)
        self._data[key] = self._base[key] = new_name

    def delete(self, wait: bool = False) -> None:
        """Delete the object on the server (``wait``: until the operation ends, if any)."""
        reply = self.client._request("DELETE", self._path, params=self._params)
        self.client._finish(reply, wait)

    def __eq__(self, other: object) -> bool:
        # Same collection, same name, same project (a Container equals the Instance it is).
        if not isinstance(other, Model) or other._endpoint != self._endpoint:
            return NotImplemented
        key = type(self)._key
        return (self._data.get(key), self._data.get("project")) == (
            other._data.get(key),
            other._data.get("project"),
        )

    __hash__ = None


class Manager(Generic[M]):
    """``all``, ``get`` and ``exists`` for one collection; subclasses add ``create``.

    A collection under an object (an instance's snapshots, say) overrides ``_collection``,
    ``_scope`` and ``_make`` so its objects know their parent.
    """

    model: type[M]

    def __init__(self, client: Client) -> None:
        self._client = client

    @property
    def _collection(self) -> str:
        return f"/{self.model._endpoint}"

    @property
    def _scope(self) -> dict[str, Any]:
        """Query parameters every request of this collection carries (a parent's project)."""
        return {}

    def _make(self, **data: Any) -> M:
        return self.model(self._client, **data)

    def _wrap(
        self, payload: dict[str, Any], etag: str | None = None, project: str | None = None
    ) -> M:
        obj = self._make()
        obj._project = project
        obj._apply(payload, etag, keep_edits=False, owned=True)  # decoded for it alone
        return obj

    def _new(self, **data: Any) -> M:
        """An object known only by name: it loads on first access (sync) or ``sync()``."""
        return self._make(**data)

    def _list(self, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        reply = self._client._request(
            "GET", self._collection, params={"recursion": 1, **self._scope, **(params or {})}
        )
        return [item for item in reply.metadata or [] if isinstance(item, dict)]

    def all(self, *, project: str | None = None, all_projects: bool = False) -> list[M]:
        """Every object of the collection, in one request; ``project`` overrides the client's,
        ``all_projects=True`` lists every project's."""
        items = self._list(scope(project, all_projects))
        return [self._wrap(item, project=project) for item in items]

    def get(self, name: str, *, project: str | None = None) -> M:
        """The object called ``name``; ``NotFound`` if there is none. ``project`` overrides the
        client's project."""
        key = _protocol.check_name(name, self.model._key)
        reply = self._client._request(
            "GET",
            f"{self._collection}/{_protocol.quote_segment(key)}",
            params={**self._scope, **scope(project)},
        )
        return self._wrap(reply.metadata, reply.etag, project)

    def exists(self, name: str, *, project: str | None = None) -> bool:
        """Whether an object called ``name`` exists."""
        try:
            self.get(name, project=project)
        except NotFound:
            return False
        return True


class ChildManager(Manager[M]):
    """A collection under another object (an instance's snapshots, a pool's volumes): its
    objects know their parent (``_parent_attr``) and share its project."""

    _segment: ClassVar[str] = ""  # the collection's path below the parent's
    _parent_attr: ClassVar[str] = ""  # the attribute that names the parent on each object

    def __init__(self, parent: Model) -> None:
        super().__init__(parent.client)
        self._parent = parent

    @property
    def _collection(self) -> str:
        return f"{self._parent._path}/{self._segment}"

    @property
    def _scope(self) -> dict[str, Any]:
        return self._parent._params

    def _make(self, **data: Any) -> M:
        obj = self.model(self._client, **data)
        setattr(obj, self._parent_attr, self._parent)
        return obj


def scope(project: str | None = None, all_projects: bool = False) -> dict[str, Any]:
    """Query parameters for a per-call project choice (they override the client's)."""
    if all_projects:
        return {"all-projects": "true"}
    return {"project": _protocol.check_name(project, "project")} if project else {}
