#!/usr/bin/env bash
# Builds the libFuzzer target (all ArchLabelCore sources + fuzz/FuzzParsers.swift, one module,
# -sanitize=fuzzer,address) and runs it for N seconds (default 60) over a corpus seeded from the
# test fixtures. Prints libFuzzer's final statistics (executions, coverage).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=fuzz/.build-fuzz
mkdir -p "$out/corpus"
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name ArchLabelFuzz \
  $(find Sources/ArchLabelCore -name '*.swift') fuzz/FuzzParsers.swift -o "$out/fuzz-parsers"
# Seeds: each cpuinfo sample behind selector 0, os-release and dt strings behind theirs.
i=0
for f in Tests/Fixtures/cpuinfo/*.txt; do { printf '\x00'; cat "$f"; } > "$out/corpus/cpuinfo-$i"; i=$((i+1)); done
for c in Tests/Fixtures/virt-what/cases/*; do
  [ -f "$c/proc/1/environ" ] && { printf '\x07'; cat "$c/proc/1/environ"; } > "$out/corpus/environ-$(basename "$c")"
done
printf '\x01ID=debian\nVERSION_ID="12"\n' > "$out/corpus/os-release"
printf '\x04 36 35 179:2 / / rw - ext4 /dev/mmcblk0p2 rw\n' > "$out/corpus/mountinfo"
printf '\x06Raspberry Pi 4 Model B Rev 1.4\0' > "$out/corpus/model"
printf '\x05enabled\ninterpreter /usr/bin/qemu-x86_64\nflags: F\noffset 0\nmagic 7f454c4602010100000000000000000002003e00\nmask fffffffffefefe00ffffffffffffffffeffffff\n' > "$out/corpus/binfmt"
exec "$out/fuzz-parsers" -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 "$out/corpus"
