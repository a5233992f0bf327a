#!/usr/bin/env bash
# Build the busybox test image and print the unified tarball's path. No network needed:
# busybox-static provides every command. Also writes the same image split in two (a metadata
# tarball and a squashfs rootfs) for the split-image tests. Cached under build/, rebuilt only
# when a file is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build/busybox.tar.gz"
split_meta="$root/build/busybox-split-meta.tar.gz"
split_rootfs="$root/build/busybox-split-rootfs.squashfs"
if [ -s "$out" ] && [ -s "$split_meta" ] && [ -s "$split_rootfs" ]; then echo "$out"; exit 0; fi
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
# The split variant says so in its description, so its fingerprint differs from the unified one.
sed -i 's/BusyBox test image/BusyBox test image (split)/' "$work/metadata.yaml"
tar -C "$work" -czf "$split_meta.tmp" metadata.yaml
rm -f "$split_rootfs.tmp"
mksquashfs "$rootfs" "$split_rootfs.tmp" -noappend -quiet -all-root >/dev/null
mv "$out.tmp" "$out"
mv "$split_meta.tmp" "$split_meta"
mv "$split_rootfs.tmp" "$split_rootfs"
echo "$out"
