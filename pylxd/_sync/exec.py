# Generated: edit pylxd/_async/exec.py and run scripts/unasync.py.
"""Running commands in instances over websockets: collected, streamed, or interactive."""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

from websockets.sync.client import ClientConnection
from websockets.exceptions import ConnectionClosed, ConnectionClosedOK

from .. import _exec, _protocol
from .._errors import translated
from .._progress import Meter
from ..exceptions import (
    ClientConnectionFailed,
    ClientTimeout,
    CommandFailed,
    CommandTimeout,
    LXDAPIException,
)
from . import face, streams
from .operations import wait_for_operation

if TYPE_CHECKING:
    from .client import Client


def _start(
    client: Client, path: str, params: Mapping[str, Any], body: Any
) -> tuple[str, dict[str, str]]:
    """POST an exec/console request; return the operation id and its websocket secrets."""
    reply = client._request("POST", path, params=params, json=body)
    op = reply.metadata or {}
    fds = (op.get("metadata") or {}).get("fds")
    if not reply.operation_id or not isinstance(fds, dict):
        raise LXDAPIException(None, f"POST {path}: the server gave no websockets to attach to")
    return reply.operation_id, fds


def _connect(
    client: Client,
    op_id: str,
    fds: Mapping[str, str],
    names: tuple[str, ...],
    outputs: tuple[str, ...] = (),
) -> tuple[dict[str, ClientConnection], dict[str, face.OutputReader]]:
    """Attach to the operation's websockets (the command starts once all are attached):
    ``names`` both ways, ``outputs`` only read."""
    path = f"/{client.version}/operations/{_protocol.quote_segment(op_id)}/websocket"
    sockets: dict[str, ClientConnection] = {}
    readers: dict[str, face.OutputReader] = {}
    try:
        for name in names + outputs:
            params = _protocol.merge_params({"secret": fds[name]}, client.project)
            if name in outputs:
                readers[name] = client._transport.output_websocket(
                    path, params, client.timeouts
                )
            else:
                sockets[name] = client._transport.websocket(path, params, client.timeouts)
    except BaseException:
        _close_all(sockets, readers)
        raise
    return sockets, readers


def _close(ws: ClientConnection | face.OutputReader) -> None:
    with contextlib.suppress(ConnectionClosed, OSError):
        ws.close()


def _close_all(
    sockets: dict[str, ClientConnection], readers: dict[str, face.OutputReader]
) -> None:
    for ws in sockets.values():  # in the order attached
        _close(ws)
    for reader in readers.values():
        _close(reader)


def _call(handler: Callable[[Any], Any], value: Any) -> None:
    result = handler(value)
    if inspect.isawaitable(result):  # the async face also takes coroutine handlers
        pass


def _read_output(ws: face.OutputReader, out: _exec.Output) -> None:
    """Read one output stream until the server closes it."""
    try:
        for message in ws:
            if not message:
                break  # an empty message marks the end of the stream
            data = message.encode() if isinstance(message, str) else message
            if out.handler is None:
                out.collect(data)
            elif data:
                _call(out.handler, out.convert(data))
    except ConnectionClosedOK:
        pass
    except ConnectionClosed as exc:  # cut off: the output may be incomplete
        out.broken = f"{type(exc).__name__}: {exc}"
    if out.handler is not None and out.decode:
        tail = out.convert(b"", final=True)
        if tail:
            _call(out.handler, tail)


def _write_stdin(ws: ClientConnection, payload: Any, encoding: str) -> None:
    try:
        if payload is not None:
            for chunk in streams.chunks(payload, Meter(None, None, "stdin"), encoding):
                if chunk:
                    ws.send(chunk)
        ws.send("")  # an empty text message is EOF
    except ConnectionClosed:
        pass  # the command ended without reading all of its input


