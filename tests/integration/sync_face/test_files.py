# Generated: edit tests/integration/async_face/test_files.py and run scripts/unasync.py.
"""Files: contents and streams both ways, modes and owners, symlinks, append, stat, trees."""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import uuid
from pathlib import Path

import pytest

from pylxd import Client
from pylxd.models import Container
from pylxd.exceptions import NotFound


@pytest.fixture
def remote_dir() -> str:
    return f"/tmp/pylxd-{uuid.uuid4().hex[:8]}"


def test_put_and_get_contents(running: Container, remote_dir: str) -> None:
    running.files.mk_dir(remote_dir)
    running.files.put(f"{remote_dir}/a.txt", b"bytes")
    assert running.files.get(f"{remote_dir}/a.txt") == b"bytes"
    running.files.put(f"{remote_dir}/b.txt", "text é")
    assert running.files.get(f"{remote_dir}/b.txt") == "text é".encode()
    running.execute(["rm", "-r", remote_dir])


def test_modes_and_owners(running: Container, remote_dir: str) -> None:
    running.files.mk_dir(remote_dir, mode=0o750, uid=1000, gid=1001)
    running.files.put(f"{remote_dir}/f", b"x", mode=0o640, uid=1002, gid=1003)
    running.files.put(f"{remote_dir}/g", b"y", mode="0604")
    listing = (
        running.execute(["ls", "-lnd", remote_dir, f"{remote_dir}/f", f"{remote_dir}/g"])
    ).stdout.splitlines()
    assert listing[0].split()[0] == "drwxr-x---" and listing[0].split()[2:4] == ["1000", "1001"]
    assert listing[1].split()[0] == "-rw-r-----" and listing[1].split()[2:4] == ["1002", "1003"]
    assert listing[2].split()[0] == "-rw----r--"
    info = running.files.stat(f"{remote_dir}/f")
    assert (info.type, info.mode, info.uid, info.gid) == ("file", 0o640, 1002, 1003)
    assert (running.files.stat(remote_dir)).type == "directory"
    with pytest.raises(TypeError):
        running.files.put(f"{remote_dir}/h", b"z", mode=True)  # type: ignore[arg-type]
    running.execute(["rm", "-r", remote_dir])


def test_append_symlink_delete(running: Container, remote_dir: str) -> None:
    running.files.mk_dir(remote_dir)
    path = f"{remote_dir}/log"
    running.files.put(path, b"one\n")
    running.files.put(path, b"two\n", append=True)
    assert running.files.get(path) == b"one\ntwo\n"
    running.files.symlink(f"{remote_dir}/link", "log")
    assert (running.files.stat(f"{remote_dir}/link")).type == "symlink"
    assert (running.execute(["readlink", f"{remote_dir}/link"])).stdout == "log\n"
    assert running.files.delete_available()
    running.files.delete(path)
    with pytest.raises(NotFound):
        running.files.get(path)
    running.execute(["rm", "-r", remote_dir])


def test_streams_in_constant_memory(
    running: Container, remote_dir: str, tmp_path: Path
) -> None:
    data = os.urandom(3 << 20)
    src = tmp_path / "src.bin"
    src.write_bytes(data)
    running.files.mk_dir(remote_dir)
    reports: list[tuple[int, int | None, str]] = []
    running.files.put(
        f"{remote_dir}/big", src, progress=lambda p: reports.append((p.done, p.total, p.stage))
    )
    assert reports[-1] == (len(data), len(data), "upload")
    dest = tmp_path / "dest.bin"
    running.files.get(f"{remote_dir}/big", dest=dest)
    assert dest.read_bytes() == data
    buffer = io.BytesIO()
    running.files.get(f"{remote_dir}/big", dest=buffer)
    assert hashlib.sha256(buffer.getvalue()).digest() == hashlib.sha256(data).digest()
    with open(src, "rb") as f:
        running.files.put(f"{remote_dir}/fromfile", f)
        assert f.tell() == len(data)  # sent with sendfile, yet read as a read would
        f.seek(len(data) - 1000)
        running.files.put(f"{remote_dir}/tail", f)  # from where the file is
    assert running.files.get(f"{remote_dir}/tail") == data[-1000:]
    running.files.put(f"{remote_dir}/fromiter", (bytes([i]) * 10 for i in range(3)))
    assert running.files.get(f"{remote_dir}/fromiter") == b"\0" * 10 + b"\1" * 10 + b"\2" * 10
    sums = running.execute(["md5sum", f"{remote_dir}/big", f"{remote_dir}/fromfile"])
    first, second = (line.split()[0] for line in sums.stdout.splitlines())
    assert first == second == hashlib.md5(data).hexdigest()
    running.execute(["rm", "-r", remote_dir])


