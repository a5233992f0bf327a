# Generated: edit tests/faults/async_face/test_fault_matrix.py and run scripts/unasync.py.
"""Every fault against every kind of call, through a misbehaving proxy in front of a real
daemon. Each cell: success (only a GET after a single reset, retried once) or a typed
exception within the timeout; no partial local file; the client usable for the next call."""

from __future__ import annotations

import time
import hashlib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pylxd import Client
from pylxd.exceptions import ClientTimeout, PylxdError

from ...images import unique_unified
from ..proxy import FAULTS, FaultProxy

TIMEOUT = (2, 2)  # connect, read: a stalled reply is given up on within seconds
BUSYBOX = {"type": "image", "alias": "busybox"}

# kind -> (method, path part the fault is armed on, which matching request)
KINDS = {
    "get": ("GET", "/1.0/profiles/default", 1),
    "wait": ("GET", "/wait", 1),
    "exec": ("GET", "/websocket", 3),  # control, stdin, then stdout: the output stream
    "file-get": ("GET", "/files", 1),
    "file-put": ("POST", "/files", 1),
    "image-upload": ("POST", "/1.0/images", 1),
    "image-export": ("GET", "/export", 1),
    "events": ("GET", "/1.0/events", 1),
}

# A GET hit by a reset is sent once more and succeeds (ws-close is a reset too, on a plain
# HTTP reply). A damaged /wait reply may be recovered by reading the operation, which really
# did succeed, or end in a typed error (Incus's chunked replies break in the framing): both
# are right there. Wherever a call succeeds, the test has checked its result.
MUST_SUCCEED = {("get", "reset"), ("get", "ws-close"), ("wait", "reset"), ("wait", "ws-close")}
MAY_SUCCEED = {
    ("wait", "corrupt"),
    ("wait", "status500"),
}
# The file API sends raw bytes with no checksum: a flipped byte in a download cannot be told
# from the file's own content, so that cell says nothing and is not run.
CELLS = [(k, f) for k in KINDS for f in FAULTS if (k, f) != ("file-get", "corrupt")]


@pytest.fixture
def client(proxy: FaultProxy) -> Iterator[Client]:
    with Client(endpoint=proxy.endpoint, timeout=TIMEOUT) as c:
        yield c


@pytest.fixture
def running(client: Client, proxy: FaultProxy) -> Iterator[Any]:
    """A running container, made and removed straight on the daemon with the usual timeouts
    (a server still busy after a fault, a freeze, may take longer than the cells' 2 s), and
    handed to the cell through the proxied client."""
    name = f"pylxd-test-{uuid.uuid4().hex[:10]}"
    with Client(endpoint=proxy.target) as direct:
        inst = direct.containers.create({"name": name, "source": BUSYBOX}, wait=True)
        inst.start(wait=True)
        inst.files.put("/root/data.bin", b"x" * 200_000)
        try:
            yield client.instances.get(name)
        finally:
            fresh = direct.instances.get(name)
            fresh.stop(force=True, wait=True)
            fresh.delete(wait=True)


def _call(kind: str, client: Client, inst: Any, tmp_path: Path) -> None:
    if kind == "get":
        client.profiles.get("default")
    elif kind == "wait":
        reply = client.api.instances[inst.name].state.put(
            json={"action": "freeze", "timeout": 5}
        )
        op = reply.json()["operation"]
        try:
            done = client.operations.wait_for_operation(op, timeout=3)
            assert done.status == "Success"
        finally:
            _settle(client, inst)
    elif kind == "exec":
        # check=True: a command the server ended early (it kills one whose stream broke)
        # raises CommandFailed; a stream cut on our side raises ClientConnectionFailed.
        command = ["head", "-c", "300000", "/dev/zero"]
        result = inst.execute(command, decode=False, timeout=5, check=True)
        assert len(result.stdout) == 300000
    elif kind == "file-get":
        inst.files.get("/root/data.bin", dest=tmp_path / "out" / "data.bin")
        assert (tmp_path / "out" / "data.bin").read_bytes() == b"x" * 200_000
    elif kind == "file-put":
        inst.files.put("/root/up.bin", b"y" * 100_000)
    elif kind == "image-upload":
        path = unique_unified(tmp_path)
        try:
            image = client.images.create(path)
            assert image.fingerprint == hashlib.sha256(path.read_bytes()).hexdigest()
        finally:
            _remove_image(client, hashlib.sha256(path.read_bytes()).hexdigest())
    elif kind == "image-export":
        # The upload before it passes unharmed: only the export's GET is armed. A corrupt
        # byte fails the fingerprint check, which runs before the file is put in place.
        path = unique_unified(tmp_path)
        try:
            image = client.images.create(path)
            image.export(tmp_path / "out" / "image.tar.gz")
            assert (tmp_path / "out" / "image.tar.gz").read_bytes() == path.read_bytes()
        finally:
            _remove_image(client, hashlib.sha256(path.read_bytes()).hexdigest())
    elif kind == "events":
        with client.events(event_types=["lifecycle"]) as listener:
            client.profiles.get("default")
            listener.next(timeout=2)


