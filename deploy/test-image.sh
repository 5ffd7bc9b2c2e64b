#!/usr/bin/env bash
# Tests the DaemonSet's image (deploy/build-image.sh) as the DaemonSet runs it, for linux/amd64 and
# linux/arm64/v8 (arm64 under qemu-user), with podman and runc as root, in a private storage:
#  1. the index builds twice to the same digests, holds exactly the two platforms, and is the
#     image the manifest names (deploy/daemonset.yaml `image:`);
#  2. `--once --dry-run --root /host` in the container — the host tree mounted read-only at /host,
#     uid 65534, every capability dropped, a read-only root file system, no network — prints the
#     same labels, evidence and warnings as the bare binary of the same architecture on the same
#     tree, run as the same user; for amd64 also on this machine (/ mounted at /host);
#  3. the container with the manifest's `args`, user and a ServiceAccount-style token (mounted where
#     Kubernetes mounts it, KUBERNETES_SERVICE_HOST set) labels pi4 on the test API server, which
#     grants that account only the manifest's verbs (get, patch, watch); a label removed by hand is
#     repaired; SIGTERM ends it with status 0; `--prune` removes its labels and keeps a foreign one.
#     The only network is a loopback in a namespace of its own that the test API server listens in.
# Reports each platform's compressed and unpacked size and the build time.
#   deploy/test-image.sh        (as root, on amd64; scripts/test-all.sh runs it)
set -euo pipefail
cd "$(dirname "$0")/.."
note() { echo "test-image: $*" >&2; }
step() { echo "test-image: --- $*" >&2; }
fail() { echo "test-image: FAIL: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "run as root: buildah, podman and network namespaces need it"
[ "$(dpkg --print-architecture)" = amd64 ] || fail "this test builds the arm64 image by cross-compiling on amd64"

need=()
command -v podman >/dev/null || need+=(podman)
command -v runc >/dev/null || need+=(runc)
command -v skopeo >/dev/null || need+=(skopeo)
command -v ip >/dev/null || need+=(iproute2)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  note "installing ${need[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

work=$(mktemp -d)
chmod 0755 "$work"
server_pid=""
cleanup() {
  local status=$?
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  pm rm -f -a >/dev/null 2>&1 || note "podman rm -a failed; removing the scratch directory anyway"
  # podman's per-container mounts (shm) must not keep the scratch directory busy.
  grep -o " $work[^ ]*" /proc/self/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$work" || note "could not remove $work"
  if [ "$status" -eq 0 ]; then note "PASS"; else note "FAILED (status $status)"; fi
}
trap cleanup EXIT
# podman in a private storage (vfs: no overlay mounts), runc (crun fails on this kind of machine's
# hybrid cgroups), no journald for events.
pm() {
  podman --root "$work/podman/root" --runroot "$work/podman/run" --storage-driver vfs --runtime runc \
    --cgroup-manager cgroupfs --events-backend none "$@"
}

# --- 1: the index ------------------------------------------------------------------------------
step "building the image index twice"
amd64=$(scripts/build-release.sh --arch amd64)
arm64=$(scripts/build-release.sh --arch arm64)
. packaging/cross/toolchain.sh
cross_setup
version=$("$amd64" --version)
build() { ARCHLABELD_BINARY_AMD64=$amd64 ARCHLABELD_BINARY_ARM64=$arm64 deploy/build-image.sh "$1"; }
started=$(date +%s)
build "$work/image" >"$work/first.out"
note "built in $(($(date +%s) - started)) s: $(tr '\n' ' ' <"$work/first.out")"
build "$work/image-again" >"$work/second.out"
mapfile -t first <"$work/first.out"
mapfile -t second <"$work/second.out"
layout=${first[0]}
archive=${first[1]}
raw() { skopeo inspect --raw "oci:$1:$version"; }
index_digest=$(raw "$layout" | sha256sum | cut -c1-64)
again_digest=$(raw "${second[0]}" | sha256sum | cut -c1-64)
[ "$(raw "$layout" | wc -c)" -gt 100 ] || fail "no index in $layout"
[ "$index_digest" = "$again_digest" ] || fail "two builds gave different index digests ($index_digest, $again_digest)"
note "reproducible: index sha256:$index_digest both times"
platforms=$(raw "$layout" | python3 -c 'import json, sys
print(" ".join(sorted("/".join(filter(None, [m["platform"]["os"], m["platform"]["architecture"], m["platform"].get("variant")]))
      for m in json.load(sys.stdin)["manifests"])))')
[ "$platforms" = "linux/amd64 linux/arm64/v8" ] || fail "the index holds $platforms"
image=$(sed -n 's/^ *image: *//p' deploy/daemonset.yaml)
[ "$image" = "archlabeld:$version" ] || fail "deploy/daemonset.yaml names image $image, the index is archlabeld:$version"
uid=$(sed -n 's/^ *runAsUser: *//p' deploy/daemonset.yaml)
[ "$uid" = 65534 ] || fail "the manifest's runAsUser is $uid"
sed -n 's/^ *args: *//p' deploy/daemonset.yaml | python3 -c 'import json, sys; print("\n".join(json.load(sys.stdin)))' >"$work/args"
mapfile -t args <"$work/args"
# The ClusterRole's verbs on nodes, granted to the test's account below and nothing more.
verbs=$(sed -n 's/^ *verbs: *\[\(.*\)\]/\1/p' deploy/daemonset.yaml | tr -d ' "')
[ -n "$verbs" ] || fail "no verbs in the manifest's ClusterRole"
[ "${args[*]}" = "--root /host --log-format json" ] || fail "unexpected args in the manifest: ${args[*]}"

# --- 2: each platform as the DaemonSet runs it: dry runs against the bare binary ----------------
for arch in amd64 arm64; do
  pm pull -q --arch "$arch" "oci-archive:$archive" >/dev/null
  pm tag "localhost/archlabeld:$version" "localhost/archlabeld:test-$arch"
  [ "$(pm image inspect "localhost/archlabeld:test-$arch" --format '{{.Architecture}}')" = "$arch" ] \
    || fail "the image pulled for $arch is not $arch"
  manifest_size=$(skopeo inspect --raw "oci:$layout:$version" | python3 -c "import json, sys
m = [m for m in json.load(sys.stdin)['manifests'] if m['platform']['architecture'] == '$arch'][0]; print(m['digest'])")
  compressed=$(python3 -c "import json; print(sum(l['size'] for l in json.load(open('$layout/blobs/sha256/${manifest_size#sha256:}'))['layers']))")
  note "$arch: compressed $compressed bytes, unpacked $(pm image inspect "localhost/archlabeld:test-$arch" --format '{{.Size}}') bytes"
done
pod=(--ulimit nofile=20000:20000 --ulimit nproc=32768:32768 --user "$uid:$uid" --cap-drop all --read-only
  --security-opt no-new-privileges)
bare() { # bare ARCH ARGS…: the binary of ARCH on this machine, as the pod's user
  local arch=$1
  shift
  if [ "$arch" = amd64 ]; then
    setpriv --reuid="$uid" --regid="$uid" --clear-groups --no-new-privs "$amd64" "$@"
  else
    setpriv --reuid="$uid" --regid="$uid" --clear-groups --no-new-privs qemu-aarch64-static -L "$cross_sysroot" "$arm64" "$@"
  fi
}
same_report() { python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
if not a.get("labels"):
    sys.exit("the container printed no labels")
for key in ("labels", "evidence", "warnings"):
    if a.get(key) != b.get(key):
        sys.exit(f"{key} differ:\n  container {a.get(key)}\n  bare      {b.get(key)}")
PY
}
# The fixtures' host scenarios and some device trees; then (amd64) this machine itself, as the
# DaemonSet sees its node: / mounted read-only at /host (the bare binary reads it through a recursive bind
# mount of / in a private mount namespace, as the same user).
trees=(Tests/Fixtures/hosts/*/root Tests/Fixtures/devices/trees/pi5-hailo Tests/Fixtures/devices/trees/pi4-coral-usb
  Tests/Fixtures/devices/trees/amd64-optimus)
mkdir "$work/host"
for arch in amd64 arm64; do
  step "$arch: --once --dry-run --root /host in the container against the bare binary (${#trees[@]} trees)"
  [ "${#trees[@]}" -eq 19 ] || fail "expected 19 fixture trees (16 host scenarios, 3 device trees), found ${#trees[@]}"
  for tree in "${trees[@]}"; do
    [ -d "$tree" ] || fail "no fixture tree $tree"
    pm run --rm --arch "$arch" "${pod[@]}" --network none -v "$PWD/$tree:/host:ro" "localhost/archlabeld:test-$arch" \
      --once --dry-run --root /host --output json >"$work/container.json" 2>"$work/container.err" \
      || fail "$arch on $tree: the container failed: $(cat "$work/container.err")"
    bare "$arch" --once --dry-run --root "$PWD/$tree" --output json >"$work/bare.json" 2>/dev/null \
      || fail "$arch on $tree: the bare binary failed"
    same_report "$work/container.json" "$work/bare.json" || fail "$arch on $tree: the container and the bare binary differ"
  done
  # This machine as a pod sees its node: amd64 only. The arm64 binary here runs under qemu-user,
  # whose -L prefix turns the bare binary's "/" into the sysroot, and in either form uname says
  # aarch64 over an x86 /proc/cpuinfo: no real node looks like that.
  [ "$arch" = amd64 ] || continue
  step "$arch: this machine as a DaemonSet pod sees it, against the bare binary"
  pm run --rm --arch "$arch" "${pod[@]}" --network none -v /:/host:ro "localhost/archlabeld:test-$arch" \
    --once --dry-run --root /host --output json >"$work/container.json" 2>"$work/container.err" \
    || fail "$arch on this machine: the container failed: $(cat "$work/container.err")"
  bare_args=$(declare -f bare); export uid amd64 arm64 cross_sysroot
  unshare -m --propagation private bash -c "mount --rbind / '$work/host' && $bare_args && bare $arch --once --dry-run --root '$work/host' --output json" \
    >"$work/bare.json" 2>/dev/null || fail "$arch on this machine: the bare binary failed"
  same_report "$work/container.json" "$work/bare.json" || fail "$arch on this machine: the container and the bare binary differ"
  note "$arch on this machine: $(python3 -c "import json; d = json.load(open('$work/container.json'))['labels']; print(len(d), 'labels, virt.vm', d.get('archlabeld.io/virt.vm'))")"
done

# --- 3: the daemon with the manifest's args, user, token and verbs --------------------------------
step "the test API server on a loopback of its own, with the DaemonSet's account and verbs"
apiserver=$(. scripts/test-apiserver.sh && find_test_apiserver) || fail "no test API server built (swift build)"
account=system:serviceaccount:archlabeld:archlabeld
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
pki=Tests/Fixtures/pki
mkdir -p "$work/sa"
printf '%s' "$token" >"$work/sa/token"
cp "$pki/ca.pem" "$work/sa/ca.crt"
printf archlabeld >"$work/sa/namespace"
chmod 0755 "$work/sa" && chmod 0644 "$work/sa"/*
unshare -n sh -c 'ip link set lo up && exec "$0" "$@"' "$apiserver" --tls-cert $pki/server.pem --tls-key $pki/server.key \
  --client-ca $pki/ca.pem --node pi4 --token "$token=$account" --node-verbs "$account=$verbs" \
  >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 100); do grep -q '^READY ' "$work/server.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^READY //p' "$work/server.out")
[ -n "$url" ] || fail "the test API server did not start: $(cat "$work/server.err")"
port=${url##*:}
netns=/proc/$server_pid/ns/net
admin() { # admin METHOD [JSON]: the Node pi4 as an administrator, inside the server's namespace
  nsenter --net="$netns" curl -sf --cacert $pki/ca.pem --cert $pki/admin.pem --key $pki/admin.key -X "$1" \
    ${2:+-H 'Content-Type: application/merge-patch+json' --data "$2"} "$url/api/v1/nodes/pi4"
}
label() { admin GET | python3 -c "import json, sys; print(json.load(sys.stdin)['metadata'].get('labels', {}).get('$1', ''))"; }
wait_label() { # wait_label KEY VALUE: until the Node's label KEY is VALUE ("" for absent), 60 s at most
  for _ in $(seq 600); do [ "$(label "$1")" = "$2" ] && return 0; sleep 0.1; done
  return 1
}
admin PATCH '{"metadata":{"labels":{"team":"edge"}}}' >/dev/null || fail "cannot label the Node as an administrator"
in_cluster=(--network "ns:$netns" -v "$work/sa:/var/run/secrets/kubernetes.io/serviceaccount:ro"
  -e KUBERNETES_SERVICE_HOST=127.0.0.1 -e "KUBERNETES_SERVICE_PORT=$port" -e NODE_NAME=pi4
  -v "$PWD/Tests/Fixtures/hosts/rpi4-raspios-arm64/root:/host:ro")
for arch in amd64 arm64; do
  step "$arch: the DaemonSet's container labels, repairs drift, stops on SIGTERM and prunes"
  pm run -d --name "daemonset-$arch" --arch "$arch" "${pod[@]}" "${in_cluster[@]}" "localhost/archlabeld:test-$arch" \
    "${args[@]}" >/dev/null
  wait_label archlabeld.io/hardware rpi4 || fail "$arch: no labels on the Node: $(pm logs "daemonset-$arch" 2>&1 | tail -5)"
  admin PATCH '{"metadata":{"labels":{"archlabeld.io/hardware":null}}}' >/dev/null
  wait_label archlabeld.io/hardware rpi4 || fail "$arch: the removed label was not repaired"
  [ "$(pm inspect "daemonset-$arch" --format '{{.State.Running}}')" = true ] || fail "$arch: the daemon is not running"
  pm stop -t 10 "daemonset-$arch" >/dev/null
  status=$(pm inspect "daemonset-$arch" --format '{{.State.ExitCode}}')
  [ "$status" = 0 ] || fail "$arch: SIGTERM ended the daemon with status $status"
  pm logs "daemonset-$arch" >"$work/daemon-$arch.log" 2>&1
  grep -q '"drift.repaired"' "$work/daemon-$arch.log" || fail "$arch: no drift.repaired in the log"
  ! grep -q '"api.error"' "$work/daemon-$arch.log" || fail "$arch: API errors: $(grep '"api.error"' "$work/daemon-$arch.log" | head -3)"
  pm rm "daemonset-$arch" >/dev/null
  pm run --rm --arch "$arch" "${pod[@]}" "${in_cluster[@]}" "localhost/archlabeld:test-$arch" "${args[@]}" --prune \
    >/dev/null 2>"$work/prune.err" || fail "$arch: --prune failed: $(tail -3 "$work/prune.err")"
  remaining=$(admin GET | python3 -c "import json, sys
labels = json.load(sys.stdin)['metadata'].get('labels', {})
print(' '.join(sorted(k for k in labels if k.startswith('archlabeld.io/'))) + ('' if labels.get('team') == 'edge' else ' (team=edge lost)'))")
  [ -z "$remaining" ] || fail "$arch: after --prune: $remaining"
done
note "index archlabeld:$version sha256:$index_digest: both platforms label, repair, stop and prune as the DaemonSet runs them"
