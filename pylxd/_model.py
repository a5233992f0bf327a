"""The I/O-free half of every model: typed fields over the server's dict, dirty tracking and
the unknown-field warning. The faces add sync/save/delete on top (``_async/model.py``)."""

from __future__ import annotations

import copy
import os
import warnings
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, Generic, TypeVar, overload

from . import _protocol
from .exceptions import PylxdError

T = TypeVar("T")
M = TypeVar("M", bound="ModelCore")

_warned: set[tuple[str, str]] = set()


def warn_unknown(cls: type, field: str) -> None:
    """pylxd's unknown-attribute warning; ``PYLXD_WARNINGS`` is read at each call."""
    mode = os.environ.get("PYLXD_WARNINGS", "").lower()
    if mode == "none":
        return
    key = (cls.__qualname__, field)
    if mode != "always":
        if key in _warned:
            return
        _warned.add(key)
    warnings.warn(
        f'Attempted to set unknown attribute "{field}" on instance of "{cls.__name__}"',
        UserWarning,
        stacklevel=4,
    )


def not_loaded(obj: object, field: str) -> PylxdError:
    """The async face's answer to reading a field before the object was loaded."""
    return PylxdError(f"{obj!r}.{field} is not loaded yet: await obj.sync() first")


class Attribute(Generic[T]):
    """A declared field of a model: typed access to one key of the server's dict.

    ``writable`` fields are compared by ``dirty`` and sent by ``save()``. ``key``: the
    server's name for the field when it is not a Python name (``access-key``).
    """

    def __init__(self, *, writable: bool = False, key: str | None = None) -> None:
        self.writable = writable
        self.key = key
        self.name = ""  # the server's key

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = self.key or name

    @overload
    def __get__(self, obj: None, owner: type) -> Attribute[T]: ...
    @overload
    def __get__(self, obj: ModelCore, owner: type) -> T: ...
    def __get__(self, obj: ModelCore | None, owner: type) -> Attribute[T] | T:
        if obj is None:
            return self
        value: T = obj._field(self.name)
        return value

    def __set__(self, obj: ModelCore, value: T) -> None:
        obj._data[self.name] = value
        obj._own.add(self.name)  # the caller's object: not copied when read