def _remove_image(client: Client, fingerprint: str) -> None:
    """Delete the image once the server is done with the upload: after a damaged or stalled
    reply the server may still be making it."""
    for _ in range(40):
        try:
            running = [
                op
                for op in client.operations.all()
                if op.status_code == 103 and "image" in (op.description or "").lower()
            ]
            if not running:
                if client.images.exists(fingerprint):
                    (client.images.get(fingerprint)).delete(wait=True)
                return
        except PylxdError:
            pass
        time.sleep(0.5)


def _settle(client: Client, inst: Any) -> None:
    """Leave the instance running whatever the fault did to the freeze."""
    for _ in range(50):
        try:
            state = client.api.instances[inst.name].state.get()
            status = state.json()["metadata"]["status"]
        except PylxdError:
            continue
        if status == "Frozen":
            client.api.instances[inst.name].state.put(json={"action": "unfreeze"})
        elif status == "Running":
            return


@pytest.mark.parametrize(("kind", "fault"), CELLS)
def test_fault_cell(
    kind: str,
    fault: str,
    proxy: FaultProxy,
    client: Client,
    running: Any,
    tmp_path: Path,
) -> None:
    (tmp_path / "out").mkdir()
    method, path_part, nth = KINDS[kind]
    armed = proxy.arm(fault, method, path_part, nth)
    started = time.monotonic()
    outcome: BaseException | None = None
    try:
        _call(kind, client, running, tmp_path)
    except PylxdError as exc:
        outcome = exc
    elapsed = time.monotonic() - started
    # Anything but a typed exception would have escaped the try above and failed the test.
    assert elapsed < 20, f"{kind}/{fault} took {elapsed:.1f}s"
    assert armed.fired.is_set(), f"the {fault} fault never met a {method} {path_part}"
    if (kind, fault) in MUST_SUCCEED:
        assert outcome is None, f"{kind}/{fault}: {outcome!r}"
    elif (kind, fault) not in MAY_SUCCEED:
        assert outcome is not None, f"{kind} survived a {fault} fault"
    # No partial file where a download failed.
    assert list((tmp_path / "out").iterdir()) == []
    # The client is still usable.
    assert (client.profiles.get("default")).name == "default"


@pytest.mark.parametrize("kind", ["get", "events"])
def test_per_call_timeout(kind: str, proxy: FaultProxy) -> None:
    """``with_timeout`` overrides a client's long timeouts for the calls made through it, for
    HTTP requests and websockets alike; the original client keeps its own."""
    with Client(endpoint=proxy.endpoint, timeout=60) as patient:
        method, path_part, nth = KINDS[kind]
        armed = proxy.arm("stall", method, path_part, nth)
        hasty = patient.with_timeout(1)
        started = time.monotonic()
        with pytest.raises(ClientTimeout):
            if kind == "get":
                hasty.profiles.get("default")
            else:
                with hasty.events(event_types=["lifecycle"]) as listener:
                    listener.next(timeout=30)
        assert time.monotonic() - started < 5
        assert armed.fired.is_set()
        assert patient.timeouts.read == 60 and hasty.timeouts.read == 1
        hasty.close()  # shares the connection: closing it leaves the original open
        assert (patient.profiles.get("default")).name == "default"
