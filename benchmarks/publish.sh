#!/usr/bin/env bash
# `archlabeld --once` publishing one change against `kubectl label node NAME KEY=VALUE --overwrite`,
# with the same credentials (node pi4's client certificate, mutual TLS) and the same test API
# server (Tests/TestAPIServer, release build), in one hyperfine run. Target (issue #3): wall-clock
# ratio archlabeld / kubectl <= 0.3.
#
# Before every timed run, a prepare step (curl, as an administrator) removes one label that each
# command then has to put back, so every run really publishes one change: archlabeld re-adds its
# managed label archlabeld.io/virt, kubectl re-adds `bench`. kubectl keeps its discovery cache in
# a private HOME, warmed up before timing, as it would be on an operator's machine.
#
# Needs: hyperfine, curl, kubectl (Debian: apt-get install kubectl hyperfine curl).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-100}
for tool in hyperfine curl kubectl; do
  command -v "$tool" >/dev/null || apt-get install -y -qq "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done
mkdir -p benchmarks/results
bin=$(scripts/build-release.sh benchmarks/results/archlabeld)
pki=Tests/Fixtures/pki
work=$(mktemp -d)
trap 'kill "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
. scripts/test-apiserver.sh
start_test_apiserver
write_kubeconfig "$work/kubeconfig"

reset="curl -sf -o /dev/null --cacert $pki/ca.pem --cert $pki/admin.pem --key $pki/admin.key -X PATCH \
-H 'Content-Type: application/merge-patch+json' \
-d '{\"metadata\":{\"labels\":{\"archlabeld.io/virt\":null,\"bench\":null}}}' $url/api/v1/nodes/pi4"
archlabeld="$bin --once --kubeconfig $work/kubeconfig --node-name pi4"
kubectl="env HOME=$work kubectl --kubeconfig $work/kubeconfig label node pi4 bench=x --overwrite"

# Both must work before they are timed.
$archlabeld && eval "$reset" && $kubectl >/dev/null

hyperfine -N --warmup 5 --runs "$runs" --prepare "$reset" --export-json benchmarks/results/publish.json \
  "$kubectl" "$archlabeld" | tee benchmarks/results/publish.txt
python3 - <<'PY'
import json
r = json.load(open("benchmarks/results/publish.json"))["results"]
kubectl, archlabeld = r[0], r[1]
print(f"kubectl label:     mean {kubectl['mean']*1000:7.2f} ms  median {kubectl['median']*1000:7.2f} ms")
print(f"archlabeld --once: mean {archlabeld['mean']*1000:7.2f} ms  median {archlabeld['median']*1000:7.2f} ms")
print(f"ratio archlabeld / kubectl (mean): {archlabeld['mean']/kubectl['mean']:.3f}   (target <= 0.3)")
PY
eval "$reset"
/usr/bin/time -f "peak RSS archlabeld --once: %M KiB" $archlabeld 2>&1 >/dev/null | tail -1
ls -l "$bin" | awk '{print "binary size, stripped: " $5 " bytes"}'
