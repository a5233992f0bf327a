"""The I/O-free model core: fields, dirty tracking, save payloads and the unknown-field warning."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

from pylxd import _model
from pylxd._model import Attribute, ModelCore


class Thing(ModelCore):
    name = Attribute[str]()
    config = Attribute[dict[str, Any]](writable=True)
    description = Attribute[str](writable=True)


SERVER = {
    "name": "t1",
    "description": "d",
    "config": {"user.a": "1", "volatile.idmap.next": "[]"},
    "extra": {"new": True},
}


@pytest.fixture(autouse=True)
def fresh_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_model, "_warned", set())
    monkeypatch.delenv("PYLXD_WARNINGS", raising=False)


def loaded(payload: dict[str, Any] = SERVER, etag: str | None = '"e1"') -> Thing:
    t = Thing()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t._apply(payload, etag, keep_edits=False)
    return t


def test_unknown_fields_are_kept_and_reachable() -> None:
    t = loaded()
    assert t.extra == {"new": True}
    assert t.to_dict()["extra"] == {"new": True}
    with pytest.raises(AttributeError):
        _ = t.missing


def test_in_place_edits_make_the_object_dirty() -> None:
    t = loaded()
    assert not t.dirty
    t.config["user.b"] = "2"
    assert t.dirty
    t.config.pop("user.b")
    assert not t.dirty


def owned(payload: dict[str, Any] = SERVER) -> Thing:
    """Loaded as a list loads its objects: from a payload decoded for it alone."""
    t = Thing()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t._apply(_model.json_copy(payload), '"e1"', keep_edits=False, owned=True)
    return t


def test_an_owned_payload_is_copied_only_where_read_and_edits_stay_off_the_base() -> None:
    t = owned()
    assert t._data["config"] is t._base["config"]  # nothing copied before it is read
    t.config["user.b"] = "2"
    assert t.dirty
    assert t._changed_on_server(SERVER) == []  # the base is still the server's state
    t.config.pop("user.b")
    assert not t.dirty


def test_an_assigned_value_is_the_callers_own_object() -> None:
    t = owned()
    mine = {"user.a": "1"}
    t.config = mine
    assert t.config is mine
    mine["user.b"] = "2"
    assert t.dirty and t.config == {"user.a": "1", "user.b": "2"}


def test_values_given_to_the_constructor_are_its_own() -> None:
    mine = {"user.a": "1"}
    t = Thing(name="t1", config=mine)
    assert t.config is mine
    mine["user.b"] = "2"
    assert t.dirty


def test_edits_in_place_after_a_refresh_or_a_save_stay_off_the_base() -> None:
    t = owned()
    t.description = "mine"
    newer = dict(SERVER, config={"user.a": "server"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t._apply(_model.json_copy(newer), '"e2"', keep_edits=True, owned=True)
    t.config["user.z"] = "1"
    assert t._changed_on_server(newer) == []
    assert t._edited() == ["config", "description"]
    t._saved(t._save_payload(None))
    t.config["user.y"] = "1"
    assert t._edited() == ["config"]


def test_assignment_makes_the_object_dirty_and_equivalent_values_do_not() -> None:
    t = loaded()
    t.description = "other"
    assert t.dirty
    t.description = "d"
    assert not t.dirty
    t.config = {"user.a": 1, "volatile.idmap.next": "[]"}  # 1 is stored as "1"
    assert not t.dirty


def test_refresh_keeps_edits_unless_rolled_back() -> None:
    t = loaded()
    t.description = "mine"
    newer = dict(SERVER, config={"user.a": "server"})
    t._apply(newer, '"e2"', keep_edits=True)
    assert t.description == "mine"
    assert t.config == {"user.a": "server"}
    assert t.dirty
    t._apply(newer, '"e3"', keep_edits=False)
    assert t.description == "d"
    assert not t.dirty


def test_save_payload_has_edits_wire_config_server_volatile_and_unknown_fields() -> None:
    t = loaded()
    t.config = {"security.privileged": True, "volatile.idmap.next": "mine"}
    latest = dict(SERVER, config={"volatile.idmap.next": "[x]", "volatile.uuid": "u"})
    payload = t._save_payload(latest)
    assert payload["config"] == {
        "security.privileged": "true",
        "volatile.idmap.next": "[x]",
        "volatile.uuid": "u",
    }
    assert payload["extra"] == {"new": True}
    assert payload["name"] == "t1"


def test_changes_on_the_server_are_detected_volatile_aside() -> None:
    t = loaded()
    same = dict(SERVER, config={"user.a": "1", "volatile.idmap.next": "changed"})
    assert t._changed_on_server(same) == []
    other = dict(SERVER, description="someone else")
    assert t._changed_on_server(other) == ["description"]


def test_saved_state_is_clean_and_needs_a_new_etag() -> None:
    t = loaded()
    t.config["user.b"] = True
    payload = t._save_payload(None)
    t._saved(payload)
    assert not t.dirty
    assert t.config["user.b"] == "true"
    assert t._etag is None


def _count_warnings(times: int) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(times):
            Thing()._apply(SERVER, None, keep_edits=False)
    return [str(w.message) for w in caught if w.category is UserWarning]


def test_unknown_field_warns_once_per_class_and_field() -> None:
    assert _count_warnings(3) == [
        'Attempted to set unknown attribute "extra" on instance of "Thing"'
    ]


def test_pylxd_warnings_always_and_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYLXD_WARNINGS", "always")
    assert len(_count_warnings(3)) == 3
    monkeypatch.setenv("PYLXD_WARNINGS", "none")
    assert _count_warnings(3) == []


def test_lazy_hook_runs_once_for_an_unloaded_object() -> None:
    calls: list[str] = []

    class Lazy(Thing):
        def _load_missing(self, name: str) -> None:
            calls.append(name)
            self._apply(SERVER, None, keep_edits=False)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        obj = Lazy(name="t1")
        assert obj.name == "t1" and calls == []
        assert obj.description == "d"
        assert obj.extra == {"new": True}
    assert calls == ["description"]
