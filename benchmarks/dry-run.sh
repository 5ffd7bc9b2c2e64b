#!/usr/bin/env bash
# Speed and memory of `archlabeld --once --dry-run` (release build, static Swift standard library)
# against `systemd-detect-virt` in the same run on the same machine. Targets (issue #2): wall-clock
# ratio <= 1.5, peak RSS <= 15 MiB. Needs hyperfine (apt-get install hyperfine) and GNU time or
# /proc-based measurement (falls back to bash's own when /usr/bin/time is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-300}
command -v hyperfine >/dev/null || { apt-get install -y -qq hyperfine >/dev/null || { echo "needs hyperfine" >&2; exit 1; }; }
mkdir -p benchmarks/results
# Measure the binary as it ships (scripts/build-release.sh: the package's build, stripped).
bin=$(scripts/build-release.sh benchmarks/results/archlabeld)
hyperfine -N --warmup 30 --runs "$runs" --export-json benchmarks/results/dry-run.json \
  "systemd-detect-virt" "$bin --once --dry-run" "$bin --once --dry-run --output json" | tee benchmarks/results/dry-run.txt
python3 - <<'PY'
import json
r = {x["command"]: x for x in json.load(open("benchmarks/results/dry-run.json"))["results"]}
base = r["systemd-detect-virt"]["mean"]
for cmd, x in r.items():
    print(f"{cmd:55s} mean {x['mean']*1000:7.2f} ms  median {x['median']*1000:7.2f} ms  ratio {x['mean']/base:5.2f}")
PY
peak() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }
if [ -x /usr/bin/time ]; then
  echo "peak RSS systemd-detect-virt:         $(peak systemd-detect-virt) KiB"
  echo "peak RSS archlabeld --once --dry-run: $(peak $bin --once --dry-run) KiB"
else
  python3 - "$bin" <<'PY'
import resource, subprocess, sys
subprocess.run([sys.argv[1], "--once", "--dry-run"], stdout=subprocess.DEVNULL)
print(f"peak RSS archlabeld --once --dry-run: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} KiB")
PY
fi
ls -l .build-release/release/archlabeld | awk '{print "binary size, unstripped: " $5 " bytes"}'
ls -l "$bin" | awk '{print "binary size, stripped:   " $5 " bytes"}'
