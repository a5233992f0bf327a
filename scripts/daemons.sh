#!/usr/bin/env bash
# Start the local test daemons without systemd, idempotently.
# Usage: scripts/daemons.sh start|stop|status [lxd] [incus] [lxd2] [incus2]   (default: all)
# Each server is described by a few variables below; adding one (a second LXD, say) means
# adding its block to server_vars and nothing else.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# The daemons try to fetch instance types from the internet at start-up: a dead local proxy makes
# that fail at once on this offline machine (Go never proxies loopback, so nothing else changes).
export http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9
export HTTP_PROXY=$http_proxy HTTPS_PROXY=$https_proxy NO_PROXY= no_proxy=

server_vars() {
  case "$1" in
    lxd)
      DAEMON=(lxd --group root)
      CLI=lxc
      DIR_VAR=LXD_DIR
      DIR=/var/lib/lxd
      HTTPS=127.0.0.1:8443
      LOG=/var/log/pylxd-test-lxd.log
      WAITREADY=(lxd waitready --timeout 60)
      SHUTDOWN=(lxd shutdown --timeout 30)
      ;;
    incus)
      DAEMON=(/usr/libexec/incus/incusd --group root)
      CLI=incus
      DIR_VAR=INCUS_DIR
      DIR=/var/lib/incus
      HTTPS=127.0.0.2:8443
      LOG=/var/log/pylxd-test-incus.log
      WAITREADY=(incus admin waitready --timeout 60)
      SHUTDOWN=(incus admin shutdown --timeout 30)
      ;;
    # Second daemons of each flavour, for copies and migrations between servers: their own
    # directories and loopback addresses (never reconfigure the shared ones for that).
    lxd2)
      server_vars lxd
      DIR=/var/lib/pylxd-test/lxd2
      HTTPS=127.0.0.3:8443
      LOG=/var/log/pylxd-test-lxd2.log
      ;;
    incus2)
      server_vars incus
      DIR=/var/lib/pylxd-test/incus2
      HTTPS=127.0.0.4:8443
      LOG=/var/log/pylxd-test-incus2.log
      ;;
    *) echo "unknown server: $1" >&2; return 2 ;;
  esac
}

running() { [ -S "$DIR/unix.socket" ] && timeout 5 "$CLI" query /1.0 >/dev/null 2>&1; }

start_one() {
  server_vars "$1"
  export "$DIR_VAR=$DIR"
  if running; then echo "$1: already running"; else
    echo "$1: starting (log $LOG)"
    mkdir -p "$DIR"
    setsid nohup "${DAEMON[@]}" --logfile "$LOG" </dev/null >>"$LOG.out" 2>&1 &
    "${WAITREADY[@]}"
  fi
  init_one "$1"
}

# First-time initialisation: a dir pool named default, a root disk in the default profile, the
# HTTPS listener and the busybox test image. Each step checks first, so a rerun changes nothing.
init_one() {
  "$CLI" storage show default >/dev/null 2>&1 || "$CLI" storage create default dir
  "$CLI" profile device show default | grep -q '^root:' ||
    "$CLI" profile device add default root disk path=/ pool=default
  [ "$("$CLI" config get core.https_address)" = "$HTTPS" ] ||
    "$CLI" config set core.https_address "$HTTPS"
  if ! "$CLI" image info busybox >/dev/null 2>&1; then
    "$CLI" image import "$("$here/build-image.sh")" --alias busybox
  fi
}

stop_one() {
  server_vars "$1"
  export "$DIR_VAR=$DIR"
  if running; then timeout 60 "${SHUTDOWN[@]}" || true; fi
}

cmd=${1:-status}; shift || true
servers=("$@"); [ ${#servers[@]} -gt 0 ] || servers=(lxd incus lxd2 incus2)
for s in "${servers[@]}"; do
  case "$cmd" in
    start) start_one "$s" ;;
    stop) stop_one "$s" ;;
    status) server_vars "$s"; export "$DIR_VAR=$DIR"; if running; then echo "$s: running"; else echo "$s: stopped"; fi ;;
    *) echo "usage: $0 start|stop|status [server ...]" >&2; exit 2 ;;
  esac
done
