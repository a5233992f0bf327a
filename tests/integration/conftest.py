"""Fixtures shared by both faces: the server parameter, and set-up done with raw requests.

With CI=true a missing daemon fails the run; otherwise its tests are skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from ..certs import make_cert
from .servers import PEERS, Server, selected

ROOT = Path(__file__).resolve().parents[2]


def _reachable(server: Server) -> str | None:
    """None when the daemon answers on its socket, else why not."""
    if not os.path.exists(server.socket):
        return f"no socket at {server.socket}"
    try:
        with httpx.Client(transport=httpx.HTTPTransport(uds=server.socket), timeout=5) as c:
            c.get("http://lxd/1.0").raise_for_status()
    except httpx.HTTPError as exc:
        return f"{server.socket}: {exc}"
    return None


def unavailable(message: str) -> None:
    """A missing daemon or cluster: a failure in CI (a run that tested nothing must not pass),
    a skip elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def require(server: Server) -> None:
    """Stop the test unless the server's daemon answers (see ``unavailable``)."""
    problem = _reachable(server)
    if problem:
        unavailable(f"{server.name} daemon not available: {problem} (run scripts/setup.sh)")


@pytest.fixture(scope="session", params=selected(), ids=lambda s: s.name)
def server(request: pytest.FixtureRequest) -> Server:
    srv: Server = request.param
    require(srv)
    return srv


@pytest.fixture(scope="session")
def peer(server: Server) -> Server:
    """A second daemon of the server's flavour (copies, migrations)."""
    other = PEERS[server.name]
    require(other)
    return other


@pytest.fixture
def unique_name() -> Iterator[str]:
    """A name no other test (or earlier run) uses."""
    yield f"pylxd-test-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def client_cert(
    server: Server, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """A client certificate the server trusts for this session, removed afterwards."""
    import base64

    from cryptography.hazmat.primitives import hashes, serialization

    crt, keyfile, cert = make_cert(tmp_path_factory.mktemp(f"cert-{server.name}"), "client")
    der = cert.public_bytes(serialization.Encoding.DER)
    fingerprint = cert.fingerprint(hashes.SHA256()).hex()
    transport = httpx.HTTPTransport(uds=server.socket)
    with httpx.Client(transport=transport, base_url="http://lxd", timeout=10) as raw:
        body = {
            "type": "client",
            "name": f"pylxd-tests-{uuid.uuid4().hex[:6]}",
            "certificate": base64.b64encode(der).decode(),
        }
        raw.post("/1.0/certificates", json=body).raise_for_status()
        try:
            yield str(crt), str(keyfile)
        finally:
            raw.delete(f"/1.0/certificates/{fingerprint}")


@pytest.fixture(scope="session")
def many_containers(server: Server) -> Iterator[list[str]]:
    """30 stopped containers for request-count tests, made once per session with the
    blocking client (shared by both faces) and removed afterwards."""
    from pylxd import Client

    client = Client(endpoint=server.socket)
    prefix = f"pylxd-many-{uuid.uuid4().hex[:6]}"
    names = [f"{prefix}-{i}" for i in range(30)]
    try:
        for name in names:
            client.containers.create(
                {"name": name, "source": {"type": "image", "alias": "busybox"}}, wait=True
            )
        yield names
    finally:
        for inst in client.instances.all():
            if inst.name.startswith(prefix):
                inst.delete(wait=True)
        client.close()


@pytest.fixture(scope="session")
def shared_running(server: Server) -> Iterator[str]:
    """The name of one running busybox container per server, shared by the tests that only
    run commands or move files in it (both faces), removed at the end."""
    from pylxd import Client

    client = Client(endpoint=server.socket)
    name = f"pylxd-shared-{uuid.uuid4().hex[:8]}"
    source = {"type": "image", "alias": "busybox"}
    inst = client.containers.create({"name": name, "source": source}, wait=True)
    inst.start(wait=True)
    try:
        yield name
    finally:
        inst = client.containers.get(name)
        inst.stop(force=True, wait=True)
        inst.delete(wait=True)
        client.close()


@dataclass(frozen=True)
class ClusterInfo:
    flavour: str
    base: str  # the members' parent directory
    members: tuple[str, ...]  # unix sockets, member1 first

    def socket(self, n: int) -> str:
        return f"{self.base}/member{n}/unix.socket"


class ClusterScriptFailed(Exception):
    """scripts/cluster.sh failed; the message ends with what it printed."""


