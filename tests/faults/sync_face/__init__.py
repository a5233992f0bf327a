# Generated: edit tests/faults/async_face/__init__.py and run scripts/unasync.py.
