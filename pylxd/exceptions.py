"""The exception tree of pylxd.

Every failure after a request is sent is a :class:`PylxdError`. Bad arguments that the client
refuses before sending anything raise the built-in ``ValueError`` or ``TypeError`` instead.
"""

from __future__ import annotations

from typing import Any


class PylxdError(Exception):
    """Root of every error pylxd raises once a request has been attempted."""


class LXDAPIException(PylxdError):
    """The server refused a request; ``str()`` is the server's message.

    ``response`` is the reply (an object with ``status_code``, ``json()``, ``headers``) or
    ``None`` when the client detected the condition itself.
    """

    def __init__(self, response: Any = None, message: str | None = None) -> None:
        self.response = response
        if message is None:
            message = _message_of(response)
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


def _message_of(response: Any) -> str:
    if response is None:
        return "Unknown error"
    try:
        body = response.json()
    except Exception:  # a reply that is not JSON: say what it was
        return f"HTTP {getattr(response, 'status_code', '?')} with a non-JSON body"
    if isinstance(body, dict):
        error = body.get("error") or body.get("err")
        if error:
            return str(error)
    return f"HTTP {getattr(response, 'status_code', '?')}"


class NotFound(LXDAPIException):
    """HTTP 404: the object does not exist."""


class Conflict(LXDAPIException):
    """HTTP 409: the object already exists or is in a conflicting state."""


class PreconditionFailed(LXDAPIException):
    """HTTP 412, or a save refused because the object changed on the server since it was read."""


class OperationFailed(LXDAPIException):
    """A background operation ended in failure; ``str()`` is the operation's ``err``.

    ``operation`` holds the operation's JSON as the server last reported it.
    """

    def __init__(
        self, response: Any = None, message: str | None = None, operation: Any = None
    ) -> None:
        self.operation = operation
        super().__init__(response, message)


class ClientConnectionFailed(PylxdError):
    """The server could not be reached or did not speak the LXD protocol."""


class ClientTimeout(ClientConnectionFailed):
    """A request, or a wait on an operation, ran past its time limit."""


class LXDAPIExtensionNotAvailable(PylxdError):
    """The server lacks an API extension that the call needs."""


class CommandFailed(PylxdError):
    """``execute(..., check=True)``: the command exited with a non-zero code."""

    def __init__(self, command: Any, exit_code: int, stdout: Any, stderr: Any) -> None:
        self.command = command
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr
        super().__init__(f"command {command!r} exited with code {exit_code}")


class CommandTimeout(ClientTimeout):
    """``execute(..., timeout=T)``: the command ran past T seconds and was signalled.

    ``stdout`` and ``stderr`` hold the output received until then.
    """

    def __init__(self, command: Any, timeout: float, stdout: Any, stderr: Any) -> None:
        self.command = command
        self.timeout = timeout
        self.stdout = stdout
        self.stderr = stderr
        super().__init__(f"command {command!r} still running after {timeout} s: it was killed")


__all__ = [
    "ClientConnectionFailed",
    "CommandFailed",
    "CommandTimeout",
    "ClientTimeout",
    "Conflict",
    "LXDAPIException",
    "LXDAPIExtensionNotAvailable",
    "NotFound",
    "OperationFailed",
    "PreconditionFailed",
    "PylxdError",
]
