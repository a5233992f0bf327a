"""The scenario table, the implementations, and the set-up the children of a scenario share.

Adding a scenario: one ``Scenario`` below (with its set-up, if it needs one) and one function
per implementation in impl_floor.py, impl_ours.py and impl_pylxd.py, registered in their
tables under the scenario's ``func`` name. An implementation without the function is skipped.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from floor import Floor

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
MiB = 1 << 20

# A target: (what, operator, bound[, implementation]); ``what`` is "requests", "rss" (MB),
# the ratio to "floor" or "pylxd" (value / their value, in the scenario's unit) or "cpu" (the
# client's CPU time per timed step / the floor's). It applies to both of this project's faces,
# or only to the implementation named.
Target = tuple[Any, ...]


@dataclass(frozen=True)
class Impl:
    name: str
    python: str
    module: str  # the module in bench/ that holds its functions
    table: str  # the dict in that module: scenario name -> function


IMPLS = [  # alternated in this order within each repetition
    Impl("floor", f"{ROOT}/.venv/bin/python", "impl_floor", "SCENARIOS"),
    Impl("ours-sync", f"{ROOT}/.venv/bin/python", "impl_ours", "SYNC"),
    Impl("ours-async", f"{ROOT}/.venv/bin/python", "impl_ours", "ASYNC"),
    Impl("pylxd", f"{BENCH}/.venv-pylxd/bin/python", "impl_pylxd", "SCENARIOS"),
]


@dataclass(frozen=True)
class Scenario:
    name: str
    doc: str
    unit: str
    higher_is_better: bool
    repeat: int  # child processes per implementation by default
    params: dict[str, Any] = field(default_factory=dict)
    # setup(floor, prefix, params, tmp) -> fixture handed to every child; whatever it creates
    # is named with ``prefix`` so the driver's sweep removes it, even after a failure.
    setup: Callable[[Floor, str, dict[str, Any], str], dict[str, Any]] | None = None
    func: str = ""  # the implementations' function (default: the scenario's name)
    wall: bool = False  # the value is the child's whole run, timed by the driver
    big: bool = False  # only with --big (or when named)
    timeout: float = 300  # seconds per child
    targets: tuple[Target, ...] = ()

    @property
    def key(self) -> str:
        return self.func or self.name


# -- set-ups ---------------------------------------------------------------------------
def _stopped_instances(floor: Floor, prefix: str, params: dict[str, Any], tmp: str) -> dict:
    """The instances in a project of their own: what is listed is exactly them, whatever
    else the server runs (a test suite's instances come and go: pylxd reads each one)."""
    project = f"{prefix}-p"
    floor.create_project(project)
    names = [f"{prefix}-{i:02d}" for i in range(params["instances"])]
    Floor(floor.socket_path, project=project).create_many(names)
    return {"names": names, "project": project}


def _running_instance(floor: Floor, prefix: str, params: dict[str, Any], tmp: str) -> dict:
    name = f"{prefix}-c"
    floor.create(name)
    floor.state(name, "start")
    return {"instance": name}


def _write_local(path: str, size: int) -> None:
    """A local file of ``size`` bytes (a random MiB repeated: nothing on the way compresses)."""
    block = os.urandom(MiB)
    with open(path, "wb") as f:
        for start in range(0, size, MiB):
            f.write(block[: min(MiB, size - start)])


def _file_put(floor: Floor, prefix: str, params: dict[str, Any], tmp: str) -> dict:
    fixture = _running_instance(floor, prefix, params, tmp)
    local = os.path.join(tmp, f"{prefix}-src.bin")
    _write_local(local, params["bytes"])
    return {**fixture, "local": local, "remote": "/root/bench.bin", "size": params["bytes"]}


def _file_get(floor: Floor, prefix: str, params: dict[str, Any], tmp: str) -> dict:
    fixture = _file_put(floor, prefix, params, tmp)
    floor.put_file(fixture["instance"], fixture["remote"], fixture["local"])
    os.unlink(fixture["local"])  # only the copy in the instance is needed
    del fixture["local"]
    return fixture


class _RandomReader:
    """``size`` bytes of fresh random data, read like a file (tarfile copies from it)."""

    def __init__(self, size: int) -> None:
        self.left = size

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        self.left -= n
        return os.urandom(n)


def _image_tarball(path: str, size: int, name: str) -> str:
    """A valid unified image, uncompressed: metadata.yaml (its ``name`` property is how the
    sweep finds the image) and a rootfs with one file of ``size`` random bytes, so that
    nothing on the way compresses. Returns the tarball's SHA-256: the image's fingerprint."""
    import hashlib
    import io
    import platform
    import tarfile
    import time

    meta = (
        f"architecture: {platform.machine()}\ncreation_date: {int(time.time())}\n"
        f"properties:\n  description: pylxd benchmark image\n  name: {name}\n"
        "  os: none\n"
    ).encode()
    with tarfile.open(path, "w", format=tarfile.GNU_FORMAT) as tar:
        info = tarfile.TarInfo("metadata.yaml")
        info.size, info.mtime = len(meta), int(time.time())
        tar.addfile(info, io.BytesIO(meta))
        for folder in ("rootfs", "rootfs/root"):
            info = tarfile.TarInfo(folder)
            info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, int(time.time())
            tar.addfile(info)
        info = tarfile.TarInfo("rootfs/root/random.bin")
        info.size, info.mtime = size, int(time.time())
        tar.copybufsize = MiB
        tar.addfile(info, _RandomReader(size))
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(MiB):
            digest.update(block)
    return digest.hexdigest()


def _image_upload(floor: Floor, prefix: str, params: dict[str, Any], tmp: str) -> dict:
    """The tarball each child uploads (and deletes again: the next child uploads it anew)."""
    local = os.path.join(tmp, f"{prefix}-image.tar")
    fingerprint = _image_tarball(local, params["bytes"], f"{prefix}-image")
    return {"local": local, "fingerprint": fingerprint, "size": os.path.getsize(local)}


def _image_export(floor: Floor, prefix: str, params: dict[str, Any], tmp: str) -> dict:
    """The image on the server, uploaded once by the floor; the children export it."""
    fixture = _image_upload(floor, prefix, params, tmp)
    assert floor.upload_image(fixture["local"]) == fixture["fingerprint"]
    os.unlink(fixture["local"])  # only the server's copy is needed
    # One export into a local file, untimed: the first after the upload was the slow one (a
    # 1 GiB image: 335 MiB/s and 2.7 s of the client's CPU, then 1870 to 2080 MiB/s and 0.3 s),
    # the kernel reclaiming the page cache the upload filled, and it fell on the first child.
    warm = os.path.join(tmp, f"{prefix}-warm.tar")
    floor.export_image(fixture["fingerprint"], warm)
    os.unlink(warm)
    del fixture["local"]
    return fixture


def _event_profile(floor: Floor, prefix: str, params: dict[str, Any], tmp: str) -> dict:
    """A profile in a project of its own, which the event source updates: listening to that
    project, a receiver sees its events and not those of whatever else uses the server."""
    project = f"{prefix}-p"
    floor.create_project(project, profiles=True)
    profile = f"{prefix}-ev"
    Floor(floor.socket_path, project=project).call(
        "POST", "/1.0/profiles", {"name": profile, "config": {}, "devices": {}}
    )
    return {"project": project, "profile": profile}


# -- the table -------------------------------------------------------------------------
_TRANSFER: tuple[Target, ...] = (("floor", ">=", 0.9), ("rss", "<", 60))

SCENARIOS = [
    Scenario(
        "import",
        "a fresh interpreter: import, connect, GET /1.0; timed from spawn to exit",
        "ms",
        False,
        repeat=10,
        wall=True,
        targets=(("pylxd", "<=", 0.7),),
    ),
    Scenario(
        "get",
        "500 GETs of /1.0/profiles/default, decoded (timed in 5 loops of 100)",
        "us/call",
        False,
        repeat=5,
        params={"calls": 100, "iters": 5},
        targets=(("floor", "<=", 1.5),),
    ),
    Scenario(
        "list",
        "list the 32 (stopped) instances of a project and read each status",
        "ms",
        False,
        repeat=5,
        params={"instances": 32, "iters": 10},
        setup=_stopped_instances,
        targets=(("requests", "==", 1), ("floor", "<=", 1.2)),
    ),
    Scenario(
        "lifecycle",
        "create, start, stop, delete a container, each waited",
        "ms",
        False,
        repeat=3,
        params={"iters": 3},
        targets=(("requests", "==", 8),),
    ),
    Scenario(
        "exec",
        "echo hi in a running container, output collected (median of 50)",
        "ms/call",
        False,
        repeat=3,
        params={"iters": 50},
        setup=_running_instance,
        targets=(("floor", "<=", 1.2),),
    ),
    Scenario(
        "exec-stream",
        "64 MiB of exec stdout streamed to a handler, 3 per child",
        "MiB/s",
        True,
        repeat=5,
        params={"bytes": 64 * MiB, "iters": 3},
        setup=_running_instance,
        targets=_TRANSFER,
    ),
    Scenario(
        "file-put",
        "push a 100 MiB local file into a container, 3 per child",
        "MiB/s",
        True,
        repeat=5,
        params={"iters": 3, "bytes": 100 * MiB},
        setup=_file_put,
        targets=_TRANSFER,
    ),
    Scenario(
        "file-get",
        "pull a 100 MiB file out of a container into a local file, 3 per child",
        "MiB/s",
        True,
        repeat=5,
        params={"iters": 3, "bytes": 100 * MiB},
        setup=_file_get,
        targets=_TRANSFER,
    ),
    Scenario(
        "file-put-1g",
        "push a 1 GiB local file into a container",
        "MiB/s",
        True,
        repeat=2,
        params={"iters": 1, "bytes": 1024 * MiB},
        setup=_file_put,
        func="file-put",
        big=True,
        timeout=900,
        targets=_TRANSFER,
    ),
    Scenario(
        "file-get-1g",
        "pull a 1 GiB file out of a container into a local file",
        "MiB/s",
        True,
        repeat=2,
        params={"iters": 1, "bytes": 1024 * MiB},
        setup=_file_get,
        func="file-get",
        big=True,
        timeout=900,
        targets=_TRANSFER,
    ),
    Scenario(
        "image-upload",
        "upload a 100 MiB unified image (uncompressed tar) from a local file, waited; 5 per "
        "child (the server's pace varies by ±30% from one upload to the next)",
        "MiB/s",
        True,
        repeat=6,
        params={"bytes": 100 * MiB, "iters": 5},
        setup=_image_upload,
        targets=_TRANSFER,
    ),
    Scenario(
        "image-export",
        "export a 100 MiB image into a local file, 3 per child",
        "MiB/s",
        True,
        repeat=5,
        params={"iters": 3, "bytes": 100 * MiB, "check": False},
        setup=_image_export,
        targets=_TRANSFER,
    ),
    Scenario(
        "image-export-checked",
        "the same, ours checking the SHA-256 fingerprint as it comes (the others do not)",
        "MiB/s",
        True,
        repeat=5,
        params={"iters": 3, "bytes": 100 * MiB, "check": True},
        setup=_image_export,
        func="image-export",
    ),
    Scenario(
        "image-upload-1g",
        "upload a 1 GiB unified image (uncompressed tar) from a local file, waited",
        "MiB/s",
        True,
        repeat=2,
        params={"bytes": 1024 * MiB, "iters": 1},
        setup=_image_upload,
        func="image-upload",
        big=True,
        timeout=900,
        targets=_TRANSFER,
    ),
    Scenario(
        "image-export-1g",
        "export a 1 GiB image into a local file",
        "MiB/s",
        True,
        repeat=2,
        params={"iters": 1, "bytes": 1024 * MiB, "check": False},
        setup=_image_export,
        func="image-export",
        big=True,
        timeout=900,
        targets=_TRANSFER,
    ),
    Scenario(
        "events",
        "receive 200 lifecycle events that another process makes (3 bursts per child)",
        "ms",
        False,
        repeat=3,
        params={"events": 200, "iters": 3},
        setup=_event_profile,
    ),
    Scenario(
        "launch16",
        "launch 16 containers concurrently (create + start, waited; deleted untimed), 1 per "
        "child: the server's pace drifts over minutes (1.6 to 3.7 s for the same 16), so many "
        "short children spread it over the implementations",
        "ms",
        False,
        repeat=10,
        params={"instances": 16, "concurrent": True, "iters": 1},
        timeout=900,
        targets=(("floor", "<=", 1.1, "ours-async"), ("cpu", "<", 1.5, "ours-async")),
    ),
    Scenario(
        "launch16-serial",
        "launch 16 containers one after another (create + start, waited), 2 per child",
        "ms",
        False,
        repeat=2,
        params={"instances": 16, "concurrent": False, "iters": 2},
        func="launch16",
        timeout=900,
    ),
]

BY_NAME = {s.name: s for s in SCENARIOS}
