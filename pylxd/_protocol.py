"""Pure protocol logic: reply envelopes, names in URLs, operations, config values.

Nothing here does I/O, so all of it is unit-tested without a server.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from .exceptions import (
    Conflict,
    LXDAPIException,
    NotFound,
    OperationFailed,
    PreconditionFailed,
)

API_PREFIX = "/1.0"

# Operation status codes (see PROTOCOL.md 2.1).
SUCCESS = 200
FAILURE = 400
CANCELLED = 401
FINAL_STATUS = 200  # every code from here up is a final state

_ERROR_CLASSES: dict[int, type[LXDAPIException]] = {
    404: NotFound,
    409: Conflict,
    412: PreconditionFailed,
}


class Headers(Mapping[str, str]):
    """A reply's headers, looked up without regard to case (``headers["etag"]``); a name
    sent more than once reads as its values joined with ", ", as HTTP allows."""

    def __init__(self, raw: Iterable[tuple[bytes, bytes]] = ()) -> None:
        self._items: dict[str, tuple[str, str]] = {}
        for key, value in raw:
            name, text = key.decode("latin-1"), value.decode("latin-1")
            lower = name.lower()
            if lower in self._items:  # the first spelling of the name is kept
                name, text = self._items[lower][0], f"{self._items[lower][1]}, {text}"
            self._items[lower] = (name, text)

    def __getitem__(self, key: str) -> str:
        return self._items[key.lower()][1]

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._items

    def __repr__(self) -> str:
        return f"Headers({dict(self.items())!r})"


def error_class(status_code: int) -> type[LXDAPIException]:
    return _ERROR_CLASSES.get(status_code, LXDAPIException)


def check_name(name: object, what: str = "name") -> str:
    """Refuse names that cannot be placed in a URL path safely; return the name."""
    if not isinstance(name, str):
        raise TypeError(f"{what} must be a str, not {type(name).__name__}")
    if not name:
        raise ValueError(f"{what} must not be empty")
    if name in (".", ".."):
        raise ValueError(f"{what} {name!r} is not a name: URLs would resolve it as a path")
    for bad in ("/", "?", "#", "\x00"):
        if bad in name:
            raise ValueError(f"{what} {name!r} must not contain {bad!r}")
    return name


def quote_segment(segment: str) -> str:
    """Percent-encode one URL path segment (a name the server will judge)."""
    return quote(segment, safe="")


def check_path(path: object, what: str = "path") -> str:
    """A file path inside an instance: a str without NUL."""
    if not isinstance(path, str):
        raise TypeError(f"{what} must be a str, not {type(path).__name__}")
    if "\x00" in path:
        raise ValueError(f"{what} {path!r} must not contain NUL")
    return path


def name_from_url(url: str) -> str:
    """The last path segment of an object URL, without its query (``/1.0/x/c1?project=p``)."""
    from urllib.parse import unquote

    return unquote(url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1])


@dataclass(frozen=True)
class Reply:
    """A decoded JSON envelope from the server."""

    type: str  # "sync" or "async"
    status_code: int  # HTTP status
    metadata: Any
    operation: str  # operation URL for async replies, else ""
    etag: str | None
    location: str | None

    @property
    def operation_id(self) -> str | None:
        return operation_id(self.operation) if self.operation else None


def decode_json(body: bytes) -> Any:
    return json.loads(body) if body else None


def parse_reply(
    status_code: int, headers: Mapping[str, str], body: Any, response: Any = None
) -> Reply:
    """Turn a decoded JSON body into a :class:`Reply`, or raise the typed error it carries.

    ``response`` is attached to the exception so callers can inspect the raw reply.
    """
    if not isinstance(body, dict):
        if status_code >= 400:
            raise error_class(status_code)(
                response, f"HTTP {status_code} with a reply that is not an LXD envelope"
            )
        raise LXDAPIException(response, f"HTTP {status_code}: reply is not an LXD envelope")
    kind = body.get("type")
    if kind == "error" or status_code >= 400:
        code = body.get("error_code") or status_code
        message = body.get("error") or f"HTTP {status_code}"
        raise error_class(int(code))(response, str(message))
    if kind not in ("sync", "async"):
        raise LXDAPIException(response, f"unexpected reply type {kind!r} (HTTP {status_code})")
    operation = body.get("operation") or ""
    if kind == "async" and not operation:
        metadata = body.get("metadata")
        if isinstance(metadata, dict) and metadata.get("id"):
            operation = f"{API_PREFIX}/operations/{metadata['id']}"
    return Reply(
        type=kind,
        status_code=status_code,
        metadata=body.get("metadata"),
        operation=operation,
        etag=headers.get("etag"),
        location=headers.get("location"),
    )


def parse_raw(
    status_code: int, headers: Mapping[str, str], body: bytes, response: Any = None
) -> Reply:
    """:func:`parse_reply` for undecoded bytes: a body that is not JSON is a typed error."""
    try:
        decoded = decode_json(body)
    except ValueError:
        decoded = None
    return parse_reply(status_code, headers, decoded, response)


def operation_id(operation: str) -> str:
    """The id from an operation URL or id (``/1.0/operations/<id>`` or ``<id>``)."""
    return name_from_url(operation)


def operation_outcome(op: Mapping[str, Any], response: Any = None) -> Mapping[str, Any]:
    """Return a finished operation, or raise ``OperationFailed`` if it failed.

    LXD reports a failed operation inside a 200 reply: the operation's own ``status_code`` and
    ``err`` decide.
    """
    code = int(op.get("status_code") or 0)
    err = op.get("err") or ""
    if code >= FINAL_STATUS and (code != SUCCESS or err):
        desc = op.get("description") or "operation"
        message = err or f"{desc} ended with status {op.get('status', code)}"
        raise OperationFailed(response, str(message), operation=dict(op))
    return op


def is_final(op: Mapping[str, Any]) -> bool:
    return int(op.get("status_code") or 0) >= FINAL_STATUS


def config_value(value: Any) -> Any:
    """Config values are strings on the wire: bools become "true"/"false", numbers digits."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