def test_put_from_a_decoding_file_object(
    running: Container, remote_dir: str, tmp_path: Path
) -> None:
    """A gzip file object has its compressed file's descriptor: what is sent is what it
    reads (decompressed, in chunks), not that file's bytes."""
    data = os.urandom(300_000)
    packed = tmp_path / "data.gz"
    with gzip.open(packed, "wb") as out:
        out.write(data)
    running.files.mk_dir(remote_dir)
    with gzip.open(packed, "rb") as f:
        running.files.put(f"{remote_dir}/unpacked", f)
    assert running.files.get(f"{remote_dir}/unpacked") == data
    running.execute(["rm", "-r", remote_dir])


def test_failed_download_leaves_no_file(running: Container, tmp_path: Path) -> None:
    dest = tmp_path / "never.bin"
    with pytest.raises(NotFound):
        running.files.get("/no/such/file", dest=dest)
    assert list(tmp_path.iterdir()) == []


def test_bad_paths(running: Container) -> None:
    with pytest.raises(ValueError, match="NUL"):
        running.files.get("/etc/\x00passwd")
    with pytest.raises(TypeError):
        running.files.put("/tmp/x", 12)


def test_recursive_put_and_get(running: Container, remote_dir: str, tmp_path: Path) -> None:
    src = tmp_path / "tree"
    (src / "a" / "b").mkdir(parents=True)
    (src / "top.txt").write_bytes(b"top")
    (src / "a" / "mid.sh").write_bytes(b"#!/bin/sh\n")
    (src / "a" / "mid.sh").chmod(0o755)
    (src / "a" / "b" / "deep.bin").write_bytes(os.urandom(100_000))
    (src / "a" / "b").chmod(0o700)
    seen: list[object] = []
    running.files.recursive_put(src, remote_dir, progress=seen.append)
    assert seen  # each file's upload reported
    listing = (running.execute(["find", remote_dir, "-type", "f"])).stdout.split()
    assert sorted(p[len(remote_dir) :] for p in listing) == [
        "/a/b/deep.bin",
        "/a/mid.sh",
        "/top.txt",
    ]
    out = tmp_path / "back"
    got: list[object] = []
    running.files.recursive_get(remote_dir, out, progress=got.append)
    assert got
    assert (out / "top.txt").read_bytes() == b"top"
    assert (out / "a" / "b" / "deep.bin").read_bytes() == (
        src / "a" / "b" / "deep.bin"
    ).read_bytes()
    assert (out / "a" / "mid.sh").stat().st_mode & 0o777 == 0o755
    assert (out / "a" / "b").stat().st_mode & 0o777 == 0o700
    running.execute(["rm", "-r", remote_dir])
    # pylxd's mode=True (keep the local modes) is the default here.
    running.files.recursive_put(src, remote_dir, mode=True)
    stat = running.execute(["stat", "-c", "%a", f"{remote_dir}/a/mid.sh"])
    assert stat.stdout.strip() == "755"
    running.execute(["rm", "-r", remote_dir])


def test_logs_and_console(client: Client, container: Container) -> None:
    container.start(wait=True)
    names = container.logs.all()
    assert names
    first = container.logs.get(names[0])
    assert isinstance(first, bytes)
    with container.console(width=100, height=30) as session:
        session.resize(120, 40)
    # LXD 5.0 reads the console log of a stopped container only ("open : no such file" while
    # running, with the CLI too); Incus reads both.
    container.stop(wait=True)
    log = container.console_log()
    assert isinstance(log, str)
    container.clear_console_log()
