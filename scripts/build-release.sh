#!/usr/bin/env bash
# Builds the archlabeld binary as it ships: release, the Swift standard library linked
# statically, optimised for size, and laid out for a small resident set, then stripped.
#   scripts/build-release.sh [--arch amd64|arm64] [OUTPUT]
# Prints the path of the stripped binary (default .build-release/archlabeld-stripped for this
# machine's architecture, .build-release-ARCH/archlabeld-stripped for another one).
#
# --arch arm64 on an amd64 machine cross-compiles with Debian sid's Swift 6.2 and a Debian 12 arm64
# sysroot (packaging/cross/toolchain.sh, set up once into a cache, as root): docs/packaging.md.
#
# Why each flag (figures in benchmarks/README.md):
#   -Osize                           smaller code than -O; no measurable speed cost for a daemon
#   -function-sections (Swift and C) one section per function, so that the linker can order them
#   --symbol-ordering-file           packaging/archlabeld.order (scripts/generate-link-order.sh):
#                                    the functions a run actually executes, placed together. The
#                                    kernel maps file pages 64 KiB at a time around each fault
#                                    ("fault-around"), so scattered hot code makes most of the
#                                    binary resident; clustered, the daemon's RSS drops by a third.
#                                    Swift's and C's symbol names are the same on both architectures,
#                                    so one file serves both.
#   lld, --no-export-dynamic         lld supports the two flags below; no export table for an
#                                    executable nobody links against (2 MB of .dynsym/.dynstr)
#   -z pack-relative-relocs          RELR: 77,000 relative relocations in 15 KB instead of 1.8 MB
#                                    of .rela.dyn (glibc >= 2.36: Debian 12)
#   -z now                           full RELRO: every symbol bound at start, the GOT read-only
#                                    before any input is parsed (+0.3 M instructions at start)
#   --disable-local-rpath            no RUNPATH $ORIGIN: the binary loads system libraries only
# A separate scratch path keeps these flags from invalidating the ordinary .build.
set -euo pipefail
cd "$(dirname "$0")/.."

native=$(dpkg --print-architecture 2>/dev/null || uname -m)
case $native in x86_64) native=amd64 ;; aarch64) native=arm64 ;; esac
arch=$native
if [ "${1:-}" = --arch ]; then
  [ $# -ge 2 ] || { echo "build-release: --arch needs amd64 or arm64" >&2; exit 64; }
  arch=$2
  shift 2
fi
case $arch in
  amd64 | arm64) ;;
  *) echo "build-release: unsupported architecture '$arch' (amd64 or arm64)" >&2; exit 64 ;;
esac
scratch=.build-release
[ "$arch" = "$native" ] || scratch=.build-release-$arch
out=${1:-$scratch/archlabeld-stripped}
order=${ORDER_FILE:-packaging/archlabeld.order}
flags=(-c release --static-swift-stdlib --product archlabeld --scratch-path "$scratch"
  -Xswiftc -Osize -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections -Xcc -fdata-sections
  -Xswiftc -use-ld=lld -Xlinker --no-export-dynamic -Xlinker -z -Xlinker pack-relative-relocs
  -Xlinker -z -Xlinker now --disable-local-rpath)
if [ -s "$order" ]; then
  flags+=(-Xlinker "--symbol-ordering-file=$PWD/$order" -Xlinker --no-warn-symbol-ordering)
fi

if [ "$arch" = "$native" ]; then
  swift build "${flags[@]}" >&2
  strip=strip
else
  [ "$native:$arch" = amd64:arm64 ] || { echo "build-release: cannot build for $arch on $native" >&2; exit 64; }
  . packaging/cross/toolchain.sh
  cross_setup
  mkdir -p "$scratch"
  # Symbols Debian's aarch64 Swift runtime takes from a newer glibc than Debian 12's
  # (packaging/cross/glibc-compat.c).
  compat=$scratch/glibc-compat.o
  if [ ! "$compat" -nt packaging/cross/glibc-compat.c ]; then
    cross_run clang --target=aarch64-linux-gnu --sysroot="/sdk/${cross_sysroot#"$cross_cache/sdk/"}" -O2 -fPIC \
      -c packaging/cross/glibc-compat.c -o "$compat"
    # SwiftPM does not know this input: make it link again.
    rm -f "$scratch/release/archlabeld"
  fi
  cross_run swift build "${flags[@]}" --swift-sdks-path /sdk --swift-sdk "$cross_sdk_name" \
    -Xlinker "$PWD/$compat" >&2
  strip=aarch64-linux-gnu-strip
fi
mkdir -p "$(dirname "$out")"
"$strip" -o "$out" "$scratch/release/archlabeld"
echo "$out"
