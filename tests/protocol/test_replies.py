"""Replies a real daemon does not give on demand: unknown fields, Incus-style operation
failures, malformed bodies. Both faces, over a scripted server on a unix socket."""

from __future__ import annotations

import asyncio
import time
import warnings

import pytest

from pylxd import AsyncClient, Client
from pylxd.exceptions import ClientTimeout, LXDAPIException, OperationFailed

from .fakeserver import FakeServer, Reply, error, operation, sync

INSTANCE = {
    "name": "c1",
    "type": "container",
    "status": "Running",
    "config": {},
    "devices": {},
    "profiles": ["default"],
    "brand_new_field": {"x": 1},
}


def _get_twice(fake: FakeServer) -> list[str]:
    fake.route("GET", "/1.0/instances/c1", sync(INSTANCE))
    client = Client(endpoint=fake.socket)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = client.instances.get("c1")
        client.instances.get("c1")
    assert first.brand_new_field == {"x": 1}  # kept and reachable
    assert first.to_dict()["brand_new_field"] == {"x": 1}
    return [str(w.message) for w in caught if w.category is UserWarning]


def test_unknown_field_warns_once(fake: FakeServer) -> None:
    assert _get_twice(fake) == [
        'Attempted to set unknown attribute "brand_new_field" on instance of "Instance"'
    ]


def test_unknown_field_warns_always(fake: FakeServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYLXD_WARNINGS", "always")
    assert len(_get_twice(fake)) == 2


def test_unknown_field_warns_never(fake: FakeServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYLXD_WARNINGS", "none")
    assert _get_twice(fake) == []


def test_unknown_fields_are_sent_back_on_save(fake: FakeServer) -> None:
    fake.route("GET", "/1.0/instances/c1", sync(INSTANCE, etag='"e1"'))
    fake.route("PUT", "/1.0/instances/c1", sync({}))
    client = Client(endpoint=fake.socket)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        inst = client.instances.get("c1")
    inst.config["user.a"] = True
    inst.save()
    method, _, headers, body = fake.requests[-1]
    assert method == "PUT"
    assert headers["If-Match"] == '"e1"'
    import json

    sent = json.loads(body)
    assert sent["brand_new_field"] == {"x": 1}
    assert sent["config"] == {"user.a": "true"}


def _incus_style_failure(fake: FakeServer) -> None:
    """Incus answers /wait on a failed operation with an error reply; the operation itself
    (read within its retention) tells the failure."""
    op = operation("op1")
    fake.route(
        "PUT",
        "/1.0/instances/c1/state",
        Reply(202, {"type": "async", "operation": "/1.0/operations/op1", "metadata": op}),
    )
    fake.route("GET", "/1.0/operations/op1/wait", error(500, "Failed to start: boom"))
    failed = operation("op1", status="Failure", status_code=400, err="Failed to start: boom")
    fake.route("GET", "/1.0/operations/op1", sync(failed))
    fake.route(
        "GET",
        "/1.0/instances/c1",
        sync({k: v for k, v in INSTANCE.items() if k != "brand_new_field"}),
    )


def test_incus_style_failed_operation_sync_face(fake: FakeServer) -> None:
    _incus_style_failure(fake)
    client = Client(endpoint=fake.socket)
    inst = client.instances.get("c1")
    with pytest.raises(OperationFailed, match="boom") as info:
        inst.start(wait=True)
    assert info.value.operation["status_code"] == 400


def test_incus_style_failed_operation_async_face(fake: FakeServer) -> None:
    _incus_style_failure(fake)

    async def run() -> None:
        async with AsyncClient(endpoint=fake.socket) as client:
            inst = await client.instances.get("c1")
            with pytest.raises(OperationFailed, match="boom"):
                await inst.start(wait=True)

    asyncio.run(run())


def test_error_on_wait_that_is_not_a_failed_operation(fake: FakeServer) -> None:
    _incus_style_failure(fake)
    fake.route("GET", "/1.0/operations/op1", error(404, "not found"))
    client = Client(endpoint=fake.socket)
    with pytest.raises(LXDAPIException, match="boom") as info:
        client.operations.wait_for_operation("op1")
    assert not isinstance(info.value, OperationFailed)


def test_lxd_style_failed_operation_in_a_200(fake: FakeServer) -> None:
    failed = operation("op2", status="Failure", status_code=400, err="no space left")
    fake.route("GET", "/1.0/operations/op2/wait", sync(failed))
    client = Client(endpoint=fake.socket)
    with pytest.raises(OperationFailed, match="no space left"):
        client.operations.wait_for_operation("/1.0/operations/op2")


@pytest.mark.parametrize(
    "reply",
    [Reply(200, b"{not json"), Reply(200, b"[1, 2]"), Reply(502, b"<html>bad gateway</html>")],
)
def test_malformed_replies_are_typed_errors(fake: FakeServer, reply: Reply) -> None:
    fake.route("GET", "/1.0/profiles/p1", reply)
    client = Client(endpoint=fake.socket)
    with pytest.raises(LXDAPIException):
        client.profiles.get("p1")


def test_async_constructor_does_no_io(fake: FakeServer) -> None:
    client = AsyncClient(endpoint=fake.socket)
    assert client._transport.request_count == 0
    assert fake.requests == []

    async def run() -> None:
        await client.profiles.exists("p1")  # connects on first need
        assert client.trusted
        await client.profiles.exists("p1")
        await client.aclose()

    asyncio.run(run())
    paths = [r[1].split("?")[0] for r in fake.requests]
    assert paths == ["/1.0", "/1.0/profiles/p1", "/1.0/profiles/p1"]


def test_incus_style_wait_timeout_is_a_client_timeout(fake: FakeServer) -> None:
    fake.route("GET", "/1.0/operations/op3/wait", error(500, "context deadline exceeded"))
    fake.route("GET", "/1.0/operations/op3", sync(operation("op3")))
    client = Client(endpoint=fake.socket)
    started = time.monotonic()
    with pytest.raises(ClientTimeout, match="op3"):
        client.operations.wait_for_operation("op3", timeout=1)
    assert time.monotonic() - started < 5


def test_a_quick_error_from_wait_is_raised_not_retried(fake: FakeServer) -> None:
    fake.route("GET", "/1.0/operations/op4/wait", error(500, "something else broke"))
    fake.route("GET", "/1.0/operations/op4", sync(operation("op4")))
    client = Client(endpoint=fake.socket)
    with pytest.raises(LXDAPIException, match="something else broke"):
        client.operations.wait_for_operation("op4")
    waits = [r for r in fake.requests if r[1].startswith("/1.0/operations/op4/wait")]
    assert len(waits) == 1


def test_requests_are_logged_without_secrets(
    fake: FakeServer, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    fake.route("GET", "/1.0/profiles/p1", sync({"name": "p1", "config": {}, "devices": {}}))
    with caplog.at_level(logging.DEBUG, logger="pylxd"):
        client = Client(endpoint=fake.socket)
        client.api.profiles.p1.get(params={"secret": "hunter2"})
    lines = [r.getMessage() for r in caplog.records if r.name == "pylxd"]
    assert any(line.startswith("GET /1.0/profiles/p1 -> 200 in ") for line in lines)
    assert not any("hunter2" in line for line in lines)