def config_to_wire(config: Mapping[str, Any] | None) -> dict[str, Any]:
    return {k: config_value(v) for k, v in (config or {}).items()}


def is_volatile(key: str) -> bool:
    return key.startswith("volatile.")


def with_server_volatile(
    config: Mapping[str, Any], server_config: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The user's config with every ``volatile.*`` key taken from the server's state.

    Those keys belong to the server (LXD refuses a PUT that drops its idmap keys).
    """
    out = {k: v for k, v in config.items() if not is_volatile(k)}
    out.update({k: v for k, v in (server_config or {}).items() if is_volatile(k)})
    return out


def without_volatile(value: Any) -> Any:
    """A writable field's value with ``volatile.*`` config keys dropped, for comparisons."""
    if isinstance(value, Mapping):
        return {k: v for k, v in value.items() if not is_volatile(str(k))}
    return value


def merge_params(params: Mapping[str, Any] | None, project: str | None) -> dict[str, Any]:
    """Query parameters with the client's project added unless the caller chose a scope."""
    out = dict(params or {})
    if project and "project" not in out and "all-projects" not in out:
        out["project"] = project
    return out


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def request_target(path: str, params: Mapping[str, Any] | None = None) -> str:
    """``path?query`` for the request line: the path keeps its percent-escapes (names are
    quoted where they are put in), anything else unsafe is escaped; a list value repeats
    its key; booleans are ``true``/``false``."""
    target = quote(path, safe="/%:@!$&'()*+,;=~")
    pairs = [
        (key, _query_value(item))
        for key, value in (params or {}).items()
        for item in (value if isinstance(value, (list, tuple)) else [value])
    ]
    return f"{target}?{urlencode(pairs, quote_via=quote)}" if pairs else target


def type_filter(instance_type: str | None) -> dict[str, str]:
    return {"filter": f"type eq {instance_type}"} if instance_type else {}


COPY_MODES = ("pull", "push", "relay")


def check_copy_mode(mode: object) -> str:
    """How an object travels between servers (PROTOCOL.md 2.9)."""
    if mode not in COPY_MODES:
        raise ValueError(f"mode must be one of {', '.join(COPY_MODES)}, not {mode!r}")
    return str(mode)
