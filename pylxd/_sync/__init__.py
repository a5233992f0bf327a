# Generated: edit pylxd/_async/__init__.py and run scripts/unasync.py.
"""The asyncio face, the one source of both faces: ``scripts/unasync.py`` generates
``pylxd/_sync`` from these modules. Edit here, then run the script."""
