#!/usr/bin/env bash
# Builds a libFuzzer target and runs it for N seconds (default 60) over a corpus seeded from the
# test fixtures; prints libFuzzer's final statistics (executions, coverage).
#   fuzz/run.sh [SECONDS] [parsers|yaml]
# parsers: all ArchLabelCore sources + fuzz/FuzzParsers.swift (text parsers, certificate subjects,
#          the ownership record), one module, -sanitize=fuzzer,address.
# yaml:    ArchLabelYAML + libyaml + fuzz/FuzzYAML.swift, with the capture manifest reader
#          (CaptureManifest, LiveFacts, JSONValue; their module imports dropped, one module),
#          seeded with kubeconfig-shaped documents and capture manifests.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
target=${2:-parsers}
out=fuzz/.build-fuzz
if [ "$target" = yaml ]; then
  mkdir -p "$out/corpus-yaml" "$out/manifest-sources"
  for f in Sources/ArchLabelProbes/Capture/CaptureManifest.swift Sources/ArchLabelProbes/LiveFacts.swift \
    Sources/ArchLabelCore/Output/JSONValue.swift; do
    grep -v '^import ArchLabel' "$f" >"$out/manifest-sources/$(basename "$f")"
  done
  swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name ArchLabelFuzzYAML -I Sources/CYAML -lyaml \
    $(find Sources/ArchLabelYAML -name '*.swift') "$out"/manifest-sources/*.swift fuzz/FuzzYAML.swift -o "$out/fuzz-yaml"
  i=0
  for f in Tests/Fixtures/hosts/*/root/etc/rancher/k3s/config.yaml Tests/Fixtures/pki/README.md; do
    [ -f "$f" ] && cp "$f" "$out/corpus-yaml/seed-$i" && i=$((i+1))
  done
  printf 'apiVersion: v1\nclusters:\n- name: a\n  cluster: {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true}\ncurrent-context: a\n' > "$out/corpus-yaml/kubeconfig"
  printf '{"users": [{"name": "u", "user": {"token": "x"}}], "x": [1, [2, {"y": null}]]}' > "$out/corpus-yaml/json"
  printf 'a: |\n  block\nb: >-\n  folded\nc: !!str 1\n' > "$out/corpus-yaml/scalars"
  printf '{"format": 1, "archlabeld": "0.1.0", "live": {"kernelRelease": "6.6.51+rpt-rpi-v8", "machine": "aarch64", "cpuidSignature": "KVMKVMKVM", "pageSize": 16384}, "leftOut": {"/proc/1/environ": "x"}}' > "$out/corpus-yaml/manifest"
  exec "$out/fuzz-yaml" -max_total_time="$seconds" -max_len=16384 -print_final_stats=1 "$out/corpus-yaml"
fi
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
