"""Bad input of every odd shape, against the real daemons: a ValueError or TypeError for what
cannot be sent safely, the server's refusal as LXDAPIException for the rest; never a crash, a
hang or an untyped exception. Bounded and derandomised for CI."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pylxd import Client
from pylxd.exceptions import LXDAPIException

from ..integration.conftest import require
from ..integration.servers import Server, selected

PROPERTIES = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
ALLOWED = (ValueError, TypeError, LXDAPIException)
BUSYBOX = {"type": "image", "alias": "busybox"}

odd_text = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=("Cs",)),
    max_size=40,
)
odd_values = st.one_of(
    odd_text,
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.binary(max_size=10),
    st.lists(st.integers(), max_size=3),
)


@pytest.fixture(scope="module", params=selected(), ids=lambda s: s.name)
def env(request: pytest.FixtureRequest) -> Iterator[tuple[Client, Any, Any]]:
    """Per server: a client, a running container and a profile of the module's own."""
    server: Server = request.param
    require(server)
    client = Client(endpoint=server.socket, timeout=10)
    name = f"pylxd-test-{uuid.uuid4().hex[:10]}"
    inst = client.containers.create({"name": name, "source": BUSYBOX}, wait=True)
    inst.start(wait=True)
    profile = client.profiles.create(name)
    try:
        yield client, client.instances.get(name), client.profiles.get(name)
    finally:
        inst = client.instances.get(name)
        inst.stop(force=True, wait=True)
        inst.delete(wait=True)
        client.profiles.get(name).delete()
        client.close()
        del profile


def _outcome(call: Any) -> BaseException | None:
    try:
        call()
    except ALLOWED as exc:
        return exc
    return None


@PROPERTIES
@given(name=st.one_of(odd_text, odd_values))
def test_instance_names(env: tuple[Client, Any, Any], name: Any) -> None:
    client, _, _ = env
    outcome = _outcome(lambda: client.instances.get(name))
    # Nothing here has such a name: refused before sending, or the server's NotFound/refusal.
    assert outcome is not None


@PROPERTIES
@given(name=odd_text)
def test_profile_create_refused_or_made(env: tuple[Client, Any, Any], name: str) -> None:
    client, _, _ = env
    full = f"pylxd-test-prop-{name}"
    try:
        client.profiles.create(full)
    except ALLOWED:
        return
    client.profiles.get(full).delete()  # made: it is there, and goes again


@PROPERTIES
@given(key=odd_text, value=odd_values)
def test_config_values(env: tuple[Client, Any, Any], key: str, value: Any) -> None:
    client, _, profile = env
    before = client.profiles.get(profile.name).config
    profile.config = {key: value}
    try:
        profile.save()
    except ALLOWED:
        profile.rollback()
        assert client.profiles.get(profile.name).config == before  # nothing half-written
        return
    profile.config = {}
    profile.save()


@PROPERTIES
@given(path=st.one_of(odd_text, odd_values))
def test_file_paths(env: tuple[Client, Any, Any], path: Any) -> None:
    _, inst, _ = env
    try:
        inst.files.get(path)
    except ALLOWED:
        return