class ModelCore:
    """A model wraps the server's dict; declared fields are typed, unknown ones kept too."""

    _fields: ClassVar[dict[str, Attribute[Any]]] = {}
    _writable: ClassVar[tuple[str, ...]] = ()
    # Server fields that are known but not attributes (``class`` is a keyword): no warning.
    _known: ClassVar[frozenset[str]] = frozenset()
    _quiet: ClassVar[bool] = False  # no unknown-field warnings at all
    _names: ClassVar[frozenset[str]] = frozenset()  # every field that draws no warning
    _editable: ClassVar[frozenset[str]] = frozenset()  # _writable, for lookups

    # The server's state (``_data``), the state edits are compared with (``_base``), the
    # editable fields whose value in ``_data`` is the object's own (see ``_field``), the ETag,
    # and whether the object was read from the server. Set straight into ``__dict__``:
    # ``__setattr__`` is a Python call, and a list makes thousands of these objects.
    _data: dict[str, Any]
    _base: dict[str, Any]
    _own: set[str]
    _etag: str | None
    _loaded: bool

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: dict[str, Attribute[Any]] = {}
        for klass in reversed(cls.__mro__):
            for value in vars(klass).values():
                if isinstance(value, Attribute):
                    fields[value.name] = value
        cls._fields = fields
        cls._writable = tuple(k for k, f in fields.items() if f.writable)
        cls._names = frozenset(fields) | cls._known
        cls._editable = frozenset(cls._writable)

    def __init__(self, **data: Any) -> None:
        # The caller's values are the object's own; the base is a copy.
        vars(self).update(
            _data=dict(data), _base=json_copy(data), _own=set(data), _etag=None, _loaded=False
        )

    # -- field access -----------------------------------------------------------------
    def _field(self, name: str) -> Any:
        if name not in self._data and not self._loaded:
            self._load_missing(name)
        if name in type(self)._editable and name not in self._own and name in self._data:
            # The first read of an editable field: its value may be shared with ``_base``
            # (``_apply``), and the caller may edit it in place, so it gets its own copy.
            self._own.add(name)
            self._data[name] = json_copy(self._data[name])
        return self._data.get(name)

    def _load_missing(self, name: str) -> None:
        """Called when a field is read before the object was loaded (the faces decide)."""

    def __getattr__(self, name: str) -> Any:
        # Only reached for names that are not declared: the server's unknown fields.
        if name.startswith("_"):
            raise AttributeError(name)
        data = self.__dict__.get("_data")
        if data is not None:
            if name not in data and not self.__dict__.get("_loaded", True):
                self._load_missing(name)
            if name in data:
                return data[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_") or name in type(self)._fields or name in self.__dict__:
            object.__setattr__(self, name, value)
        elif "_data" in self.__dict__ and name in self._data:
            self._data[name] = value
        else:
            object.__setattr__(self, name, value)

    # -- server state -----------------------------------------------------------------
    def _apply(
        self,
        payload: Mapping[str, Any],
        etag: str | None,
        *,
        keep_edits: bool,
        owned: bool = False,
    ) -> None:
        """Take the server's state; with ``keep_edits``, unsaved edits to writable fields stay.
        ``owned``: the payload was decoded for this object alone, so it is not copied."""
        cls = type(self)
        if not cls._quiet and not payload.keys() <= cls._names:
            for key in payload:
                if key not in cls._names:
                    warn_unknown(cls, key)
        edits = {k: self._data[k] for k in self._edited()} if keep_edits else {}
        data = dict(payload) if owned else json_copy(dict(payload))
        # The base shares every value: an editable one is copied when first read (``_field``),
        # so in-place edits never reach the base, and a list copies nothing that is not read.
        base = dict(data)
        data.update(edits)
        vars(self).update(_data=data, _base=base, _own=set(edits), _etag=etag, _loaded=True)

    def _edited(self) -> list[str]:
        return [
            k
            for k in type(self)._writable
            if k in self._data and _comparable(self._data[k]) != _comparable(self._base.get(k))
        ]

    @property
    def dirty(self) -> bool:
        """Whether writable fields differ from the last server state (in-place edits count)."""
        return bool(self._edited())

    def _changed_on_server(self, latest: Mapping[str, Any]) -> list[str]:
        """Writable fields (``volatile.*`` aside) that differ between ``latest`` and the state
        the edits were made on."""
        return [
            k
            for k in type(self)._writable
            if _protocol.without_volatile(_comparable(latest.get(k)))
            != _protocol.without_volatile(_comparable(self._base.get(k)))
        ]

    def _save_payload(self, latest: Mapping[str, Any] | None) -> dict[str, Any]:
        """The last payload with the edits applied, config in wire form, volatile keys taken
        from the server's latest state."""
        payload = copy.deepcopy(self._base)
        for key in type(self)._writable:
            if key in self._data:
                payload[key] = copy.deepcopy(self._data[key])
        if isinstance(payload.get("config"), Mapping):
            server = latest if latest is not None else self._base
            payload["config"] = _protocol.with_server_volatile(
                _protocol.config_to_wire(payload["config"]), server.get("config")
            )
        return payload

    def _saved(self, payload: Mapping[str, Any]) -> None:
        """Record a successful save: the sent state is now the server's; its ETag changed."""
        for key in type(self)._writable:
            if key in payload:
                self._data[key] = copy.deepcopy(payload[key])
                self._base[key] = copy.deepcopy(payload[key])
                self._own.add(key)
        self._etag = None

    # -- conveniences -----------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The whole payload as known locally, unknown fields included."""
        return copy.deepcopy(self._data)

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self.to_dict().items())

    def __repr__(self) -> str:
        ident = self._data.get("name") or self._data.get("fingerprint") or self._data.get("id")
        return f"<{type(self).__name__} {ident!r}>" if ident else f"<{type(self).__name__}>"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, ModelCore)
        return self._data == other._data

    __hash__ = None  # type: ignore[assignment]


def json_copy(value: Any) -> Any:
    """A deep copy of decoded JSON (dicts, lists, scalars): several times faster than
    ``copy.deepcopy``, which matters when listing hundreds of objects."""
    # Scalars, most of the values, are taken without a call each.
    if isinstance(value, dict):
        return {k: json_copy(v) if isinstance(v, (dict, list)) else v for k, v in value.items()}
    if isinstance(value, list):
        return [json_copy(v) if isinstance(v, (dict, list)) else v for v in value]
    return value


def _comparable(value: Any) -> Any:
    """Values as the server would store them, so ``True`` and ``"true"`` compare equal."""
    if isinstance(value, Mapping):
        return {k: _comparable(_protocol.config_value(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    return value


class AttributeDict:
    """A read-only view of a dict with attribute access (``instance.state().status``)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = dict(data)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_data"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self._data.items())

    def to_dict(self) -> dict[str, Any]:
        return copy.deepcopy(self._data)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._data!r})"
