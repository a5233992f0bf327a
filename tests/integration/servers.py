"""The real daemons the integration tests run against, and how to reach them.

Adding a server (Incus, a second LXD) means adding an entry here; every integration test is
parametrised over the servers that are listed in ``PYLXD_TEST_SERVERS`` (default: all).
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Server:
    name: str
    socket: str  # unix socket path
    https: str  # the HTTPS listener, https://host:port
    server_cert: str  # the daemon's certificate file


SERVERS = {
    "lxd": Server(
        "lxd",
        "/var/lib/lxd/unix.socket",
        "https://127.0.0.1:8443",
        "/var/lib/lxd/server.crt",
    ),
    "incus": Server(
        "incus",
        "/var/lib/incus/unix.socket",
        "https://127.0.0.2:8443",
        "/var/lib/incus/server.crt",
    ),
}


# Second daemons of the same flavour, for copies between servers (not parametrised on their own).
PEERS = {
    "lxd": Server(
        "lxd2",
        "/var/lib/pylxd-test/lxd2/unix.socket",
        "https://127.0.0.3:8443",
        "/var/lib/pylxd-test/lxd2/server.crt",
    ),
    "incus": Server(
        "incus2",
        "/var/lib/pylxd-test/incus2/unix.socket",
        "https://127.0.0.4:8443",
        "/var/lib/pylxd-test/incus2/server.crt",
    ),
}


def selected() -> list[Server]:
    names = os.environ.get("PYLXD_TEST_SERVERS", ",".join(SERVERS)).split(",")
    return [SERVERS[n.strip()] for n in names if n.strip()]
