# Generated: edit tests/integration/async_face/test_buckets.py and run scripts/unasync.py.
"""Storage buckets (``storage_buckets``): what a server without the extension refuses before
sending anything, and what a server with it but without an object store answers."""

from __future__ import annotations

import pytest

from pylxd import Client
from pylxd.models import StorageBucket, StoragePool
from pylxd.exceptions import LXDAPIException, LXDAPIExtensionNotAvailable, NotFound


@pytest.fixture
def pool(client: Client) -> StoragePool:
    return client.storage_pools.get("default")


def test_buckets(client: Client, pool: StoragePool, unique_name: str) -> None:
    """LXD 5.0 has no buckets; Incus 6.0 has them, but no object store here."""
    if client.has_api_extension("storage_buckets"):
        _with_the_extension(client, pool, unique_name)
    else:
        _without_the_extension(client, pool, unique_name)


def _without_the_extension(client: Client, pool: StoragePool, unique_name: str) -> None:
    bucket = pool.buckets._new(name=unique_name)
    bucket.description = "edited"  # dirty: save() would send
    key = bucket.keys._new(name="reader")
    key.description = "edited"
    calls = [
        lambda: pool.buckets.all(),
        lambda: pool.buckets.all(all_projects=True),
        lambda: pool.buckets.get(unique_name),
        lambda: pool.buckets.exists(unique_name),
        lambda: pool.buckets.create(unique_name),
        lambda: pool.buckets.create({"name": unique_name, "config": {"size": "1GiB"}}),
        lambda: bucket.sync(),
        lambda: bucket.save(),
        lambda: bucket.delete(),
        lambda: bucket.keys.all(),
        lambda: bucket.keys.get("reader"),
        lambda: bucket.keys.exists("reader"),
        lambda: bucket.keys.create("reader", role="admin"),
        lambda: key.sync(),
        lambda: key.save(),
        lambda: key.delete(),
    ]
    before = client._transport.request_count
    for call in calls:
        with pytest.raises(LXDAPIExtensionNotAvailable, match="storage_buckets"):
            call()
    assert client._transport.request_count == before  # nothing was sent


def _with_the_extension(client: Client, pool: StoragePool, unique_name: str) -> None:
    before = client._transport.request_count
    listed = pool.buckets.all()
    assert client._transport.request_count - before == 1  # one request, recursion=1
    assert unique_name not in [b.name for b in listed]
    if client.has_api_extension("storage_buckets_all_projects"):
        assert isinstance(pool.buckets.all(all_projects=True), list)
    assert not pool.buckets.exists(unique_name)
    with pytest.raises(NotFound):
        pool.buckets.get(unique_name)
    with pytest.raises(NotFound):
        pool.buckets._new(name=unique_name).keys.all()
    # Refused here, before sending.
    before = client._transport.request_count
    with pytest.raises(TypeError, match="description"):
        pool.buckets.create({"name": unique_name, "description": "a"}, description="b")
    with pytest.raises(TypeError):
        pool.buckets.create(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        pool.buckets.create("a/b")
    assert client._transport.request_count == before

    try:
        bucket = pool.buckets.create(
            unique_name, description="pylxd test", config={"size": "64MiB"}
        )
    except LXDAPIException as exc:
        # No object store behind the pool (no core.storage_buckets_address, no MinIO): the
        # server says why, and nothing was made.
        assert str(exc).strip()
        assert pool.buckets.all() == []
        assert not pool.buckets.exists(unique_name)
        return
    _bucket_lifecycle(pool, bucket, unique_name)


def _bucket_lifecycle(pool: StoragePool, bucket: StorageBucket, name: str) -> None:
    """Where the server has an object store: keys, edits and removal."""
    try:
        assert bucket.name == name
        got = pool.buckets.get(name)
        assert got.s3_url and got.config["size"] == "64MiB"
        assert [b.name for b in pool.buckets.all()].count(name) == 1
        assert "admin" in [k.name for k in got.keys.all()]
        key = got.keys.create("reader", role="read-only", description="r")
        assert key.role == "read-only" and key.access_key and key.secret_key
        key.description = "edited"
        key.save()
        assert (got.keys.get("reader")).description == "edited"
        key.delete()
        assert not got.keys.exists("reader")
        got.description = "edited"
        got.save()
        assert (pool.buckets.get(name)).description == "edited"
    finally:
        if pool.buckets.exists(name):
            (pool.buckets.get(name)).delete()
    assert not pool.buckets.exists(name)
