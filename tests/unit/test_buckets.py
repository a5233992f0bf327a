"""The storage bucket pieces that do no I/O: the create body and the keys' wire fields."""

from __future__ import annotations

import warnings

import pytest

from pylxd._async.storage import StorageBucketKey, bucket_body


def test_bucket_body() -> None:
    assert bucket_body("b1") == {"name": "b1"}
    assert bucket_body("b1", description="d", config={"size": 5, "x": True}) == {
        "name": "b1",
        "description": "d",
        "config": {"size": "5", "x": "true"},
    }
    definition = {"name": "b1", "config": {"size": "1GiB"}}
    assert bucket_body(definition, description="d") == {**definition, "description": "d"}
    assert definition == {"name": "b1", "config": {"size": "1GiB"}}  # not changed
    with pytest.raises(TypeError, match="config"):
        bucket_body({"name": "b1", "config": {}}, config={"size": "1"})
    with pytest.raises(TypeError):
        bucket_body(["b1"])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        bucket_body({"description": "no name"})
    with pytest.raises(ValueError):
        bucket_body("a/b")


def test_key_wire_fields() -> None:
    key = StorageBucketKey(None, name="k")  # type: ignore[arg-type]
    payload = {
        "name": "k",
        "description": "",
        "role": "read-only",
        "access-key": "AK",
        "secret-key": "SK",
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no unknown-field warning for the hyphenated keys
        key._apply(payload, '"e1"', keep_edits=False)
    assert (key.access_key, key.secret_key, key.role) == ("AK", "SK", "read-only")
    assert not key.dirty
    key.secret_key = "SK2"
    key.role = "admin"
    assert key.dirty and sorted(key._edited()) == ["role", "secret-key"]
    sent = key._save_payload(None)
    assert sent["secret-key"] == "SK2" and sent["role"] == "admin" and sent["access-key"] == "AK"
    assert "secret_key" not in sent and "access_key" not in key.to_dict()
    key._saved(sent)
    assert not key.dirty
