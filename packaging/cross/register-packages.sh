#!/usr/bin/env bash
# mmdebstrap --extract-hook for the arm64 sysroot (packaging/cross/toolchain.sh): records every
# package unpacked into ROOT in ROOT's dpkg database (status, file lists, shlibs and symbols files),
# as dpkg would have, so that `dpkg-shlibdeps --admindir=ROOT/var/lib/dpkg` can tell which package
# each arm64 library belongs to and what version its symbols need. No maintainer script is run.
#   register-packages.sh ROOT
set -euo pipefail
root=$1
admin=$root/var/lib/dpkg
mkdir -p "$admin/info"
: >"$admin/status"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shopt -s nullglob
debs=("$root"/var/cache/apt/archives/*.deb)
[ ${#debs[@]} -gt 0 ] || { echo "register-packages: no .deb in $root/var/cache/apt/archives" >&2; exit 1; }
for deb in "${debs[@]}"; do
  package=$(dpkg-deb -f "$deb" Package)
  # One architecture only, so dpkg names the files without ":arm64".
  name=$package
  rm -rf "$work/control"
  dpkg-deb -e "$deb" "$work/control"
  for part in shlibs symbols; do
    [ -f "$work/control/$part" ] && cp "$work/control/$part" "$admin/info/$name.$part"
  done
  # dpkg's file list: every path in the archive, "/." for the root.
  dpkg-deb --fsys-tarfile "$deb" | tar -t | sed -e 's|^\./|/|' -e 's|/$||' -e 's|^$|/.|' >"$admin/info/$name.list"
  { sed '/^Status:/d' "$work/control/control" | sed '1a Status: install ok installed'; echo; } >>"$admin/status"
done
echo "register-packages: ${#debs[@]} packages recorded in $admin" >&2
