# Generated: edit pylxd/_async/api.py and run scripts/unasync.py.
"""``client.api``: the raw REST tree, one step below the managers (pylxd's escape hatch)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .. import _protocol
from .._connection import TimeoutArg, timeouts
from .._errors import translated

if TYPE_CHECKING:
    from .client import Client
    from .transport import Response

# Attribute names that are hyphenated in URLs (pylxd converts exactly these).
_HYPHENATED = {"storage_pools": "storage-pools", "virtual_machines": "virtual-machines"}


class APIResponse:
    """A raw reply: ``status_code``, ``headers``, ``json()``, ``content``, ``text``, and
    ``iter_content(n)`` for streamed bodies."""

    def __init__(self, response: Response, client: Client) -> None:
        self._response = response
        self._client = client

    @property
    def status_code(self) -> int:
        return self._response.status_code

    @property
    def headers(self) -> _protocol.Headers:
        return self._response.headers

    @property
    def url(self) -> str:
        return self._response.url

    @property
    def content(self) -> bytes:
        return self._response.content

    @property
    def text(self) -> str:
        return self._response.text

    def json(self) -> Any:
        return _protocol.decode_json(self._response.content)

    def iter_content(self, chunk_size: int | None = 65536) -> Iterator[bytes]:
        """The body in chunks; the read timeout applies to each chunk."""
        with translated(f"reading {self._response.path}", self._client.endpoint):
            for chunk in self._response.iter_bytes(chunk_size):
                yield chunk

    def close(self) -> None:
        self._response.close()

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}]>"


class APINode:
    """One URL of the REST tree: ``client.api.instances["c1"].state.get()``."""

    def __init__(self, client: Client, path: str) -> None:
        self._client = client
        self._path = path

    def __getattr__(self, name: str) -> APINode:
        if name.startswith("_"):
            raise AttributeError(name)
        return APINode(self._client, f"{self._path}/{_HYPHENATED.get(name, name)}")

    def __getitem__(self, item: str) -> APINode:
        segment = _protocol.quote_segment(_protocol.check_name(item, "path segment"))
        return APINode(self._client, f"{self._path}/{segment}")

    def __repr__(self) -> str:
        return f"<APINode {self._path}>"

    def _call(
        self,
        method: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: TimeoutArg = None,
        stream: bool = False,
        target: str | None = None,
    ) -> APIResponse:
        params = dict(params or {})
        if target is not None:
            params["target"] = target
        response = self._client._send(
            method,
            self._path,
            params=params,
            json=json,
            content=data,
            headers=headers,
            timeouts=None if timeout is None else timeouts(timeout),
            stream=stream,
        )
        self._client._raise_for_status(response)
        return APIResponse(response, self._client)

    def get(self, **kwargs: Any) -> APIResponse:
        return self._call("GET", **kwargs)

    def head(self, **kwargs: Any) -> APIResponse:
        return self._call("HEAD", **kwargs)

    def post(self, **kwargs: Any) -> APIResponse:
        return self._call("POST", **kwargs)

    def put(self, **kwargs: Any) -> APIResponse:
        return self._call("PUT", **kwargs)

    def patch(self, **kwargs: Any) -> APIResponse:
        return self._call("PATCH", **kwargs)

    def delete(self, **kwargs: Any) -> APIResponse:
        return self._call("DELETE", **kwargs)
