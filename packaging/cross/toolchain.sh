# Sourced by scripts/build-release.sh and packaging/build-deb.sh: the arm64 (aarch64) cross
# toolchain, set up from Debian's archive alone into a cache that later runs reuse. Needs root
# (debootstrap, chroot, mount namespaces). The route and its reasons: docs/packaging.md.
#
#   cross_setup          makes (once) and checks the toolchain; sets the variables below
#   cross_run CMD…       runs CMD in the toolchain root, in the repository, with the Swift SDK
#
# What the cache holds ($ARCHLABELD_CROSS_CACHE, default /var/cache/archlabeld-cross):
#   sid/                 Debian sid (amd64, minbase) with swiftlang: the only Debian release whose
#                        Swift compiler (6.2) can build this package; it needs glibc >= 2.42, so it
#                        runs in this chroot, not on the Debian 12 host
#   sdk/archlabeld-arm64.artifactbundle
#                        a Swift SDK bundle (SE-0387) for aarch64-unknown-linux-gnu: a Debian 12
#                        (bookworm) arm64 sysroot, so that the binary loads on Debian 12 and
#                        Raspberry Pi OS bookworm, with sid's aarch64 Swift runtime and modules of
#                        the same swiftlang version placed inside it
# Each part carries a stamp with what it was made from (the mirror, the package versions, and a
# hash of this script and of register-packages.sh); a part whose stamp does not match is made
# again. Delete the cache to start over.
#
# Environment: ARCHLABELD_CROSS_CACHE, ARCHLABELD_DEBIAN_MIRROR (default http://deb.debian.org/debian).

