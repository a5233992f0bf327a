"""The scripts in examples/ run as a user would run them (a subprocess each), against each
server, and leave nothing behind; every script there must have a test here."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from pylxd import Client

from .conftest import ROOT
from .servers import Server

EXAMPLES = ROOT / "examples"
LIFE = [f"instance-{a}" for a in ("created", "started", "stopped", "deleted")]
SCRIPTS = sorted(p.name for p in EXAMPLES.glob("*.py"))
COVERED: dict[str, Callable[..., object]] = {}
F = TypeVar("F", bound=Callable[..., object])


def covers(script: str) -> Callable[[F], F]:
    """Mark a test as the one that runs ``examples/<script>``."""

    def mark(test: F) -> F:
        COVERED[script] = test
        return test

    return mark


# What the client says when a server closed an exec's output websocket without its close
# frame: LXD does so now and then when a command ends under load (canonical/lxd#3770; LXD's
# own client reports it as an error too, as output may have been lost).
SERVER_CUT = "stream broke off"


def run(script: str, *args: str, env: dict[str, str] | None = None) -> str:
    """Run an example; its stdout, after checking it exited with 0. A run that met the server's
    cut exec stream is run once more (the scripts remove what they made, whatever happens)."""
    command = [sys.executable, str(EXAMPLES / script), *args]
    for _ in range(2):
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=120, cwd=ROOT, env=env
        )
        if done.returncode == 0 or SERVER_CUT not in done.stderr:
            break
    assert done.returncode == 0, f"{script} exited {done.returncode}:\n{done.stdout}{done.stderr}"
    return done.stdout


def leftovers(socket: str, prefix: str) -> list[str]:
    """The instances named ``prefix...`` still on the server; removed, so that a failing
    script leaves nothing either (the peers are not in the session's sweep)."""
    found = []
    with Client(endpoint=socket) as client:
        for instance in client.instances.all():
            if instance.name.startswith(prefix):
                found.append(instance.name)
                if instance.status != "Stopped":
                    instance.stop(force=True, wait=True)
                instance.delete(wait=True)
    return found


@pytest.fixture
def name(server: Server, unique_name: str) -> Iterator[str]:
    """The name handed to the script; afterwards no instance of that name (or prefix) is left."""
    yield unique_name
    assert leftovers(server.socket, unique_name) == []


def test_every_example_has_a_test() -> None:
    assert sorted(COVERED) == SCRIPTS, "add a test (with @covers) for each new example"
    for script, test in COVERED.items():
        assert f'run("{script}"' in inspect.getsource(test), f"{test.__name__} must run {script}"
    readme = (EXAMPLES / "README.md").read_text()
    assert [s for s in SCRIPTS if f"`{s}`" not in readme] == [], "list each example in README.md"


@pytest.mark.parametrize("script", [s for s in SCRIPTS if s != "demo.py"])
def test_the_common_options(script: str) -> None:
    usage = run(script, "--help")
    assert "--endpoint" in usage or ("--source" in usage and "--target" in usage)
    assert "--image" in usage
    assert "--name" in usage
    source = (EXAMPLES / script).read_text()
    assert 'if __name__ == "__main__":\n    raise SystemExit(main())' in source
    assert "finally:" in source  # clean-up even on failure


@covers("demo.py")
def test_demo(server: Server) -> None:
    # The demo has no options: $LXD_DIR is the first place it looks for a socket.
    env = dict(os.environ, LXD_DIR=os.path.dirname(server.socket))
    out = run("demo.py", env=env)
    assert f"at {server.socket}" in out
    assert "dirty after an edit: True" in out
    demo = re.search(r"^deleted (pylxd-demo-\w+): True", out, re.M)
    assert demo, out
    assert leftovers(server.socket, demo.group(1)) == []


@covers("launch_and_exec.py")
def test_launch_and_exec(server: Server, name: str) -> None:
    out = run("launch_and_exec.py", "--endpoint", server.socket, "--name", name)
    assert f"launched {name}: Running" in out
    assert "exit code: 3\nstdout: Linux\nstderr: oops\n" in out
    assert "streamed: tick 1\nstreamed: tick 2\nstreamed: tick 3\n" in out
    assert "lines counted from stdin: 3" in out
    assert out.endswith(f"deleted {name}\n")


@covers("push_directory.py")
def test_push_directory(server: Server, name: str, tmp_path: Path) -> None:
    out = run("push_directory.py", "--endpoint", server.socket, "--name", name)
    listed = (
        "  0755 /root/tree/bin/hello\n  0600 /root/tree/data.bin\n  0644 /root/tree/etc/app.conf\n"
    )
    assert listed in out
    assert "pulled back identical (names, modes, bytes): True" in out

    # A tree of the user's own.
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text("deep\n")
    (tmp_path / "a" / "b" / "deep.txt").chmod(0o644)
    (tmp_path / "top.sh").write_text("#!/bin/sh\necho hello\n")
    (tmp_path / "top.sh").chmod(0o700)
    mine = ["--dir", str(tmp_path), "--name", f"{name}-dir"]
    out = run("push_directory.py", "--endpoint", server.socket, *mine)
    assert "  0644 /root/tree/a/b/deep.txt\n  0700 /root/tree/top.sh\n" in out
    assert "pulled back identical (names, modes, bytes): True" in out


@covers("backup_restore.py")
def test_backup_restore(server: Server, name: str, tmp_path: Path) -> None:
    kept = tmp_path / "kept.tar.gz"
    out = run("backup_restore.py", "--endpoint", server.socket, "--name", name, "--file", str(kept))
    size = kept.stat().st_size
    assert size > 0
    assert f"to kept.tar.gz: {size} bytes" in out
    assert f"deleted {name}: True" in out
    assert f"upload: {size} of {size} bytes" in out
    assert f"restored {name}; /root/precious.txt: b'keep me\\n'" in out


@covers("copy_between_servers.py")
@pytest.mark.parametrize("mode", ["relay", "pull"])
def test_copy_between_servers(server: Server, peer: Server, name: str, mode: str) -> None:
    ends = ["--source", server.socket, "--target", peer.socket]
    try:
        out = run("copy_between_servers.py", *ends, "--name", name, "--mode", mode)
    finally:
        assert leftovers(peer.socket, name) == []
    assert f"copied {name} -> {name}-copy ({mode}): Stopped" in out
    assert "snapshots on the target: ['before-copy']" in out
    assert "/root/marker on the target: b'travelled\\n'" in out


@covers("watch_events.py")
def test_watch_events(server: Server, name: str) -> None:
    out = run("watch_events.py", "--endpoint", server.socket, "--name", name)
    actions = re.findall(rf"^\S+ (\S+) /1\.0/instances/{name}$", out, re.M)
    assert sorted(actions) == sorted(LIFE)  # "stopped" can come after "deleted" (Incus)
    assert f"saw 4 event(s) about {name}" in out


def test_watch_events_stops_at_the_timeout(server: Server, name: str) -> None:
    args = ["--endpoint", server.socket, "--name", name, "--count", "9", "--timeout", "3"]
    out = run("watch_events.py", *args)
    assert "no more events within 3.0 s" in out
    # A busy server may not have got through the whole life in 3 s.
    actions = re.findall(rf"^\S+ (\S+) /1\.0/instances/{name}$", out, re.M)
    assert len(set(actions)) == len(actions) and set(actions) <= set(LIFE)
    assert f"saw {len(actions)} event(s) about {name}" in out


@covers("async_many.py")
def test_async_many(server: Server, name: str) -> None:
    out = run("async_many.py", "--endpoint", server.socket, "--name", name, "--count", "3")
    for i in (1, 2, 3):
        assert f"{name}-{i}: hostname {name}-{i}\n" in out
    assert "3 launched and run in" in out
    assert out.endswith("deleted 3 containers\n")
