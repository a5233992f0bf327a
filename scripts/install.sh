#!/usr/bin/env bash
# Install what the project needs, only what is missing: Debian packages, the .venv with the
# package and its dev tools, and a Python 3.10 venv for the unit tests. A rerun installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

packages=(lxd iptables busybox-static xz-utils squashfs-tools)
missing=()
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Incus 6.0 comes from bookworm-backports: a source with the same mirror and key as the main
# Debian source. incus-base is the container-only daemon (no qemu).
if ! installed incus-base; then
  backports=/etc/apt/sources.list.d/pylxd-backports.sources
  if [ ! -e "$backports" ]; then
    main=/etc/apt/sources.list.d/debian.sources
    uris=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' "$main")
    key=$(awk '/^Signed-By:/ {print $2; exit}' "$main")
    [ -n "$uris" ] || { echo "cannot find the Debian mirror in $main" >&2; exit 1; }
    printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: %s\n' \
      "$uris" "$key" >"$backports"
  fi
  echo "installing incus-base from bookworm-backports"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t bookworm-backports incus-base >/dev/null
fi

# A venv is (re)installed only when pyproject.toml or the extras it gets changed since its
# last install.
stamp_of() { sha256sum pyproject.toml | cut -c1-16; }
make_venv() {  # make_venv DIR PYTHON EXTRAS
  local dir=$1 python=$2 extras=$3 stamp
  stamp="$dir/.pylxd-installed-$(stamp_of)-${extras//,/-}"
  [ -e "$stamp" ] && return 0
  echo "setting up $dir with $("$python" --version)"
  [ -x "$dir/bin/python" ] || "$python" -m venv "$dir"
  "$dir/bin/python" -m pip install -q --disable-pip-version-check -e ".[$extras]" 2>&1 |
    grep -v "WARNING: Location" || true
  "$dir/bin/python" -c "import pylxd" # fails loudly if the install did not work
  rm -f "$dir"/.pylxd-installed-*
  touch "$stamp"
}
make_venv .venv python3 dev,docs

py310=$(ls -d /root/.pyenv/versions/3.10*/bin/python 2>/dev/null | head -1 || true)
[ -n "$py310" ] || py310=$(command -v python3.10 || true)
if [ -n "$py310" ]; then
  make_venv .venv310 "$py310" dev
else
  echo "note: no Python 3.10 found; the unit tests will run on $(python3 --version) only"
fi