cross_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cross_cache=${ARCHLABELD_CROSS_CACHE:-/var/cache/archlabeld-cross}
cross_mirror=${ARCHLABELD_DEBIAN_MIRROR:-http://deb.debian.org/debian}
cross_triple=aarch64-unknown-linux-gnu
cross_sdk_name=archlabeld-arm64
# The Debian 12 arm64 packages the binary links against (their -dev packages, whose dependencies
# bring the runtime libraries that dpkg-shlibdeps and qemu-user need).
cross_sysroot_packages=libc6-dev,libstdc++-12-dev,libgcc-12-dev,libsystemd-dev,libyaml-dev,zlib1g-dev

cross_log() { echo "cross: $*" >&2; }
cross_die() { echo "cross: error: $*" >&2; exit 1; }

# cross_stamp_ok DIR TEXT: DIR was made complete from TEXT.
cross_stamp_ok() { [ -f "$1/.archlabeld-stamp" ] && [ "$(cat "$1/.archlabeld-stamp")" = "$2" ]; }
cross_stamp() { printf '%s\n' "$2" >"$1/.archlabeld-stamp"; }
# What the setup code is: a change to it makes the parts again.
cross_recipe() { cat "$cross_dir/toolchain.sh" "$cross_dir/register-packages.sh" | sha256sum | cut -c1-16; }

# What the cross build and its users need on this machine: the root builders, the aarch64
# binutils (strip, objdump for dpkg-shlibdeps) and qemu-user with binfmt-support (to run the
# arm64 binary for its version, and the arm64 test root).
cross_need_host_tools() {
  local need=()
  command -v debootstrap >/dev/null || need+=(debootstrap)
  command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
  command -v unshare >/dev/null || need+=(util-linux)
  [ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || need+=(debian-archive-keyring)
  command -v aarch64-linux-gnu-objdump >/dev/null || need+=(binutils-aarch64-linux-gnu)
  command -v qemu-aarch64-static >/dev/null || need+=(qemu-user-static)
  command -v update-binfmts >/dev/null || need+=(binfmt-support)
  # mmdebstrap checks that the foreign architecture runs (the arm64 test root) with arch-test,
  # which it only recommends.
  command -v arch-test >/dev/null || need+=(arch-test)
  if [ ${#need[@]} -gt 0 ]; then
    cross_log "installing ${need[*]}"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
  fi
}

# The sid root with the amd64 swiftlang, and the arm64 swiftlang .debs of the same version.
cross_make_sid() {
  local sid=$cross_cache/sid want
  want="sid, swiftlang for amd64 and arm64, $cross_mirror, recipe $(cross_recipe)"
  if cross_stamp_ok "$sid" "$want"; then return; fi
  cross_log "making the Debian sid root with swiftlang in $sid (once; about 1.3 GB from $cross_mirror)"
  rm -rf --one-file-system "$sid" "$sid.tmp"
  # In a namespace of its own: the mounts debootstrap makes in the target vanish with it, even
  # when it is killed, so that no later run trips over a /proc mounted in the cache.
  unshare --mount --propagation private -- debootstrap --variant=minbase --include=ca-certificates sid "$sid.tmp" \
    "$cross_mirror" >"$cross_cache/debootstrap.log" 2>&1 ||
    { tail -20 "$cross_cache/debootstrap.log" >&2; cross_die "debootstrap sid failed (log: $cross_cache/debootstrap.log)"; }
  # sid's Release files can be past their Valid-Until on a machine whose clock runs ahead.
  echo 'Acquire::Check-Valid-Until "false";' >"$sid.tmp/etc/apt/apt.conf.d/99archlabeld"
  # swiftlang puts its libraries in /usr/libexec/swift without a RUNPATH or an ld.so.conf entry.
  printf '%s\n' /usr/libexec/swift/lib/swift/linux /usr/libexec/swift/lib/swift/host/compiler /usr/libexec/swift/lib \
    >"$sid.tmp/etc/ld.so.conf.d/swiftlang.conf"
  cp /etc/resolv.conf "$sid.tmp/etc/resolv.conf" 2>/dev/null || true
  chroot "$sid.tmp" dpkg --add-architecture arm64
  # The arm64 .debs must be of the same Swift release as the compiler (a module is read only by
  # the compiler version that wrote it): the same source version; binNMU suffixes (+b1) may
  # differ between architectures, and sid may carry a newer Swift than the one last tested.
  cross_in_root "$sid.tmp" sh -ec '
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends swiftlang libc6-dev git pkg-config >/dev/null
    ldconfig
    version=$(dpkg-query -W -f="\${Version}" swiftlang)
    arm64=$(apt-cache policy swiftlang:arm64 | sed -n "s/^ *Candidate: //p")
    if [ "${arm64%+b*}" != "${version%+b*}" ]; then
      echo "sid has swiftlang $version for amd64 but $arm64 for arm64: not the same Swift; try again when both are built" >&2
      exit 1
    fi
    mkdir -p /var/cache/archlabeld
    cd /var/cache/archlabeld
    apt-get download -qq -o APT::Sandbox::User=root "swiftlang:arm64=$arm64" "libswiftlang:arm64=$arm64"
    apt-get clean' >&2 || cross_die "installing swiftlang in the sid root failed"
  cross_stamp "$sid.tmp" "$want"
  mv "$sid.tmp" "$sid"
}

# The Swift SDK bundle: the bookworm arm64 sysroot with the aarch64 Swift resources inside it.
cross_make_sdk() {
  local sid=$cross_cache/sid bundle=$cross_cache/sdk/$cross_sdk_name.artifactbundle swift_version want tmp sysroot
  swift_version=$(chroot "$sid" dpkg-query -W -f='${Version}' swiftlang)
  want="swiftlang $swift_version, bookworm $cross_sysroot_packages, $cross_mirror, recipe $(cross_recipe)"
  if cross_stamp_ok "$bundle" "$want"; then return; fi
  cross_log "making the Swift SDK for $cross_triple in $bundle (once)"
  rm -rf --one-file-system "$bundle" "$bundle.tmp"
  tmp=$bundle.tmp
  sysroot=$tmp/$cross_sdk_name/$cross_triple/sysroot
  mkdir -p "$(dirname "$sysroot")"
  # extract: the packages and their dependencies unpacked, no maintainer script run (no qemu).
  # The hook records each package in the sysroot's dpkg database before apt's cache is emptied,
  # so that dpkg-shlibdeps finds the arm64 libraries' packages and symbols files there.
  mmdebstrap --quiet --variant=extract --architectures=arm64 --include="$cross_sysroot_packages" \
    --extract-hook="\"$cross_dir/register-packages.sh\" \"\$1\"" \
    bookworm "$sysroot" "$cross_mirror" >&2 || cross_die "mmdebstrap of the bookworm arm64 sysroot failed"
  # Absolute symbolic links (libm.so -> /lib/aarch64-linux-gnu/libm.so.6) would point into the
  # build machine's own root: make them relative to the sysroot.
  find "$sysroot" -type l -lname '/*' -print0 | while IFS= read -r -d '' link; do
    ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$sysroot$(readlink "$link")")" "$link"
  done
  # The aarch64 Swift modules, runtime (shared and static) and the clang resource directory, from
  # the arm64 swiftlang .deb of the compiler's exact version (a module is only read by the compiler
  # version that wrote it). The driver and SwiftPM look for them inside the SDK root.
  local unpack=$tmp/unpack deb
  mkdir -p "$unpack"
  for deb in "$sid"/var/cache/archlabeld/*swiftlang_*_arm64.deb; do
    # Not the compiler's own libraries (host, and lib/*.so itself), the embedded Swift and
    # package-manager plug-in libraries, nor the ABI baselines: 780 MB that a cross build of this
    # package never reads. (Without --no-wildcards-match-slash, lib/*.so* would also drop the
    # aarch64 shared runtime in lib/swift/linux.)
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$unpack" --no-wildcards-match-slash ./usr/libexec/swift/lib \
      --exclude='./usr/libexec/swift/lib/swift/host' --exclude='./usr/libexec/swift/lib/swift/embedded' \
      --exclude='./usr/libexec/swift/lib/swift/pm' --exclude='./usr/libexec/swift/lib/swift/FrameworkABIBaseline' \
      --exclude='./usr/libexec/swift/lib/*.so*' ||
      cross_die "unpacking $deb failed"
  done
  [ -f "$unpack/usr/libexec/swift/lib/swift/linux/aarch64/swiftrt.o" ] || cross_die "the arm64 swiftlang has no aarch64 swiftrt.o"
  mv "$unpack/usr/libexec/swift/lib/swift" "$unpack/usr/libexec/swift/lib/swift_static" \
    "$unpack/usr/libexec/swift/lib/clang" "$sysroot/usr/lib/"
  rm -rf "$unpack"
  cat >"$tmp/info.json" <<EOF
{
  "schemaVersion": "1.0",
  "artifacts": {
    "$cross_sdk_name": {
      "type": "swiftSDK",
      "version": "$swift_version",
      "variants": [{ "path": "$cross_sdk_name/$cross_triple" }]
    }
  }
}
EOF
  cat >"$tmp/$cross_sdk_name/$cross_triple/swift-sdk.json" <<EOF
{
  "schemaVersion": "4.0",
  "targetTriples": {
    "$cross_triple": {
      "sdkRootPath": "sysroot",
      "swiftResourcesPath": "sysroot/usr/lib/swift",
      "swiftStaticResourcesPath": "sysroot/usr/lib/swift_static",
      "toolsetPaths": ["toolset.json"]
    }
  }
}
EOF
  cat >"$tmp/$cross_sdk_name/$cross_triple/toolset.json" <<EOF
{
  "schemaVersion": "1.0",
  "swiftCompiler": { "extraCLIOptions": ["-use-ld=lld"] }
}
EOF
  cross_stamp "$tmp" "$want"
  mv "$tmp" "$bundle"
}

# cross_in_root ROOT CMD…: CMD in ROOT with /proc mounted (Swift's runtime reads its arguments from
# /proc/self/cmdline), in a private mount namespace so that nothing stays mounted afterwards.
cross_in_root() {
  local root=$1
  shift
  unshare --mount --propagation private -- sh -ec 'mount -t proc proc "$0/proc"; exec chroot "$0" "$@"' "$root" "$@"
}

cross_setup() {
  [ "$(id -u)" -eq 0 ] || cross_die "the arm64 cross toolchain is set up and run as root (debootstrap, chroot)"
  cross_need_host_tools
  mkdir -p "$cross_cache"
  cross_make_sid
  cross_make_sdk
  cross_sysroot=$cross_cache/sdk/$cross_sdk_name.artifactbundle/$cross_sdk_name/$cross_triple/sysroot
  cross_swift_version=$(chroot "$cross_cache/sid" dpkg-query -W -f='${Version}' swiftlang)
  cross_log "swiftlang $cross_swift_version (Debian sid), sysroot Debian 12 arm64: $cross_sysroot"
}

# cross_run CMD…: CMD in the sid root, in this repository (bind-mounted at the same path), with the
# SDK at /sdk and pkg-config pointed at the sysroot. Swift packages resolve as on the host: its
# /etc/gitconfig and /opt/swift-packages (a local mirror of GitHub, where there is one) are
# bind-mounted read-only.
cross_run() {
  local sid=$cross_cache/sid repo=$PWD
  unshare --mount --propagation private -- bash -ec '
    sid=$1 repo=$2 sdk=$3 sysroot=$4
    shift 4
    mount -t proc proc "$sid/proc"
    mkdir -p "$sid$repo" "$sid/sdk"
    mount --bind "$repo" "$sid$repo"
    mount --bind -o ro "$sdk" "$sid/sdk"
    if [ -f /etc/gitconfig ]; then
      touch "$sid/etc/gitconfig"
      mount --bind -o ro /etc/gitconfig "$sid/etc/gitconfig"
    fi
    if [ -d /opt/swift-packages ]; then
      mkdir -p "$sid/opt/swift-packages"
      mount --bind -o ro /opt/swift-packages "$sid/opt/swift-packages"
    fi
    lib=/sdk/${sysroot#"$sdk/"}
    exec chroot "$sid" env -C "$repo" \
      PATH=/usr/libexec/swift/bin:/usr/bin:/bin HOME=/root \
      PKG_CONFIG_SYSROOT_DIR="$lib" \
      PKG_CONFIG_LIBDIR="$lib/usr/lib/aarch64-linux-gnu/pkgconfig:$lib/usr/share/pkgconfig" \
      PKG_CONFIG_PATH="$lib/usr/lib/aarch64-linux-gnu/pkgconfig:$lib/usr/share/pkgconfig" \
      "$@"' _ "$sid" "$repo" "$cross_cache/sdk" "$cross_sysroot" "$@"
}
