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

# A target: (what, operator, bound); ``what`` is "requests", "rss" (MB), or the ratio to
# "floor" or "pylxd" (value / their value, in the scenario's unit).
Target = tuple[str, str, float]


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
        "64 MiB of exec stdout streamed to a handler",
        "MiB/s",
        True,
        repeat=3,
        params={"bytes": 64 * MiB},
        setup=_running_instance,
        targets=_TRANSFER,
    ),
    Scenario(
        "file-put",
        "push a 100 MiB local file into a container",
        "MiB/s",
        True,
        repeat=3,
        params={"bytes": 100 * MiB},
        setup=_file_put,
        targets=_TRANSFER,
    ),
    Scenario(
        "file-get",
        "pull a 100 MiB file out of a container into a local file",
        "MiB/s",
        True,
        repeat=3,
        params={"bytes": 100 * MiB},
        setup=_file_get,
        targets=_TRANSFER,
    ),
    Scenario(
        "file-put-1g",
        "push a 1 GiB local file into a container",
        "MiB/s",
        True,
        repeat=2,
        params={"bytes": 1024 * MiB},
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
        params={"bytes": 1024 * MiB},
        setup=_file_get,
        func="file-get",
        big=True,
        timeout=900,
        targets=_TRANSFER,
    ),
]

BY_NAME = {s.name: s for s in SCENARIOS}
