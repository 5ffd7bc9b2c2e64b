#!/usr/bin/env bash
# Builds the archlabeld Debian binary package.
#   packaging/build-deb.sh [--arch amd64|arm64] [OUTDIR]        (default .build-deb/)
# The architecture defaults to this machine's (dpkg --print-architecture). --arch arm64 on an
# amd64 machine cross-compiles (scripts/build-release.sh --arch arm64, as root) and computes the
# arm64 Depends against the Debian 12 arm64 sysroot of packaging/cross/toolchain.sh.
# Prints the path of the .deb on stdout; progress goes to stderr.
#
# Environment:
#   ARCHLABELD_BINARY=PATH   package this binary instead of running scripts/build-release.sh
#                            (it must be the release build for --arch: stripped, Swift stdlib static)
#   ARCHLABELD_UNIT=PATH     the systemd unit (default systemd/archlabeld.service)
#   ARCHLABELD_REVISION=N    the Debian revision (default 1)
#   ARCHLABELD_VERSION=V     override the upstream version (default: `archlabeld --version`)
#   SOURCE_DATE_EPOCH        timestamps in the package (default: the last commit's time)
#
# Needs dpkg-deb, gzip, binutils (objdump, readelf) and dpkg-dev (dpkg-shlibdeps); for arm64 on
# amd64 also binutils-aarch64-linux-gnu and qemu-user-static (which the cross set-up installs).
# What is installed where, and why: docs/packaging.md.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 022

package=archlabeld
maintainer="archlabeld maintainers <archlabeld@example.org>"
revision=${ARCHLABELD_REVISION:-1}
unit=${ARCHLABELD_UNIT:-systemd/archlabeld.service}
native=$(dpkg --print-architecture)
arch=$native
if [ "${1:-}" = --arch ]; then
  [ $# -ge 2 ] || { echo "build-deb: --arch needs amd64 or arm64" >&2; exit 64; }
  arch=$2
  shift 2
fi
outdir=${1:-.build-deb}
# Shipped in /usr/share/doc/archlabeld: the configuration reference that config.yaml names,
# and the explanation of the unit's settings that the unit file names (Documentation=).
docs=(docs/configuration.md docs/unit.md)

log() { echo "build-deb: $*" >&2; }
warn() { echo "build-deb: warning: $*" >&2; }
die() { echo "build-deb: error: $*" >&2; exit 1; }

for tool in dpkg dpkg-deb dpkg-shlibdeps gzip objdump readelf strip md5sum; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install dpkg dpkg-dev binutils gzip coreutils)"
done
[ -f "$unit" ] || die "no systemd unit at $unit (set ARCHLABELD_UNIT to use another file)"
for file in packaging/config.yaml packaging/copyright packaging/archlabeld.8 packaging/lintian-overrides \
  packaging/deb/postinst packaging/deb/prerm packaging/deb/postrm "${docs[@]}"; do
  [ -f "$file" ] || die "$file is missing"
done

# --- the binary ---------------------------------------------------------------------------
binary=${ARCHLABELD_BINARY:-}
if [ -z "$binary" ]; then
  log "building the release binary (scripts/build-release.sh --arch $arch)"
  binary=$(scripts/build-release.sh --arch "$arch")
fi
[ -f "$binary" ] && [ -x "$binary" ] || die "binary $binary does not exist or is not executable"

machine=$(readelf -h "$binary" | sed -n 's/^ *Machine: *//p')
case "$arch:$machine" in
  amd64:*X86-64* | arm64:AArch64 | armhf:ARM | armel:ARM | i386:*80386* | riscv64:RISC-V | \
    ppc64el:PowerPC64 | s390x:*S/390*) ;;
  amd64:* | arm64:* | armhf:* | armel:* | i386:* | riscv64:* | ppc64el:* | s390x:*)
    die "$binary is built for $machine, not for the package's architecture $arch" ;;
  *) warn "cannot check that $binary ($machine) matches the architecture $arch" ;;
esac

