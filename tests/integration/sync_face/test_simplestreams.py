# Generated: edit tests/integration/async_face/test_simplestreams.py and run scripts/unasync.py.
"""Image servers: reading simplestreams without a daemon, and the daemon pulling from one
served on a loopback address."""

from __future__ import annotations

from collections.abc import Iterator, Generator
from pathlib import Path

import pytest

from pylxd import Client
from pylxd.exceptions import NotFound
from pylxd.simplestreams import SimpleStreams

from ...images import unique_split, unique_unified
from ...simplestreams_server import build_tree, serve
from .helpers import remove_instance


@pytest.fixture
def tree(
    tmp_path: Path, unique_name: str
) -> Generator[tuple[str, dict[str, str], str], None, None]:
    """A fresh simplestreams server: (url, fingerprints by kind, alias)."""
    root = tmp_path / "ss"
    fingerprints = build_tree(root, unique_unified(tmp_path), unique_split(tmp_path), unique_name)
    with serve(root) as url:
        yield url, fingerprints, unique_name


@pytest.fixture
def cleanup(client: Client) -> Iterator[list[str]]:
    made: list[str] = []
    yield made
    for fingerprint in made:
        if client.images.exists(fingerprint):
            (client.images.get(fingerprint)).delete(wait=True)


def test_reader_lists_and_resolves(tree: tuple[str, dict[str, str], str]) -> None:
    url, fingerprints, alias = tree
    with SimpleStreams(url) as remote:
        records = remote.images()
        assert {r.fingerprint for r in records} == set(fingerprints.values())
        unified = remote.get(alias)
        assert unified.fingerprint == fingerprints["unified"]
        assert unified.architecture == "x86_64"
        assert f"{alias}/x86_64" in unified.aliases
        split = remote.get(f"{alias}-split", architecture="x86_64")
        assert split.fingerprint == fingerprints["split"]
        with pytest.raises(NotFound):
            remote.get("no-such-alias")


def test_daemon_pulls_from_the_server(
    client: Client, tree: tuple[str, dict[str, str], str], cleanup: list[str]
) -> None:
    url, fingerprints, alias = tree
    cleanup.extend(fingerprints.values())
    image = client.images.create_from_simplestreams(url, alias)
    assert image.fingerprint == fingerprints["unified"]
    split = client.images.create_from_simplestreams(url, f"{alias}-split")
    assert split.fingerprint == fingerprints["split"]


def test_launch_from_the_server(
    client: Client,
    tree: tuple[str, dict[str, str], str],
    cleanup: list[str],
    unique_name: str,
) -> None:
    url, fingerprints, alias = tree
    cleanup.extend(fingerprints.values())
    remote = SimpleStreams(url)
    config = {"name": unique_name + "-l", "source": remote.source(alias)}
    remote.close()
    try:
        inst = client.instances.create(config, wait=True)
        inst.start(wait=True)
        assert (inst.execute(["echo", "launched"])).stdout == "launched\n"
    finally:
        remove_instance(client, unique_name + "-l")


def test_create_from_url(
    client: Client, tree: tuple[str, dict[str, str], str], cleanup: list[str]
) -> None:
    url, fingerprints, _ = tree
    cleanup.append(fingerprints["unified"])
    image = client.images.create_from_url(f"{url}/direct")
    assert image.fingerprint == fingerprints["unified"]