def _cluster_script(*args: str, suffix: str = "") -> None:
    env = dict(os.environ, CLUSTER_SUFFIX=suffix)
    try:
        subprocess.run(
            ["bash", "-x", str(ROOT / "scripts" / "cluster.sh"), *args],
            check=True,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=300,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        output = exc.output.decode(errors="replace") if exc.output else ""
        tail = "\n".join(output.splitlines()[-40:])
        raise ClusterScriptFailed(f"{exc}\n--- cluster.sh output (last lines) ---\n{tail}") from exc


@pytest.fixture(scope="session")
def cluster(server: Server) -> Iterator[ClusterInfo]:
    """A real 3-member cluster of the server's flavour on loopback addresses (its own
    daemons), torn down at the end of the session."""
    flavour = server.name
    try:
        _cluster_script("up", flavour, "3")
    except ClusterScriptFailed as first:
        # Three daemons starting on 2 busy cores can miss a deadline once; a second miss is real.
        print(f"cluster bring-up failed once, retrying: {first}", file=sys.stderr)
        try:
            _cluster_script("up", flavour, "3")
        except ClusterScriptFailed as exc:
            unavailable(f"could not bring up a {flavour} cluster: {exc}")
    base = f"/var/lib/pylxd-test/cluster-{flavour}"
    try:
        yield ClusterInfo(flavour, base, tuple(f"{base}/member{n}/unix.socket" for n in (1, 2, 3)))
    finally:
        _cluster_script("down", flavour)


@pytest.fixture
def solo(server: Server) -> Iterator[str]:
    """A standalone daemon of the server's flavour, for turning into a cluster; its socket."""
    _cluster_script("solo", server.name, suffix="-solo")
    try:
        yield f"/var/lib/pylxd-test/cluster-{server.name}-solo/member9/unix.socket"
    finally:
        _cluster_script("down", server.name, suffix="-solo")


def join_member(cluster: ClusterInfo, n: int, token: str) -> None:
    """Start member ``n`` and join it to the cluster with ``token``."""
    _cluster_script("join", cluster.flavour, str(n), token)


def remove_member(cluster: ClusterInfo, n: int) -> None:
    """Stop member ``n`` (already removed from the cluster) and delete its directory."""
    _cluster_script("remove", cluster.flavour, str(n))


# Collections whose members tests create, listed by an independent raw client.
_COLLECTIONS = (
    "instances",
    "profiles",
    "projects",
    "network-acls",
    "networks",
    "network-zones",
    "storage-pools",
    "images/aliases",
    "storage-pools/default/volumes/custom",
)


def server_objects(socket: str) -> list[tuple[str, str, dict[str, Any]]]:
    """``(collection, name, fields)`` of what is on a server, all projects, read without
    pylxd: images and certificates are named by their fingerprint's start."""
    found: list[tuple[str, str, dict[str, Any]]] = []
    with httpx.Client(transport=httpx.HTTPTransport(uds=socket), timeout=10) as raw:
        for collection in _COLLECTIONS:
            reply = raw.get(f"http://lxd/1.0/{collection}", params={"all-projects": "true"})
            if reply.status_code != 200:
                continue
            for url in reply.json()["metadata"] or []:
                found.append((collection, url.split("?")[0].rsplit("/", 1)[-1], {}))
        for collection in ("images", "certificates"):
            reply = raw.get(f"http://lxd/1.0/{collection}", params={"recursion": 1})
            for item in reply.json()["metadata"] or []:
                found.append((collection, item["fingerprint"][:12], item))
    return found


def _leftovers(server: Server) -> list[str]:
    """Objects the tests made that are still on the server (names the tests use)."""
    prefixes = ("pylxd-test-", "pylxd-many-", "pylxd-shared-")
    found: list[str] = []
    for collection, name, fields in server_objects(server.socket):
        description = (fields.get("properties") or {}).get("description", "")
        if (
            name.startswith(prefixes)
            or (collection == "networks" and name.startswith("pt"))
            or (collection == "images" and "pylxd test image" in description)
        ):
            found.append(f"{collection}/{name}")
    return found


def _sweep(server: Server) -> None:
    """Remove what an interrupted earlier run left (names only the tests use)."""
    from pylxd import Client

    prefixes = ("pylxd-test-", "pylxd-many-", "pylxd-shared-")
    client = Client(endpoint=server.socket)
    try:
        for inst in client.instances.all(all_projects=True):
            if inst.name.startswith(prefixes):
                if inst.status != "Stopped":
                    inst.stop(force=True, wait=True)
                inst.delete(wait=True)
        for image in client.images.all():
            if "pylxd test image" in (image.properties or {}).get("description", ""):
                image.delete(wait=True)
        for profile in client.profiles.all():
            if profile.name.startswith(prefixes):
                profile.delete()
        for project in client.projects.all():
            if project.name.startswith(prefixes):
                for profile in client.profiles.all(project=project.name):
                    if profile.name != "default":
                        profile.delete()
                project.delete()
        for network in client.networks.all():
            if network.name.startswith("pt") and network.managed:
                network.delete(wait=True)
        for acl in client.network_acls.all():
            if acl.name.startswith(prefixes):
                acl.delete()
    finally:
        client.close()
