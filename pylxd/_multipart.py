"""multipart/form-data in constant memory: headers for writing, an incremental reader.

Split images travel as two parts (``metadata`` and ``rootfs``) both ways.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass


def new_boundary() -> str:
    return f"pylxd-{uuid.uuid4().hex}"


def content_type(boundary: str) -> str:
    return f"multipart/form-data; boundary={boundary}"


def part_header(boundary: str, name: str, filename: str, first: bool) -> bytes:
    lead = b"" if first else b"\r\n"
    return (
        lead
        + (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
    )


def closing(boundary: str) -> bytes:
    return f"\r\n--{boundary}--\r\n".encode()


def boundary_of(content_type_value: str) -> str | None:
    """The boundary of a multipart Content-Type, or None when the body is not multipart."""
    if not content_type_value.lower().startswith("multipart/"):
        return None
    m = re.search(r'boundary="?([^";]+)"?', content_type_value)
    return m.group(1) if m else None


@dataclass(frozen=True)
class PartStart:
    name: str
    filename: str | None


@dataclass(frozen=True)
class PartData:
    data: bytes


class MultipartError(ValueError):
    """The body is not the multipart it claims to be."""


class Reader:
    """Feed the body chunk by chunk; get part starts and part data back, holding at most one
    chunk plus a boundary's length in memory."""

    def __init__(self, boundary: str) -> None:
        self._delimiter = b"\r\n--" + boundary.encode()
        self._buffer = b"\r\n"  # so the first boundary matches the same delimiter
        self._state = "preamble"  # preamble -> headers -> body -> ... -> done

    def feed(self, chunk: bytes) -> Iterator[PartStart | PartData]:
        self._buffer += chunk
        while True:
            if self._state == "done":
                self._buffer = b""
                return
            if self._state in ("preamble", "body"):
                at = self._buffer.find(self._delimiter)
                if at < 0:
                    keep = len(self._delimiter) + 4
                    if self._state == "body" and len(self._buffer) > keep:
                        out, self._buffer = self._buffer[:-keep], self._buffer[-keep:]
                        yield PartData(out)
                    return
                if self._state == "body" and at:
                    yield PartData(self._buffer[:at])
                rest = self._buffer[at + len(self._delimiter) :]
                if len(rest) < 2:
                    self._buffer = self._buffer[at:]
                    return
                if rest.startswith(b"--"):
                    self._state = "done"
                    continue
                self._buffer = rest
                self._state = "headers"
            if self._state == "headers":
                end = self._buffer.find(b"\r\n\r\n")
                if end < 0:
                    if len(self._buffer) > 16384:
                        raise MultipartError("part headers too long")
                    return
                headers = self._buffer[:end].decode("latin-1")
                self._buffer = self._buffer[end + 4 :]
                yield _part_start(headers)
                self._state = "body"

    def close(self) -> None:
        if self._state != "done":
            raise MultipartError("the multipart body ended before its closing boundary")


def _part_start(headers: str) -> PartStart:
    m = re.search(r'(?im)^content-disposition:.*?\bname="([^"]*)"', headers)
    if not m:
        raise MultipartError("a part has no name")
    f = re.search(r'(?im)^content-disposition:.*?\bfilename="([^"]*)"', headers)
    return PartStart(m.group(1), f.group(1) if f else None)
