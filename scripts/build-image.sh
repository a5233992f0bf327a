#!/usr/bin/env bash
# Build the busybox test image (a unified image tarball) and print its path. No network needed:
# busybox-static provides every command. The tarball is cached under build/ and rebuilt only when
# missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build/busybox.tar.gz"
if [ -s "$out" ]; then echo "$out"; exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs"/{bin,sbin,dev,proc,sys,tmp,root,etc,var,run,usr/bin,usr/sbin}
chmod 1777 "$rootfs/tmp"
cp /bin/busybox "$rootfs/bin/busybox"
for applet in $("$rootfs/bin/busybox" --list); do
  [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\n' >"$rootfs/etc/group"
rm -f "$rootfs/sbin/init"
cat >"$rootfs/sbin/init" <<'INIT'
#!/bin/sh
# Exit on the signals LXD uses to stop a container; otherwise idle.
trap 'exit 0' TERM PWR INT
while :; do sleep 1 & wait $!; done
INIT
chmod 755 "$rootfs/sbin/init"
cat >"$work/metadata.yaml" <<META
architecture: $(uname -m)
creation_date: $(date +%s)
properties:
  description: BusyBox test image
  name: busybox
  os: BusyBox
META
mkdir -p "$root/build"
tar -C "$work" -czf "$out.tmp" metadata.yaml rootfs
mv "$out.tmp" "$out"
echo "$out"