# Where the libraries the binary links against are, and the dpkg database that says which
# package each belongs to: this machine's for a native package; for a cross-built one the
# target's sysroot, whose file lists are given the sysroot's prefix in a scratch copy (this
# dpkg-shlibdeps has no sysroot option), with the cross objdump (DEB_HOST_ARCH).
admindir=/var/lib/dpkg
binutils_prefix=""
shlibdeps_env=()
shlibdeps_paths=()
version_of() { "$binary" --version; }
if [ "$arch" != "$native" ]; then
  [ "$native:$arch" = amd64:arm64 ] || die "cannot package $arch on $native"
  . packaging/cross/toolchain.sh
  cross_setup
  admindir=$(mktemp -d)
  trap 'rm -rf "$admindir"' EXIT
  cp "$cross_sysroot/var/lib/dpkg/status" "$admindir/status"
  mkdir "$admindir/info" "$admindir/updates"
  for list in "$cross_sysroot"/var/lib/dpkg/info/*.list; do
    sed "s|^/|$cross_sysroot/|" "$list" >"$admindir/info/$(basename "$list")"
  done
  cp "$cross_sysroot"/var/lib/dpkg/info/*.symbols "$cross_sysroot"/var/lib/dpkg/info/*.shlibs "$admindir/info/"
  binutils_prefix=aarch64-linux-gnu-
  shlibdeps_env=(DEB_HOST_ARCH="$arch")
  shlibdeps_paths=("-l$cross_sysroot/lib/aarch64-linux-gnu" "-l$cross_sysroot/usr/lib/aarch64-linux-gnu")
  # The version is printed by the binary: run it under qemu-user with the sysroot's libraries.
  version_of() { qemu-aarch64-static -L "$cross_sysroot" "$binary" --version; }
fi

upstream=${ARCHLABELD_VERSION:-$(version_of)}
[[ $upstream =~ ^[0-9][A-Za-z0-9.+~]*$ ]] || die "'$upstream' (archlabeld --version) is not a Debian upstream version"
[[ $revision =~ ^[A-Za-z0-9.+~]+$ ]] || die "'$revision' is not a Debian revision"
version="$upstream-$revision"
log "$package $version for $arch from $binary"

if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || date +%s)
fi
export SOURCE_DATE_EPOCH
commit=$(git describe --always --dirty 2>/dev/null || echo unknown)

# --- the copyright file against the resolved Swift packages -------------------------------
# Only a warning: the lead decides; packaging/copyright says how to keep it current.
if [ -f Package.resolved ]; then
  resolved=$(sed -n 's/.*"identity" *: *"\([^"]*\)".*/\1/p' Package.resolved | sort -u)
  for id in $resolved; do
    grep -Eq "(^|[^A-Za-z0-9-])$id([^A-Za-z0-9-]|\$)" packaging/copyright ||
      warn "Package.resolved has $id, which packaging/copyright does not name (linked? add a Files paragraph)"
  done
  for id in $(sed -n 's#^Files: \.build/checkouts/\([^/]*\)/.*#\1#p' packaging/copyright | sort -u); do
    grep -qx -- "$id" <<<"$resolved" ||
      warn "packaging/copyright has a paragraph for $id, which is no longer in Package.resolved"
  done
fi

# --- the tree -----------------------------------------------------------------------------
work=$(mktemp -d)
trap 'rm -rf "$work"; [ "$admindir" = /var/lib/dpkg ] || rm -rf "$admindir"' EXIT
# debian/archlabeld, with DEBIAN inside, is where dpkg-shlibdeps expects a package's tree.
root="$work/debian/$package"
doc="$root/usr/share/doc/$package"
install -d -m 0755 "$root/DEBIAN" "$root/usr/bin" "$root/lib/systemd/system" \
  "$root/etc/$package/labels.d" "$doc" "$root/usr/share/man/man8" "$root/usr/share/lintian/overrides"
install -m 0755 "$binary" "$root/usr/bin/$package"
# As dh_strip does: the compilers' .comment section is of no use in a package (it is not
# loaded; the binary's code and layout are unchanged).
"${binutils_prefix}strip" --remove-section=.comment "$root/usr/bin/$package"
install -m 0644 "$unit" "$root/lib/systemd/system/$package.service"
install -m 0644 packaging/config.yaml "$root/etc/$package/config.yaml"
install -m 0644 packaging/copyright "$doc/copyright"
for file in "${docs[@]}"; do
  install -m 0644 "$file" "$doc/$(basename "$file")"
done
install -m 0644 packaging/lintian-overrides "$root/usr/share/lintian/overrides/$package"

changed=$(date -u -R -d "@$SOURCE_DATE_EPOCH")
cat >"$work/changelog.Debian" <<EOF
$package ($version) unstable; urgency=medium

  * Built from archlabeld $upstream (git $commit) by packaging/build-deb.sh.

 -- $maintainer  $changed
EOF
gzip -9n <"$work/changelog.Debian" >"$doc/changelog.Debian.gz"

# The man page carries the package's version in its title line.
sed "s/^\.TH ARCHLABELD 8 \"\([^\"]*\)\" \"[^\"]*\"/.TH ARCHLABELD 8 \"\1\" \"archlabeld $upstream\"/" \
  packaging/archlabeld.8 | gzip -9n >"$root/usr/share/man/man8/$package.8.gz"
chmod 0644 "$doc/changelog.Debian.gz" "$root/usr/share/man/man8/$package.8.gz"