def execute(
    client: Client,
    instance_path: str,
    params: Mapping[str, Any],
    commands: Any,
    environment: Mapping[str, str] | None,
    encoding: str | None,
    decode: bool,
    stdin_payload: Any,
    stdin_encoding: str,
    stdout_handler: Callable[[Any], Any] | None,
    stderr_handler: Callable[[Any], Any] | None,
    user: int | None,
    group: int | None,
    cwd: str | None,
    timeout: float | None,
    check: bool,
) -> _exec.ExecuteResult:
    body = _exec.exec_body(commands, environment, user, group, cwd, interactive=False)
    if stdin_payload is not None:
        streams.check_upload(stdin_payload, "stdin_payload")
    op_id, fds = _start(client, f"{instance_path}/exec", params, body)
    sockets, readers = _connect(client, op_id, fds, ("control", "0"), ("1", "2"))
    out = _exec.Output(stdout_handler, decode, encoding)
    err = _exec.Output(stderr_handler, decode, encoding)
    tasks = [
        face.start(_write_stdin, sockets["0"], stdin_payload, stdin_encoding),
        face.start(_read_output, readers["1"], out),
        face.start(_read_output, readers["2"], err),
    ]
    timed_out = False
    try:
        try:
            op = wait_for_operation(client, op_id, timeout)
        except ClientTimeout:
            timed_out = True
            op = _terminate(client, op_id, sockets["control"])
        for task, stream in zip(tasks[1:], (out, err), strict=True):
            try:
                task.join(_exec.DRAIN_GRACE)
            except TimeoutError:
                task.cancel()
                stream.broken = f"not closed {_exec.DRAIN_GRACE} s after the command ended"
    finally:
        _close_all(sockets, readers)
        for task in tasks:
            task.cancel()
    if timed_out:
        raise CommandTimeout(body["command"], timeout or 0, out.value(), err.value())
    for name, stream in (("stdout", out), ("stderr", err)):
        if stream.broken:
            raise ClientConnectionFailed(
                f"command {body['command']!r}: its {name} stream broke off ({stream.broken}); "
                "the output may be incomplete"
            )
    exit_code = int((op.get("metadata") or {}).get("return", -1))
    result = _exec.ExecuteResult(exit_code, out.value(), err.value())
    if check and exit_code != 0:
        raise CommandFailed(body["command"], exit_code, result.stdout, result.stderr)
    return result


def _terminate(client: Client, op_id: str, control: ClientConnection) -> dict[str, Any]:
    """SIGTERM, then SIGKILL after a grace period; return the ended operation."""
    for signum in (_exec.SIGTERM, _exec.SIGKILL):
        try:
            control.send(_exec.signal_message(signum))
        except ConnectionClosed:
            break
        try:
            return wait_for_operation(client, op_id, _exec.TERM_GRACE)
        except ClientTimeout:
            continue
    return wait_for_operation(client, op_id, _exec.TERM_GRACE)


class InteractiveSession:
    """A command attached to a PTY (or an instance's console): write, read, resize, signal,
    wait for the exit code, close. Closing ends the command."""

    def __init__(
        self, client: Client, op_id: str, sockets: dict[str, ClientConnection]
    ) -> None:
        self._client = client
        self.operation_id = op_id
        self._io = sockets["0"]
        self._control = sockets["control"]
        self._sockets = sockets
        self._eof = False
        # Output is read as it comes, whether or not the caller reads it yet: the server only
        # ends the operation once its end-of-output message has been taken.
        self._output = face.Queue()
        self._reader = face.start(self._pump)

    def _pump(self) -> None:
        try:
            for message in self._io:
                if not message:
                    break  # the server's end-of-output marker
                self._output.put(message.encode() if isinstance(message, str) else message)
        except ConnectionClosed:
            pass
        finally:
            self._output.put(b"")
            _close(self._io)

    def write(self, data: bytes | str) -> None:
        """Send input to the command (``str`` is UTF-8 encoded)."""
        with translated("writing to the session", self._client.endpoint):
            self._io.send(data.encode() if isinstance(data, str) else bytes(data))

    def read(self, timeout: float | None = None) -> bytes:
        """The next chunk of output; ``b""`` once the session has ended; ``ClientTimeout`` if
        nothing came within ``timeout`` seconds."""
        if self._eof:
            return b""
        try:
            data: bytes = self._output.get(timeout)
        except TimeoutError:
            raise ClientTimeout(f"no output from the session within {timeout} s") from None
        self._eof = not data
        return data

    def resize(self, width: int, height: int) -> None:
        """Tell the command its terminal's new size."""
        self._control.send(_exec.resize_message(width, height))

    def signal(self, signum: int) -> None:
        """Send a signal (a number, e.g. ``signal.SIGINT``) to the command."""
        self._control.send(_exec.signal_message(signum))

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the command to end; its exit code."""
        op = wait_for_operation(self._client, self.operation_id, timeout)
        return int((op.get("metadata") or {}).get("return", -1))

    def close(self) -> None:
        """End the session (closing the control socket ends the command)."""
        for ws in self._sockets.values():
            _close(ws)
        self._reader.cancel()

    def __enter__(self) -> InteractiveSession:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_session(
    client: Client, path: str, params: Mapping[str, Any], body: Any
) -> InteractiveSession:
    op_id, fds = _start(client, path, params, body)
    sockets, _ = _connect(client, op_id, fds, ("control", "0"))
    return InteractiveSession(client, op_id, sockets)
