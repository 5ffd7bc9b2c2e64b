#!/usr/bin/env bash
# Builds the archlabeld binary as it ships: release, the Swift standard library linked
# statically, optimised for size, and laid out for a small resident set, then stripped.
#   scripts/build-release.sh [OUTPUT]     (default .build-release/archlabeld-stripped)
#
# Why each flag (figures in benchmarks/README.md):
#   -Osize                           smaller code than -O; no measurable speed cost for a daemon
#   -function-sections (Swift and C) one section per function, so that the linker can order them
#   --symbol-ordering-file           packaging/archlabeld.order (scripts/generate-link-order.sh):
#                                    the functions a run actually executes, placed together. The
#                                    kernel maps file pages 64 KiB at a time around each fault
#                                    ("fault-around"), so scattered hot code makes most of the
#                                    binary resident; clustered, the daemon's RSS drops by a third.
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
out=${1:-.build-release/archlabeld-stripped}
order=${ORDER_FILE:-packaging/archlabeld.order}
flags=(-c release --static-swift-stdlib --product archlabeld --scratch-path .build-release
  -Xswiftc -Osize -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections -Xcc -fdata-sections
  -Xswiftc -use-ld=lld -Xlinker --no-export-dynamic -Xlinker -z -Xlinker pack-relative-relocs
  -Xlinker -z -Xlinker now --disable-local-rpath)
if [ -s "$order" ]; then
  flags+=(-Xlinker "--symbol-ordering-file=$PWD/$order" -Xlinker --no-warn-symbol-ordering)
fi
swift build "${flags[@]}" >&2
mkdir -p "$(dirname "$out")"
strip -o "$out" .build-release/release/archlabeld
echo "$out"
