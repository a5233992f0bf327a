# Generated: edit tests/integration/async_face/__init__.py and run scripts/unasync.py.
