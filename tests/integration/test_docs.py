"""Every runnable code example of the documentation (docs/*.md), run against each real server.

The convention, which CONTRIBUTING.md also states for writers:

- A fence opened with exactly ```` ```python ```` (indented or not) is an example that runs. The
  blocks of one page run in order in one namespace (a page can build on its earlier blocks),
  once per server.
  Async examples are complete programs (``async def main(): ...`` then ``asyncio.run(main())``).
- A block that cannot run here (a cluster, a remote host, a trust password, a pytest file) is
  written as ```` ```{code-block} python ```` (same highlighting, never run); the page says why.

The only substitutions made before running:

- the endpoint: ``Client()``, ``AsyncClient()`` and ``Client.incus()`` find the local socket on
  their own; the test points ``$LXD_DIR`` and ``$INCUS_SOCKET`` at the server under test, so the
  discovery the docs describe lands on it. The string ``"/path/to/other/unix.socket"`` becomes
  the socket of the second daemon of the same flavour (the ``peer`` fixture).
- names: every ``my-<word>`` becomes ``pylxd-test-<hex>-<word>`` and ``ptdocs0`` (a network)
  becomes ``pt<hex>``, so the suite's leftover checks and sweeps know them. After a page has
  run, anything left with its names fails the test (examples clean up after themselves), and is
  removed.
"""

from __future__ import annotations

import re
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from .conftest import server_objects
from .servers import Server

DOCS = Path(__file__).resolve().parents[2] / "docs"
# A fence may be indented (inside a definition list); its block is dedented.
FENCE = re.compile(r"^([ \t]*)```python[ \t]*\n(.*?)^\1```[ \t]*$", re.M | re.S)
NAME = re.compile(r"\bmy-(?=[a-z0-9])")
NETWORK = re.compile(r"\bptdocs0\b")
OTHER_SOCKET = "/path/to/other/unix.socket"


def blocks(page: Path) -> list[str]:
    return [textwrap.dedent(m.group(2)) for m in FENCE.finditer(page.read_text())]


PAGES = sorted(p for p in DOCS.glob("*.md") if blocks(p))


def test_pages_found() -> None:
    """The harness sees the pages (a changed fence convention must not silently test nothing)."""
    names = {p.stem for p in PAGES}
    assert {"getting-started", "instances", "exec", "files", "errors", "migration"} <= names


def _rewrite(code: str, tag: str, other: str | None) -> str:
    code = NAME.sub(f"pylxd-test-{tag}-", code)
    code = NETWORK.sub(f"pt{tag[:8]}", code)
    if other is not None:
        code = code.replace(OTHER_SOCKET, other)
    return code


def _left(socket: str, tag: str) -> list[str]:
    """Objects on the server whose names carry this run's tag."""
    marks = (f"pylxd-test-{tag}", f"pt{tag[:8]}")
    found: list[str] = []
    for collection, name, fields in server_objects(socket):
        description = (fields.get("properties") or {}).get("description", "")
        if (
            name.startswith(marks)
            or str(fields.get("name", "")).startswith(marks)  # a certificate's
            or (collection == "images" and tag in description)
        ):
            found.append(f"{collection}/{name}")
    return found


def _sweep(socket: str, tag: str) -> None:
    """Remove what a failed example left (names carrying this run's tag only)."""
    from pylxd import Client

    marks = (f"pylxd-test-{tag}", f"pt{tag[:8]}")
    client = Client(endpoint=socket)
    try:
        for project in [None] + [p.name for p in client.projects.all() if p.name.startswith(marks)]:
            for inst in client.instances.all(project=project):
                if inst.name.startswith(marks):
                    if inst.status != "Stopped":
                        inst.stop(force=True, wait=True)
                    inst.delete(wait=True)
            for profile in client.profiles.all(project=project):
                if profile.name.startswith(marks):
                    profile.delete()
        pool = client.storage_pools.get("default")
        for volume in pool.volumes.all():
            if volume.type == "custom" and volume.name.startswith(marks):
                for snap in volume.snapshots.all():
                    snap.delete(wait=True)
                volume.delete(wait=True)
        for alias in client.images.aliases.all():
            if alias.name.startswith(marks):
                alias.delete()
        for image in client.images.all():
            if tag in (image.properties or {}).get("description", ""):
                image.delete(wait=True)
        if client.has_api_extension("network_dns"):
            for zone in client.network_zones.all():
                if zone.name.startswith(marks):
                    for record in zone.records.all():
                        record.delete()
                    zone.delete()
        if client.has_api_extension("network_acl"):
            for acl in client.network_acls.all():
                if acl.name.startswith(marks):
                    acl.delete()
        for cert in client.certificates.all():
            if (cert.name or "").startswith(marks):
                cert.delete()
        for network in client.networks.all():
            if network.name.startswith(marks):
                network.delete(wait=True)
        for pool in client.storage_pools.all():
            if pool.name.startswith(marks):
                pool.delete()
        for project in client.projects.all():
            if project.name.startswith(marks):
                for profile in client.profiles.all(project=project.name):
                    if profile.name != "default":
                        profile.delete()
                project.delete()
    finally:
        client.close()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_examples(
    page: Path,
    server: Server,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = page.read_text()
    other = None
    if OTHER_SOCKET in source:
        other = request.getfixturevalue("peer").socket
    # The endpoint substitution: the client's own socket discovery finds the server under test.
    monkeypatch.setenv("LXD_DIR", str(Path(server.socket).parent))
    monkeypatch.setenv("INCUS_SOCKET", server.socket)
    monkeypatch.delenv("INCUS_DIR", raising=False)
    monkeypatch.chdir(request.getfixturevalue("tmp_path"))
    tag = uuid.uuid4().hex[:10]
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem.replace('-', '_')}"}
    sockets = [server.socket] + ([other] if other else [])
    try:
        for number, code in enumerate(blocks(page), 1):
            started = time.monotonic()
            compiled = compile(_rewrite(code, tag, other), f"{page.name} block {number}", "exec")
            try:
                exec(compiled, namespace)
            except Exception as exc:
                raise AssertionError(
                    f"{page.name}, example {number} failed on {server.name}: {exc!r}\n{code}"
                ) from exc
            assert time.monotonic() - started < 60, f"{page.name} example {number} is too slow"
        for socket in sockets:
            left = _left(socket, tag)
            assert not left, f"{page.name} left objects behind on {socket}: {left}"
    finally:
        for socket in sockets:
            if _left(socket, tag):
                _sweep(socket, tag)
