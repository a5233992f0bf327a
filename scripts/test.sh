#!/usr/bin/env bash
# Run every check: lint, types, the generated-code check, the docs build, unit, protocol and
# HTTPS tests on 3.10 (the oldest asyncio supported, with the websockets 16 it gets) and the
# whole suite against the running daemons (the docs' examples included). Extra arguments go to
# the last pytest run.
set -euo pipefail
cd "$(dirname "$0")/.."
phase() { printf '\n== %s (%s)\n' "$1" "$(date +%T)"; }
phase "ruff"; .venv/bin/ruff check .
phase "mypy --strict"; .venv/bin/mypy
phase "generated sync face is current"; .venv/bin/python scripts/unasync.py --check
phase "docs build without warnings"
.venv/bin/sphinx-build -W --keep-going -q -b html docs build/docs
if [ -x .venv310/bin/python ]; then
  phase "unit, protocol and HTTPS tests on $(.venv310/bin/python --version)"
  .venv310/bin/python -m pytest -q -p no:cacheprovider tests/unit tests/protocol \
    tests/integration/sync_face/test_https.py tests/integration/async_face/test_https.py
fi
phase "all tests on $(.venv/bin/python --version)"
.venv/bin/python -m pytest -q -ra -p no:cacheprovider tests "$@"
