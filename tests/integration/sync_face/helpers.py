# Generated: edit tests/integration/async_face/helpers.py and run scripts/unasync.py.
"""Helpers for the tests of one face, and what differs between the faces."""

from __future__ import annotations

from pylxd import Client
from pylxd.exceptions import NotFound

# The blocking face loads a missing field on first access; the async face asks for sync().
LAZY_LOADING = True


def remove_instance(client: Client, name: str) -> None:
    """Force-delete an instance if it exists (test clean-up)."""
    try:
        inst = client.instances.get(name)
    except NotFound:
        return
    if inst.status != "Stopped":
        inst.stop(force=True, wait=True)
    inst.delete(wait=True)
