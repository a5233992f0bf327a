"""Streaming bodies in and out: uploads from contents, paths, files or iterables, and
downloads into memory, a path (atomically) or a binary file, in constant memory."""

from __future__ import annotations

import contextlib
import io
import os
import pathlib
import stat
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from typing import IO, TYPE_CHECKING, Any

from .._errors import translated
from .._http import PIECE_SIZE, FileBody
from .._progress import Meter, ProgressCallback
from . import face

if TYPE_CHECKING:
    from .client import AsyncClient
    from .transport import Response

Dest = str | os.PathLike[str] | IO[bytes]


def size_of(data: Any) -> int | None:
    """The byte count of an upload when it can be known without reading it."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        return len(data)
    if isinstance(data, os.PathLike):  # a pipe or a device is read to its end instead
        info = os.stat(data)
        return info.st_size if stat.S_ISREG(info.st_mode) else None
    if _plain_file(data):
        try:
            info = os.fstat(data.fileno())
            return int(info.st_size - data.tell()) if stat.S_ISREG(info.st_mode) else None
        except (OSError, ValueError):  # a closed file, a pipe's tell()
            return None
    return None


def _plain_file(data: Any) -> bool:
    """A binary file object whose bytes are its descriptor's (``open(..., "rb")``, a temporary
    file), not a wrapper over one that decodes (``gzip.GzipFile`` has a ``fileno`` too)."""
    raw = getattr(data, "raw", data)
    return isinstance(data, (io.FileIO, io.BufferedReader, io.BufferedRandom)) and isinstance(
        raw, io.FileIO
    )


def length_header(size: int | None) -> dict[str, str]:
    """A Content-Length for a streamed body whose size is known: the server then reads a plain
    body instead of a chunked one (measurably faster on Incus)."""
    return {} if size is None else {"Content-Length": str(size)}


def check_upload(data: Any, what: str = "data") -> None:
    """Refuse, before sending, what cannot be uploaded."""
    if isinstance(data, (bytes, bytearray, memoryview, str, os.PathLike)):
        return
    if hasattr(data, "read") or hasattr(data, "__iter__") or hasattr(data, "__aiter__"):
        return
    raise TypeError(
        f"{what} must be bytes, str, a path, a binary file or an iterable of bytes, "
        f"not {type(data).__name__}"
    )


def binary_source(data: Any, what: str) -> Any:
    """An upload that can only be binary (an image, a backup): a ``str`` there names a file
    (pylxd would have sent the text itself, which no server accepts)."""
    if isinstance(data, str):
        if not os.path.isfile(data):
            raise ValueError(f"{what}: no such file {data!r} (bytes are sent as they are)")
        return pathlib.Path(data)
    check_upload(data, what)
    return data


def body(data: Any, meter: Meter) -> Any:
    """What a request sends for an upload whose size ``meter`` knows (``size_of``): a local
    file (a path, or a plain binary file) as a ``FileBody``, sent by the kernel (sendfile);
    anything else in chunks."""
    if meter.total is not None and (isinstance(data, os.PathLike) or _plain_file(data)):
        return FileBody(data, meter.total, meter)
    return chunks(data, meter)


async def chunks(data: Any, meter: Meter, encoding: str = "utf-8") -> AsyncIterator[bytes]:
    """The upload's bytes in chunks, counted by ``meter``."""
    meter.start()
    if isinstance(data, str):
        data = data.encode(encoding)
    if isinstance(data, (bytes, bytearray, memoryview)):
        view = memoryview(data)
        for start in range(0, len(view), PIECE_SIZE):
            piece = bytes(view[start : start + PIECE_SIZE])
            meter.add(len(piece))
            yield piece
    elif isinstance(data, os.PathLike):
        with open(data, "rb") as f:
            while piece := await face.run_blocking(f.read, PIECE_SIZE):
                meter.add(len(piece))
                yield piece
    elif hasattr(data, "read"):
        while piece := await face.run_blocking(data.read, PIECE_SIZE):
            meter.add(len(piece))
            yield piece
    elif hasattr(data, "__aiter__"):
        async for piece in data:
            meter.add(len(piece))
            yield bytes(piece)
    else:
        for piece in data:
            meter.add(len(piece))
            yield bytes(piece)


async def open_download(client: AsyncClient, path: str, params: Mapping[str, Any]) -> Response:
    """GET a raw body for streaming; a JSON error reply raises as usual."""
    response = await client._send("GET", path, params=params, stream=True)
    await client._raise_for_status(response)
    return response


def _length(response: Response) -> int | None:
    value = response.headers.get("content-length")
    return int(value) if value and value.isdigit() else None


class Sink:
    """Where a download goes: a path (written under a temporary name in the same folder and
    renamed by ``commit()``, removed by ``abort()``) or a binary file object."""

    def __init__(self, dest: Dest) -> None:
        self.target: str | None = None
        self._tmp: str | None = None
        if isinstance(dest, (str, os.PathLike)):
            self.target = os.path.abspath(os.fspath(dest))
            folder, name = os.path.split(self.target)
            # A new file with the usual permissions (umask), renamed over the target.
            self._tmp = os.path.join(folder, f".{name}.pylxd-{uuid.uuid4().hex[:12]}")
            self._file: IO[bytes] = open(self._tmp, "xb")  # noqa: SIM115 - closed by commit/abort
        else:
            self._file = dest

    def write(self, data: bytes | memoryview) -> None:
        self._file.write(data)

    def commit(self) -> None:
        if self._tmp is not None and self.target is not None:
            self._file.close()
            os.replace(self._tmp, self.target)
            self._tmp = None

    def abort(self) -> None:
        if self._tmp is not None:
            self._file.close()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._tmp)
            self._tmp = None


async def receive(
    client: AsyncClient,
    response: Response,
    dest: Dest | None,
    progress: ProgressCallback | None,
    stage: str = "download",
    digest: Any = None,
    check: Callable[[], None] | None = None,
) -> bytes | None:
    """Read a streamed reply into bytes (no ``dest``), a path or a binary file.

    A path is written under a temporary name in its folder and renamed once complete: a failed
    transfer leaves no partial file. ``digest`` (a hashlib object) sees every byte; ``check``
    runs once all is read, before a path is renamed into place (its error leaves no file).
    """
    meter = Meter(progress, _length(response), stage)
    meter.start()
    parts: list[bytes] = []
    sink = Sink(dest) if dest is not None else None

    def consume(piece: bytes | memoryview) -> None:  # a view, valid only during the call
        if digest is not None:
            digest.update(piece)
        if sink is None:
            parts.append(bytes(piece))
        else:
            sink.write(piece)

    try:
        with translated(f"reading {response.path}", client.endpoint):
            await response.apump(consume, meter.add)
        if check is not None:
            check()
        if sink is not None:
            sink.commit()
    except BaseException:
        if sink is not None:
            sink.abort()
        raise
    finally:
        await response.aclose()
    return b"".join(parts) if sink is None else None
