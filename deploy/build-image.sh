#!/usr/bin/env bash
# Builds the DaemonSet's image index archlabeld:VERSION for linux/amd64 and linux/arm64/v8 from
# Debian packages only, reproducibly (the same binaries and packages give the same digests), as
# an OCI layout directory and an oci-archive:
#   deploy/build-image.sh [OUTDIR]            (default .build-image/ in the repository; as root)
# OUTDIR must be new, empty, or an earlier output of this script (it holds .archlabeld-image).
# Prints the layout's and the archive's paths on stdout; progress goes to stderr.
#
# Each platform's root file system is the binary's run-time library closure and nothing else:
# libc6, libstdc++6, libgcc-s1, libsystemd0, libyaml-0-2 and zlib1g with their dependencies, as
# Debian 12 ships them, extracted by `mmdebstrap --variant=extract` (no maintainer scripts, so the
# arm64 root needs no emulation), their copyright files kept and their documentation dropped, an
# /etc/passwd and /etc/group naming nobody (65534), and /usr/bin/archlabeld (the release build of
# scripts/build-release.sh, stripped, as the .deb ships it). No shell, no package manager. The
# image runs as 65534:65534 with `archlabeld` as its entrypoint, so the DaemonSet's `args` and
# `podman run IMAGE --once --dry-run …` read as they are written. Why this base: docs/deployment.md.
#
# buildah works in a private storage under OUTDIR (vfs driver: no overlay mounts needed), so the
# machine's containers-storage is not touched. Every file gets the time 0 and the image's creation
# time is 0 (`buildah commit --timestamp 0`).
#
# Environment:
#   ARCHLABELD_DEBIAN_MIRROR   the Debian mirror (default http://deb.debian.org/debian); bookworm and
#                              bookworm-updates come from it
#   ARCHLABELD_DEBIAN_SECURITY_MIRROR   bookworm-security (default http://deb.debian.org/debian-security)
#   ARCHLABELD_BINARY_AMD64, ARCHLABELD_BINARY_ARM64   use these release binaries instead of building
#   ARCHLABELD_PLATFORMS       the platforms to build (default "amd64 arm64")
set -euo pipefail
# A relative OUTDIR is the caller's, resolved before moving to the repository.
if [ -n "${1:-}" ]; then
  mkdir -p "$1"
  outdir=$(cd "$1" && pwd)
