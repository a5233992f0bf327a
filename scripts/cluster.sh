#!/usr/bin/env bash
# A real cluster of LXD or Incus daemons on loopback addresses, for the cluster tests.
#   scripts/cluster.sh up lxd|incus [N]         bootstrap member1 and join members 2..N (default 3)
#   scripts/cluster.sh join lxd|incus M TOKEN   start member M and join it with TOKEN
#   scripts/cluster.sh remove lxd|incus M        stop member M and delete its directory
#   scripts/cluster.sh solo lxd|incus           one standalone daemon on 127.0.X.9 (for enable)
#   scripts/cluster.sh down lxd|incus           stop every member and remove everything
# Members live in /var/lib/pylxd-test/cluster-<flavour>/memberN (each its own daemon directory),
# listening on 127.0.1.N:8443 (LXD) or 127.0.2.N:8443 (Incus). Never touches the shared daemons.
set -euo pipefail
export http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9
export HTTP_PROXY=$http_proxy HTTPS_PROXY=$https_proxy NO_PROXY= no_proxy=

cmd=${1:?usage}; flavour=${2:?usage}
base=/var/lib/pylxd-test/cluster-$flavour${CLUSTER_SUFFIX:-}
case "$flavour" in
  lxd) daemon=(lxd --group root); cli=lxc; dirvar=LXD_DIR; net=127.0.1
       init=(lxd init --preseed); ready=(lxd waitready --timeout 60) ;;
  incus) daemon=(/usr/libexec/incus/incusd --group root); cli=incus; dirvar=INCUS_DIR; net=127.0.2
       init=(incus admin init --preseed); ready=(incus admin waitready --timeout 60) ;;
  *) echo "unknown flavour $flavour" >&2; exit 2 ;;
esac

member_env() { export "$dirvar=$base/member$1"; }

# Signal the daemon a pid file names, only if that pid is still one of ours (pids get reused).
signal_member() {  # signal_member SIGNAL PIDFILE
  [ -e "$2" ] || return 0
  local pid; pid=$(cat "$2")
  grep -qa -- "$base/member" "/proc/$pid/cmdline" 2>/dev/null || return 0
  kill "-$1" "$pid" 2>/dev/null || true
}

start_member() {
  member_env "$1"
  mkdir -p "$base/member$1"
  setsid nohup "${daemon[@]}" --logfile "$base/member$1.log" </dev/null >>"$base/member$1.out" 2>&1 &
  echo $! >"$base/member$1.pid"
  "${ready[@]}"
}

bootstrap() {
  start_member 1
  "${init[@]}" <<YAML
config:
  core.https_address: $net.1:8443
  cluster.https_address: $net.1:8443
storage_pools:
- name: default
  driver: dir
profiles:
- name: default
  devices:
    root: {path: /, pool: default, type: disk}
cluster:
  server_name: member1
  enabled: true
YAML
}

join() {  # join M TOKEN
  start_member "$1"
  "${init[@]}" <<YAML
cluster:
  enabled: true
  server_name: member$1
  server_address: $net.$1:8443
  cluster_token: $2
  member_config:
  - entity: storage-pool
    name: default
    key: source
    value: ""
YAML
}

down() {
  [ -d "$base" ] || return 0
  # Force-stop instances while the cluster still has quorum, then stop the daemons.
  if [ -S "$base/member1/unix.socket" ]; then
    member_env 1
    # A member left dead by an interrupted run leaves its socket behind: listing fails, go on.
    { timeout 60 "$cli" list --format csv -c n 2>/dev/null || true; } | while read -r n; do
      timeout 30 "$cli" delete --force "$n" >/dev/null 2>&1 || true
    done
  fi
  for pidfile in "$base"/member*.pid; do
    signal_member TERM "$pidfile"
  done
  sleep 3
  for pidfile in "$base"/member*.pid; do
    signal_member KILL "$pidfile"
  done
  sleep 1
  # Unmount anything the daemons left mounted under the directory, deepest first.
  awk -v b="$base" '$2 ~ "^"b {print $2}' /proc/mounts | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
  rm -rf "$base"
}

case "$cmd" in
  up)
    n=${3:-3}
    down
    mkdir -p "$base"
    bootstrap
    for m in $(seq 2 "$n"); do
      member_env 1
      token=$("$cli" cluster add "member$m" --quiet)
      join "$m" "$token"
    done
    ;;
  join) join "${3:?member number}" "${4:?token}" ;;
  remove)  # stop member M (already removed from the cluster) and delete its directory
    m=${3:?member number}
    signal_member KILL "$base/member$m.pid"
    sleep 1
    awk -v b="$base/member$m" '$2 ~ "^"b {print $2}' /proc/mounts | sort -r | while read -r d; do
      umount -l "$d" 2>/dev/null || true
    done
    rm -rf "$base/member$m" "$base/member$m".*
    ;;
  solo)
    down
    mkdir -p "$base"
    start_member 9
    "${init[@]}" <<YAML
config:
  core.https_address: $net.9:8443
storage_pools:
- name: default
  driver: dir
profiles:
- name: default
  devices:
    root: {path: /, pool: default, type: disk}
YAML
    ;;
  down) down ;;
  *) echo "usage: $0 up|join|solo|down lxd|incus ..." >&2; exit 2 ;;
esac
