"""The incremental multipart reader and the writer's framing, without I/O."""

from __future__ import annotations

import os

import pytest

from pylxd import _multipart as mp


def _body(boundary: str, parts: list[tuple[str, bytes]]) -> bytes:
    out = b""
    for i, (name, data) in enumerate(parts):
        out += mp.part_header(boundary, name, name + ".bin", first=i == 0) + data
    return out + mp.closing(boundary)


def _read(body: bytes, boundary: str, chunk: int) -> dict[str, bytes]:
    reader = mp.Reader(boundary)
    parts: dict[str, bytes] = {}
    current = None
    for i in range(0, len(body), chunk):
        for event in reader.feed(body[i : i + chunk]):
            if isinstance(event, mp.PartStart):
                current = event.name
                parts[current] = b""
            else:
                assert current is not None
                parts[current] += event.data
    reader.close()
    return parts


@pytest.mark.parametrize("chunk", [1, 7, 100, 65536])
def test_round_trip_in_any_chunking(chunk: int) -> None:
    boundary = mp.new_boundary()
    metadata, rootfs = os.urandom(5000), b"\r\n--" + os.urandom(3000) + b"\r\n"
    body = _body(boundary, [("metadata", metadata), ("rootfs", rootfs)])
    assert _read(body, boundary, chunk) == {"metadata": metadata, "rootfs": rootfs}


def test_boundary_of() -> None:
    assert mp.boundary_of('multipart/form-data; boundary="abc"') == "abc"
    assert mp.boundary_of("multipart/form-data; boundary=xyz") == "xyz"
    assert mp.boundary_of("application/octet-stream") is None


def test_truncated_body_is_an_error() -> None:
    boundary = mp.new_boundary()
    body = _body(boundary, [("metadata", b"abc")])[:-10]
    with pytest.raises(mp.MultipartError):
        _read(body, boundary, 16)
