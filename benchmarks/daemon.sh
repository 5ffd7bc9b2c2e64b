#!/usr/bin/env bash
# The daemon in steady state: the release binary (static Swift standard library, stripped) runs
# against the test API server (release build; bookmarks every 60 s, as kube-apiserver sends them)
# for DURATION seconds (default 600) after its first cycle. Reports peak RSS (VmHWM), RSS at the
# end, and the CPU time used in steady state. Targets (issue #4): peak RSS after 10 minutes
# <= 20 MiB, CPU in steady state ~ 0.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-600}
command -v bc >/dev/null || apt-get install -y -qq bc >/dev/null
mkdir -p benchmarks/results
bin=$(scripts/build-release.sh benchmarks/results/archlabeld)
work=$(mktemp -d)
trap 'kill "$server_pid" "$daemon_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
. scripts/test-apiserver.sh
start_test_apiserver --bookmark-interval 60
write_kubeconfig "$work/kubeconfig"

"$bin" --kubeconfig "$work/kubeconfig" --node-name pi4 --log-format json 2>"$work/daemon.log" &
daemon_pid=$!
for _ in $(seq 100); do grep -q '"labels.applied"' "$work/daemon.log" 2>/dev/null && break; sleep 0.1; done
grep -q '"labels.applied"' "$work/daemon.log" || { echo "the daemon did not publish" >&2; cat "$work/daemon.log" >&2; exit 1; }

ticks() { awk '{print $14 + $15}' "/proc/$daemon_pid/stat"; }
field() { awk -v f="$1:" '$1 == f {print $2}' "/proc/$daemon_pid/status"; }
hz=$(getconf CLK_TCK)
start_ticks=$(ticks)
echo "first cycle done; RSS $(field VmRSS) KiB; watching ${duration} s of steady state"
sleep "$duration"
end_ticks=$(ticks)
cpu=$(echo "scale=3; ($end_ticks - $start_ticks) / $hz" | bc)
echo "steady state ${duration} s: CPU ${cpu} s ($(echo "scale=4; 100 * $cpu / $duration" | bc) %)"
echo "peak RSS (VmHWM): $(field VmHWM) KiB; RSS now: $(field VmRSS) KiB"
echo "log entries in all, start-up included: $(($(wc -l < "$work/daemon.log"))) ($(grep -o '"ARCHLABELD_EVENT":"[^"]*"' "$work/daemon.log" | cut -d\" -f4 | tr '\n' ' '))"
kill -TERM "$daemon_pid"
wait "$daemon_pid" && echo "SIGTERM: exit 0"