fi
cd "$(dirname "$0")/.."
umask 022
outdir=${outdir:-$PWD/.build-image}
mirror=${ARCHLABELD_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security_mirror=${ARCHLABELD_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
platforms=${ARCHLABELD_PLATFORMS:-amd64 arm64}
runtime_packages=libc6,libstdc++6,libgcc-s1,libsystemd0,libyaml-0-2,zlib1g

log() { echo "build-image: $*" >&2; }
die() { echo "build-image: error: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (mmdebstrap and buildah write root-owned file systems)"
need=()
command -v buildah >/dev/null || need+=(buildah)
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
command -v skopeo >/dev/null || need+=(skopeo)
[ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || need+=(debian-archive-keyring)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

mkdir -p "$outdir"
# Never clear a directory this script did not make: it deletes storage/, oci/ and the roots there.
if [ -n "$(ls -A "$outdir")" ] && [ ! -f "$outdir/.archlabeld-image" ]; then
  die "$outdir is not empty and is no output of this script; give a new or empty directory"
fi
touch "$outdir/.archlabeld-image"
store=$outdir/storage
# The private storage and the root file systems go away however the build ends.
trap 'rm -rf "$store" "$outdir/amd64" "$outdir/arm64"' EXIT
bah() { buildah --root "$store/root" --runroot "$store/run" --storage-driver vfs "$@"; }

binary_for() {
  local variable=ARCHLABELD_BINARY_${1^^}
  if [ -n "${!variable:-}" ]; then echo "${!variable}"; else scripts/build-release.sh --arch "$1"; fi
}

# The platform's root file system in $1/rootfs.
make_rootfs() {
  local arch=$1 dir=$2 binary=$3
  rm -rf "$dir"
  mkdir -p "$dir"
  mmdebstrap --quiet --variant=extract --architectures="$arch" --include="$runtime_packages" \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/lintian/*' --dpkgopt='path-exclude=/usr/share/gcc/*' \
    --dpkgopt='path-exclude=/usr/share/libgcrypt20/*' --dpkgopt='path-exclude=/usr/lib/*/gconv/*' \
    bookworm "$dir/rootfs" "deb $mirror bookworm main" "deb $mirror bookworm-updates main" \
    "deb $security_mirror bookworm-security main" >&2
  local root=$dir/rootfs
  # What apt, dpkg and mmdebstrap leave behind is not needed at run time: the image has no package
  # manager, and the container runtime provides /etc/hostname, /etc/resolv.conf and /dev. Nor are
  # libc6's iconv modules (gconv), libstdc++'s gdb printers or libgcrypt's clean-up script.
  rm -rf "$root"/var "$root"/etc/apt "$root"/etc/dpkg "$root"/etc/fstab "$root"/etc/hostname "$root"/etc/resolv.conf \
    "$root"/dev "$root"/run "$root"/tmp "$root"/usr/share/gcc "$root"/usr/share/libgcrypt20 "$root"/usr/lib/*/gconv
  mkdir -p "$root"/etc "$root"/usr/bin "$root"/tmp "$root"/run
  chmod 1777 "$root"/tmp
  printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' >"$root"/etc/passwd
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root"/etc/group
  install -m 0755 "$binary" "$root"/usr/bin/archlabeld
  # The package's copyright file, as /usr/share/doc/archlabeld/copyright.
  install -D -m 0644 packaging/copyright "$root"/usr/share/doc/archlabeld/copyright
}

version=
rm -rf "$store" "$outdir/oci" "$outdir"/archlabeld-*.oci.tar
mkdir -p "$store"
images=()
for arch in $platforms; do
  case $arch in
    amd64) variant= ;;
    arm64) variant=v8 ;;
    *) die "unknown platform $arch (amd64, arm64)" ;;
  esac
  binary=$(binary_for "$arch")
  [ -x "$binary" ] || die "no release binary for $arch at $binary"
  if [ "$arch" = "$(dpkg --print-architecture)" ]; then
    version=$("$binary" --version)
  fi
  log "$arch: root file system (Debian 12: $runtime_packages) and $binary"
  make_rootfs "$arch" "$outdir/$arch" "$binary"
  container=$(bah from --arch "$arch" ${variant:+--variant "$variant"} scratch)
  bah copy --quiet "$container" "$outdir/$arch/rootfs/" / >/dev/null
  bah config --os linux --arch "$arch" ${variant:+--variant "$variant"} --user 65534:65534 \
    --entrypoint '["/usr/bin/archlabeld"]' --cmd '' --workingdir / \
    --label org.opencontainers.image.title=archlabeld \
    --label org.opencontainers.image.description="Node labels for mixed-hardware k3s clusters" \
    --label org.opencontainers.image.base.name=debian:bookworm-runtime-libraries \
    --created-by "deploy/build-image.sh" "$container"
  images+=("$arch")
  bah commit --quiet --timestamp 0 --format oci --rm "$container" "localhost/archlabeld:image-$arch" >/dev/null
done
[ -n "$version" ] || version=$(grep -o 'static let version = "[^"]*"' Sources/archlabeld/ArchLabelCommand.swift | cut -d'"' -f2)
[[ $version =~ ^[0-9][A-Za-z0-9.+-]*$ ]] || die "'$version' is not a version"

bah manifest create "localhost/archlabeld:$version" >/dev/null
for arch in "${images[@]}"; do
  bah manifest add "localhost/archlabeld:$version" "containers-storage:localhost/archlabeld:image-$arch" >/dev/null
done
bah manifest push --quiet --all --format oci "localhost/archlabeld:$version" "oci:$outdir/oci:$version" >&2
skopeo copy --quiet --all "oci:$outdir/oci:$version" "oci-archive:$outdir/archlabeld-$version.oci.tar:archlabeld:$version" >&2
log "index archlabeld:$version: $(skopeo inspect --raw "oci:$outdir/oci:$version" | sha256sum | cut -c1-64)"
echo "$outdir/oci"
echo "$outdir/archlabeld-$version.oci.tar"
