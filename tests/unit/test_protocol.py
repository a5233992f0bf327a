"""The envelope, names, operations and config rules, without I/O."""

from __future__ import annotations

import pytest

from pylxd import _protocol as p
from pylxd.exceptions import (
    Conflict,
    LXDAPIException,
    NotFound,
    OperationFailed,
    PreconditionFailed,
    PylxdError,
)

SYNC = {"type": "sync", "status": "Success", "status_code": 200, "metadata": {"a": 1}}


def test_sync_reply_carries_metadata_and_etag() -> None:
    reply = p.parse_reply(200, {"etag": '"abc"'}, SYNC)
    assert reply.type == "sync"
    assert reply.metadata == {"a": 1}
    assert reply.etag == '"abc"'
    assert reply.operation_id is None


def test_async_reply_names_its_operation() -> None:
    body = {
        "type": "async",
        "status_code": 100,
        "operation": "/1.0/operations/1234-ab",
        "metadata": {"id": "1234-ab"},
    }
    reply = p.parse_reply(202, {"location": "/1.0/operations/1234-ab"}, body)
    assert reply.type == "async"
    assert reply.operation_id == "1234-ab"


def test_async_reply_without_operation_field_uses_metadata_id() -> None:
    reply = p.parse_reply(202, {}, {"type": "async", "metadata": {"id": "xyz"}})
    assert reply.operation == "/1.0/operations/xyz"


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        (404, NotFound),
        (409, Conflict),
        (412, PreconditionFailed),
        (400, LXDAPIException),
        (500, LXDAPIException),
        (403, LXDAPIException),
    ],
)
def test_error_replies_raise_typed_exceptions(code: int, cls: type[Exception]) -> None:
    body = {"type": "error", "error": f"boom {code}", "error_code": code}
    with pytest.raises(cls) as info:
        p.parse_reply(code, {}, body, response="RESP")
    assert type(info.value) is cls
    assert str(info.value) == f"boom {code}"
    assert info.value.response == "RESP"  # type: ignore[attr-defined]
    assert isinstance(info.value, PylxdError)


def test_a_body_that_is_not_an_envelope_is_a_typed_error() -> None:
    with pytest.raises(LXDAPIException, match="not an LXD envelope"):
        p.parse_reply(200, {}, ["x"])
    with pytest.raises(NotFound):
        p.parse_reply(404, {}, None)
    with pytest.raises(LXDAPIException, match="unexpected reply type"):
        p.parse_reply(200, {}, {"type": "weird"})


@pytest.mark.parametrize("bad", ["a/b", "a?b", "a#b", "a\x00b", "", ".", ".."])
def test_names_that_cannot_go_in_a_url_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="name"):
        p.check_name(bad)


@pytest.mark.parametrize("bad", [None, 5, b"abc", ["a"]])
def test_names_of_the_wrong_type_are_refused(bad: object) -> None:
    with pytest.raises(TypeError, match="name must be a str"):
        p.check_name(bad)


def test_names_the_server_judges_are_percent_encoded() -> None:
    assert p.check_name("bad name!") == "bad name!"
    assert p.quote_segment("bad name!") == "bad%20name%21"


def test_paths_with_nul_are_refused() -> None:
    with pytest.raises(ValueError, match="NUL"):
        p.check_path("/etc/\x00passwd")
    with pytest.raises(TypeError):
        p.check_path(b"/etc")


def test_names_from_urls_drop_the_query() -> None:
    assert p.name_from_url("/1.0/instances/c1?project=p1") == "c1"
    assert p.operation_id("/1.0/operations/abc") == "abc"
    assert p.operation_id("abc") == "abc"


def test_operation_outcome() -> None:
    ok = {"status_code": 200, "status": "Success", "err": ""}
    assert p.operation_outcome(ok) is ok
    with pytest.raises(OperationFailed, match="it broke") as info:
        p.operation_outcome({"status_code": 400, "status": "Failure", "err": "it broke"})
    assert info.value.operation["err"] == "it broke"
    with pytest.raises(OperationFailed, match="Cancelled"):
        p.operation_outcome({"status_code": 401, "status": "Cancelled", "err": ""})
    # A 200 carrying an error still failed (PROTOCOL.md 2.4).
    with pytest.raises(OperationFailed, match="late"):
        p.operation_outcome({"status_code": 200, "err": "late"})
    assert not p.is_final({"status_code": 103})
    assert p.is_final({"status_code": 200})


def test_config_values_go_out_as_strings() -> None:
    assert p.config_to_wire({"a": True, "b": False, "c": 3, "d": "x", "e": None}) == {
        "a": "true",
        "b": "false",
        "c": "3",
        "d": "x",
        "e": None,
    }


def test_volatile_keys_come_from_the_server() -> None:
    mine = {"user.a": "1", "volatile.idmap.next": "stale", "volatile.mine": "x"}
    server = {"volatile.idmap.next": "[]", "volatile.uuid": "u", "user.a": "0"}
    assert p.with_server_volatile(mine, server) == {
        "user.a": "1",
        "volatile.idmap.next": "[]",
        "volatile.uuid": "u",
    }


def test_project_is_added_unless_the_caller_chose_a_scope() -> None:
    assert p.merge_params(None, "p1") == {"project": "p1"}
    assert p.merge_params({"project": "p2"}, "p1") == {"project": "p2"}
    assert p.merge_params({"all-projects": "true"}, "p1") == {"all-projects": "true"}
    assert p.merge_params({"x": 1}, None) == {"x": 1}


def test_copy_modes() -> None:
    assert [p.check_copy_mode(m) for m in ("pull", "push", "relay")] == ["pull", "push", "relay"]
    with pytest.raises(ValueError, match="pull, push, relay"):
        p.check_copy_mode("teleport")


def test_headers_ignore_case_and_join_repeats() -> None:
    h = p.Headers([(b"ETag", b'"abc"'), (b"X-Thing", b"1"), (b"x-thing", b"2")])
    assert h["etag"] == h["ETAG"] == '"abc"'
    assert h.get("x-THING") == "1, 2"
    assert "Etag" in h and "missing" not in h and 3 not in h
    assert list(h) == ["ETag", "X-Thing"] and len(h) == 2
    assert h.get("nope") is None


def test_request_target_quotes_and_encodes() -> None:
    assert p.request_target("/1.0/instances") == "/1.0/instances"
    # Names are quoted where they are put in; their escapes are kept, spaces escaped.
    assert p.request_target("/1.0/images/aliases/a%2Fb c") == "/1.0/images/aliases/a%2Fb%20c"
    target = p.request_target(
        "/1.0/x", {"path": "/root/a b&c", "recursion": 1, "force": True, "none": None}
    )
    assert target == "/1.0/x?path=%2Froot%2Fa%20b%26c&recursion=1&force=true&none="
    assert p.request_target("/1.0/x", {"fingerprint": ["a", "b"]}) == (
        "/1.0/x?fingerprint=a&fingerprint=b"
    )
