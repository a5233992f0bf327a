#!/usr/bin/env bash
# Set everything up on a fresh machine, then run the demo on the local daemon.
# Idempotent: a second run installs nothing, and the demo leaves nothing behind.
#   bash scripts/setup.sh            # install, start LXD and Incus, run the demo
#   bash scripts/setup.sh --no-demo  # install and start only
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/build-image.sh >/dev/null  # the test images (cached in build/)
bash scripts/daemons.sh start lxd incus lxd2 incus2
# Test clusters an interrupted run left behind (dead members, stale sockets and mounts).
for flavour in lxd incus; do
  for suffix in "" -solo; do
    CLUSTER_SUFFIX=$suffix bash scripts/cluster.sh down "$flavour"
  done
done
if [ "${1:-}" != "--no-demo" ]; then
  .venv/bin/python examples/demo.py
fi
