#!/usr/bin/env bash
# Regenerates packaging/archlabeld.order, the link order scripts/build-release.sh uses: builds
# without an order, runs the binary under valgrind's callgrind through what it does in service
# (a dry run, --once, the daemon's first cycle, watch, a SIGHUP reload and SIGTERM) against the
# test API server, and writes every function executed, in first-use order. Run it after changes
# that move code around; a stale order file only costs memory, never correctness (unknown names
# are ignored by the linker). Needs valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || apt-get install -y -qq valgrind >/dev/null
ORDER_FILE=/nonexistent scripts/build-release.sh .build-release/archlabeld-unordered >/dev/null
# valgrind 3.19 cannot read the toolchain's DWARF 5: profile a copy without debug info.
strip --strip-debug -o .build-release/archlabeld-profiled .build-release/release/archlabeld
work=$(mktemp -d)
trap 'kill "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
. scripts/test-apiserver.sh
start_test_apiserver --bookmark-interval 2
write_kubeconfig "$work/kubeconfig"
profile() { valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/cg.$1" "${@:2}"; }
common=(--kubeconfig "$work/kubeconfig" --node-name pi4)
profile dryrun .build-release/archlabeld-profiled --once --dry-run "${common[@]}" >/dev/null 2>&1
profile once .build-release/archlabeld-profiled --once "${common[@]}" >/dev/null 2>&1
# valgrind itself in the background (not a shell function), so that the signals reach it.
valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/cg.daemon" \
  .build-release/archlabeld-profiled "${common[@]}" --log-format json 2>"$work/daemon.log" &
daemon=$!
sleep 40; kill -HUP $daemon; sleep 5; kill -TERM $daemon; wait $daemon || true
python3 - "$work" packaging/archlabeld.order <<'PY'
import re, sys, glob
work, out = sys.argv[1], sys.argv[2]
names, seen = [], set()
for path in sorted(glob.glob(f"{work}/cg.*")):
    for line in open(path, errors="replace"):
        m = re.match(r"^c?fn=\(\d+\) (.+)$", line.rstrip("\n"))
        if m and not m.group(1).startswith("0x") and m.group(1) not in seen:
            seen.add(m.group(1)); names.append(m.group(1))
open(out, "w").write("\n".join(names) + "\n")
print(f"{out}: {len(names)} functions", file=sys.stderr)
PY
