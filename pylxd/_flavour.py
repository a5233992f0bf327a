"""What differs between LXD and Incus, in one place: sockets, config directories, headers.

The client learns the server's flavour from ``GET /1.0`` (``environment.server``); before that,
only the search order for defaults (sockets, certificates) depends on which the caller prefers.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Name = Literal["lxd", "incus"]


@dataclass(frozen=True)
class Flavour:
    name: Name
    header_prefix: str  # of the file, image and backup metadata headers
    config_dirs: tuple[str, ...]  # client certificates and servercerts/ pins, in order

    def socket_candidates(self, env: Mapping[str, str]) -> list[str]:
        if self.name == "lxd":
            out = [os.path.join(env["LXD_DIR"], "unix.socket")] if env.get("LXD_DIR") else []
            return out + [SNAP_LXD_SOCKET, DEB_LXD_SOCKET]
        out = [env["INCUS_SOCKET"]] if env.get("INCUS_SOCKET") else []
        if env.get("INCUS_DIR"):
            out.append(os.path.join(env["INCUS_DIR"], "unix.socket"))
        return out + [RUN_INCUS_SOCKET, VAR_INCUS_SOCKET]

    def header(self, name: str) -> str:
        """``X-LXD-<name>`` or ``X-Incus-<name>``."""
        return f"{self.header_prefix}{name}"


SNAP_LXD_SOCKET = "/var/snap/lxd/common/lxd/unix.socket"
DEB_LXD_SOCKET = "/var/lib/lxd/unix.socket"
RUN_INCUS_SOCKET = "/run/incus/unix.socket"
VAR_INCUS_SOCKET = "/var/lib/incus/unix.socket"

LXD = Flavour("lxd", "X-LXD-", ("~/snap/lxd/common/config", "~/.config/lxc"))
INCUS = Flavour("incus", "X-Incus-", ("~/.config/incus",))


def search_order(prefer: Name) -> tuple[Flavour, Flavour]:
    return (INCUS, LXD) if prefer == "incus" else (LXD, INCUS)


def of_server(host_info: Mapping[str, Any]) -> Flavour:
    """The server's flavour from ``GET /1.0``: ``environment.server`` when the client is
    trusted; an untrusted view has no environment, but Incus's extension list names it
    (``dev_incus_*``, renamed from LXD's ``devlxd_*`` at the fork)."""
    server = (host_info.get("environment") or {}).get("server")
    if server:
        return INCUS if server == "incus" else LXD
    extensions = host_info.get("api_extensions") or []
    return INCUS if any("incus" in str(e) for e in extensions) else LXD
