"""Helpers for the tests of one face, and what differs between the faces."""

from __future__ import annotations

from pylxd import AsyncClient
from pylxd.exceptions import NotFound

# The blocking face loads a missing field on first access; the async face asks for sync().
LAZY_LOADING = False  # sync: LAZY_LOADING = True


async def remove_instance(client: AsyncClient, name: str) -> None:
    """Force-delete an instance if it exists (test clean-up)."""
    try:
        inst = await client.instances.get(name)
    except NotFound:
        return
    if inst.status != "Stopped":
        await inst.stop(force=True, wait=True)
    await inst.delete(wait=True)
