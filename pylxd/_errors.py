"""One place that turns transport-library errors into pylxd's exceptions."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

from .exceptions import ClientConnectionFailed, ClientTimeout

_LIBRARIES = ("websockets", "ssl")
_HTTPS_ON_HTTP = b"Client sent an HTTP request to an HTTPS server"


@contextmanager
def translated(what: str, endpoint: object) -> Iterator[None]:
    """Raise ``ClientTimeout``/``ClientConnectionFailed`` naming ``what`` and the endpoint
    instead of a websockets or TLS error, or a bare socket error: nothing from those reaches
    the user."""
    try:
        yield
    except TimeoutError as exc:
        raise ClientTimeout(f"{what} on {endpoint}: timed out ({_describe(exc)})") from None
    except (ConnectionError, socket.gaierror) as exc:
        # A refused, reset or unresolvable connection; other OSErrors (a local file's) pass.
        raise ClientConnectionFailed(f"{what} on {endpoint} failed: {_describe(exc)}") from None
    except Exception as exc:
        # The libraries are recognised by module rather than imported here: websockets is
        # imported only by the code that opens websockets.
        module = type(exc).__module__
        if not module.startswith(_LIBRARIES):
            raise
        if "Timeout" in type(exc).__name__:  # websockets' InvalidHandshake timeouts
            raise ClientTimeout(f"{what} on {endpoint}: timed out ({_describe(exc)})") from None
        response = getattr(exc, "response", None)
        if response is not None and hasattr(response, "status_code"):
            message = f"{what} on {endpoint}: refused with HTTP {response.status_code}"
        else:
            message = f"{what} on {endpoint} failed: {_describe(exc)}"
        raise ClientConnectionFailed(message) from None


def _describe(exc: BaseException) -> str:
    text = str(exc)
    cause = exc.__context__ or exc.__cause__
    if not text and cause is not None:
        text = str(cause)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def check_plain_http(status: int, body: bytes, endpoint: object) -> None:
    """An ``http://`` URL pointed at the HTTPS listener: say so rather than report a 400."""
    if status == 400 and body.startswith(_HTTPS_ON_HTTP):
        raise ClientConnectionFailed(
            f"{endpoint} is an HTTPS endpoint: use https:// (the server said: "
            f"{body.decode('utf-8', 'replace').strip()})"
        )