# --- Depends ------------------------------------------------------------------------------
# The lowest libc6 version that has every symbol version the binary asks of glibc, from libc6's
# symbols file. dpkg-shlibdeps misses version requirements with no symbol behind them, such as
# GLIBC_ABI_DT_RELR (glibc 2.36) that lld's -z pack-relative-relocs adds: without this the
# package would claim to work with a glibc that cannot load the binary.
libc_floor() {
  local symbols="" floor="" needed v
  for f in "$admindir/info/libc6:$arch.symbols" "$admindir/info/libc6.symbols"; do
    [ -f "$f" ] && symbols=$f && break
  done
  [ -n "$symbols" ] || return 0
  needed=$("${binutils_prefix}objdump" -p "$1" | awk '
    /^  required from / { glibc = ($3 ~ /^(libc|libm|libpthread|libdl|librt|ld-linux)/) ; next }
    glibc && NF == 4 && $4 ~ /^GLIBC_/ { print $4 }' | sort -u)
  for name in $needed; do
    v=$(awk -v s="$name@$name" '$1 == s { print $2; exit }' "$symbols")
    [ -n "$v" ] || continue
    if [ -z "$floor" ] || dpkg --compare-versions "$v" gt "$floor"; then floor=$v; fi
  done
  echo "$floor"
}

# Raises libc6's minimum in dpkg-shlibdeps' Depends list (which always has `libc6 (>= V)`) to
# $2 when it is lower.
raise_libc6() {
  local depends=$1 floor=$2 current
  current=$(sed -n 's/.*\blibc6 (>= \([^)]*\)).*/\1/p' <<<"$depends")
  if [ -n "$floor" ] && [ -n "$current" ] && dpkg --compare-versions "$floor" gt "$current"; then
    depends=$(sed "s/\blibc6 (>= [^)]*)/libc6 (>= $floor)/" <<<"$depends")
  fi
  echo "$depends"
}

mkdir -p "$work/debian"
printf 'Source: %s\n\nPackage: %s\nArchitecture: any\n' "$package" "$package" >"$work/debian/control"
shlibs=$(cd "$work" && env "${shlibdeps_env[@]}" dpkg-shlibdeps --admindir="$admindir" "${shlibdeps_paths[@]}" \
  -O -e"debian/$package/usr/bin/$package" 2> >(sed 's/^/build-deb: /' >&2)) ||
  die "dpkg-shlibdeps failed"
depends=$(sed -n 's/^shlibs:Depends=//p' <<<"$shlibs")
[ -n "$depends" ] || die "dpkg-shlibdeps computed no Depends"
depends=$(raise_libc6 "$depends" "$(libc_floor "$binary")")
log "Depends (dpkg-shlibdeps, libc6 floor from its symbols file): $depends"

# --- control files ------------------------------------------------------------------------
# Installed-Size as dpkg-gencontrol counts it: KiB per file rounded up, 1 per other entry.
installed_size=$(cd "$root" && find . -path ./DEBIAN -prune -o ! -path . -printf '%y %s\n' |
  awk '$1 == "f" { total += int(($2 + 1023) / 1024); next } { total += 1 } END { print total }')

cat >"$root/DEBIAN/control" <<EOF
Package: $package
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: $depends
Section: admin
Priority: optional
Description: Kubernetes node labels for hardware, CPU variant and virtualization
 archlabeld labels a Kubernetes (k3s) node with what the kubelet does not: the
 board (archlabeld.io/hardware=rpi4), the SoC, the CPU architecture variant
 (arch.variant=v8 on arm64, v1 to v4 on amd64), memory, virtualization and
 containers (virt=lxc), the container runtime, kernel version and page size,
 the root storage, cgroups and binfmt emulation, each derived with its evidence
 from /proc, /sys, the device tree and DMI.
 .
 It runs as a sandboxed systemd service that uses the node's own k3s
 credentials, watches its Node and repairs drift within seconds, and changes
 only the labels it manages. Custom labels, rules and Node Feature
 Discovery-style drop-in files are set in /etc/archlabeld/config.yaml.
 "archlabeld --once --dry-run" shows the labels and their evidence without a
 cluster.
EOF
echo "/etc/$package/config.yaml" >"$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do
  install -m 0755 "packaging/deb/$script" "$root/DEBIAN/$script"
done
# md5sums of every file but the conffiles (dpkg keeps theirs in its status), as dh_md5sums does.
(cd "$root" && find . -path ./DEBIAN -prune -o -path "./etc/$package/config.yaml" -o -type f -printf '%P\n' |
  LC_ALL=C sort | xargs -d '\n' md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"

# Reproducible: every entry gets the same time (dpkg-deb also clamps to SOURCE_DATE_EPOCH).
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

# --- the package --------------------------------------------------------------------------
mkdir -p "$outdir"
deb="$outdir/${package}_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$root" "$deb" >&2
log "$(du -k "$deb" | cut -f1) KiB package, Installed-Size $installed_size KiB"
echo "$deb"
