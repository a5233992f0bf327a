"""pytest fixtures for testing with real LXD or Incus instances (loaded by the ``pytest11``
entry point; importing it does no I/O).

Options: ``--pylxd-endpoint`` (or ``$PYLXD_ENDPOINT``; default: the local socket discovery) and
``--pylxd-image`` (default ``busybox``: an image alias on the server). Fixtures:

- ``pylxd_client``: a session-wide ``pylxd.Client``;
- ``pylxd_async_client``: an ``AsyncClient`` per test, closed at teardown;
- ``pylxd_instance``: a factory, ``pylxd_instance(image=None, config=None, start=True)``, that
  returns a new uniquely named instance, force-deleted at teardown even when the test fails.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pylxd import AsyncClient, Client
    from pylxd.models import Instance


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pylxd")
    group.addoption(
        "--pylxd-endpoint",
        default=None,
        help="LXD/Incus endpoint for the pylxd fixtures (default: $PYLXD_ENDPOINT, then the "
        "local unix socket)",
    )
    group.addoption(
        "--pylxd-image",
        default="busybox",
        help="image alias the pylxd_instance fixture launches (default: busybox)",
    )


def _endpoint(config: pytest.Config) -> str | None:
    value = config.getoption("--pylxd-endpoint") or os.environ.get("PYLXD_ENDPOINT")
    return str(value) if value else None


@pytest.fixture(scope="session")
def pylxd_client(pytestconfig: pytest.Config) -> Iterator[Client]:
    from pylxd import Client

    client = Client(endpoint=_endpoint(pytestconfig))
    yield client
    client.close()


@pytest.fixture
async def pylxd_async_client(pytestconfig: pytest.Config) -> AsyncIterator[AsyncClient]:
    from pylxd import AsyncClient

    async with AsyncClient(endpoint=_endpoint(pytestconfig)) as client:
        yield client


@pytest.fixture
def pylxd_instance(
    pylxd_client: Client, pytestconfig: pytest.Config
) -> Iterator[Callable[..., Instance]]:
    made: list[str] = []

    def make(
        image: str | None = None, config: dict[str, Any] | None = None, start: bool = True
    ) -> Instance:
        name = f"pytest-{uuid.uuid4().hex[:12]}"
        alias = image or pytestconfig.getoption("--pylxd-image")
        body = {
            "name": name,
            "source": {"type": "image", "alias": alias},
            "config": dict(config or {}),
        }
        made.append(name)
        instance = pylxd_client.instances.create(body, wait=True)
        if start:
            instance.start(wait=True)
        return pylxd_client.instances.get(name)

    yield make
    from pylxd.exceptions import NotFound

    for name in made:
        try:
            instance = pylxd_client.instances.get(name)
        except NotFound:
            continue
        if instance.status != "Stopped":
            instance.stop(force=True, wait=True)
        instance.delete(wait=True)
