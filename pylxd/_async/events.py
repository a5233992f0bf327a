"""The event stream (``/1.0/events``): iterate, or use pylxd's connect/run/received_message."""

from __future__ import annotations

from collections.abc import Iterable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from .. import _protocol
from .._errors import translated
from .._events import Event, EventType, Message, type_names
from ..exceptions import ClientTimeout, PylxdError
from . import face

if TYPE_CHECKING:
    from .client import AsyncClient


class EventListener:
    """An event stream: iterable over :class:`Event` objects, closable, a context manager.

    pylxd's form works too: ``connect()``, then ``run()`` calls ``received_message(message)``
    for each message (by default appending the decoded JSON to ``messages``) until closed.
    Subclass it and override ``received_message`` to act on events.
    """

    def __init__(
        self,
        client: AsyncClient,
        event_types: Iterable[EventType | str] | None = None,
        *,
        project: str | None = None,
        all_projects: bool = False,
    ) -> None:
        self.client = client
        self.types = type_names(event_types)
        self.project = project
        self.all_projects = all_projects
        self.messages: list[Any] = []
        self._ws: ClientConnection | None = None
        self._stopping = False

    def _params(self) -> dict[str, Any]:
        params: dict[str, Any] = {}
        if self.types:
            params["type"] = ",".join(self.types)
        if self.all_projects:
            params["all-projects"] = "true"
        elif self.project:
            params["project"] = _protocol.check_name(self.project, "project")
        return _protocol.merge_params(params, self.client.project)

    async def connect(self) -> None:
        """Open the event websocket (done on first use otherwise)."""
        if self._ws is None:
            if self.client._host_info is None:
                await self.client.connect()
            path = f"/{self.client.version}/events"
            self._ws = await self.client._transport.websocket(
                path, self._params(), self.client.timeouts
            )

    async def close(self) -> None:
        """Close the event websocket; iteration then ends."""
        if self._ws is not None:
            await self._ws.close()

    async def _next_text(self, timeout: float | None = None) -> str | None:
        """The next message, or None once the stream has ended."""
        await self.connect()
        assert self._ws is not None
        try:
            with translated("reading events", self.client.endpoint):
                message = await face.recv(self._ws, timeout)
        except ConnectionClosed:
            return None
        except TimeoutError:
            raise ClientTimeout(
                f"no event from {self.client.endpoint} within {timeout} s"
            ) from None
        return message.decode() if isinstance(message, bytes) else message

    async def next(self, timeout: float | None = None) -> Event:
        """The next event; ``ClientTimeout`` if none came within ``timeout`` seconds,
        ``PylxdError`` if the stream has ended."""
        text = await self._next_text(timeout)
        if text is None:
            raise PylxdError(f"the event stream from {self.client.endpoint} has ended")
        return Event.parse(text)

    async def __anext__(self) -> Event:
        text = await self._next_text()
        if text is None:
            raise StopAsyncIteration
        return Event.parse(text)

    def __aiter__(self) -> EventListener:
        return self

    async def run(self) -> None:
        """pylxd's loop: hand every message to ``received_message`` until the stream ends or
        ``stop()`` is called (from ``received_message``, say)."""
        self._stopping = False
        while not self._stopping and (text := await self._next_text()) is not None:
            self.received_message(Message(text))

    def stop(self) -> None:
        """Make ``run()`` return after the message being handled."""
        self._stopping = True

    def received_message(self, message: Message) -> None:
        """Called by ``run()`` for each message; by default appends the decoded JSON to
        ``messages``. Override it in a subclass to act on events."""
        import json

        self.messages.append(json.loads(message.data))

    async def __aenter__(self) -> EventListener:
        await self.connect()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
