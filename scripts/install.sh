#!/usr/bin/env bash
# Install what the project needs, only what is missing: Debian packages, the .venv with the
# package and its dev tools, and a Python 3.10 venv for the unit tests. A rerun installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(lxd iptables busybox-static xz-utils squashfs-tools)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# A venv is (re)installed only when pyproject.toml changed since its last install.
stamp_of() { sha256sum pyproject.toml | cut -c1-16; }
make_venv() {  # make_venv DIR PYTHON EXTRAS
  local dir=$1 python=$2 extras=$3 stamp
  stamp="$dir/.pylxd-installed-$(stamp_of)"
  [ -e "$stamp" ] && return 0
  echo "setting up $dir with $("$python" --version)"
  [ -x "$dir/bin/python" ] || "$python" -m venv "$dir"
  "$dir/bin/python" -m pip install -q --disable-pip-version-check -e ".[$extras]" 2>&1 |
    grep -v "WARNING: Location" || true
  "$dir/bin/python" -c "import pylxd" # fails loudly if the install did not work
  rm -f "$dir"/.pylxd-installed-*
  touch "$stamp"
}
make_venv .venv python3 dev

py310=$(ls -d /root/.pyenv/versions/3.10*/bin/python 2>/dev/null | head -1 || true)
[ -n "$py310" ] || py310=$(command -v python3.10 || true)
if [ -n "$py310" ]; then
  make_venv .venv310 "$py310" dev
else
  echo "note: no Python 3.10 found; the unit tests will run on $(python3 --version) only"
fi
