#!/usr/bin/env bash
# CI test of the arm64 artifacts, cross-built on an amd64 Debian 12 machine (as root):
#   packaging/test-arm64.sh
#
# 1. builds the arm64 release binary and package (scripts/build-release.sh --arch arm64,
#    packaging/build-deb.sh --arch arm64) and the amd64 release binary;
# 2. the arm64 binary is at most 25 MB stripped, its LOAD segments fit 16 KiB pages (Pi 5), it
#    has the amd64 build's RELR, full RELRO, no RUNPATH and a static Swift runtime; the highest
#    GLIBC and GLIBCXX symbol versions it needs are reported and covered by the package's Depends
#    (libc6, libstdc++6) and by Debian 12;
# 3. under qemu-user, the arm64 binary prints byte-identical `--once --dry-run --output json`, and
#    exits the same way, as the amd64 binary on every --root tree of the fixtures: the host
#    scenarios, the USB and PCI device trees, the virt-what cases and the lscpu dumps;
# 4. the arm64 binary publishes to the test API server over mutual TLS (--once, then --once again
#    sends nothing, then --prune), so that BoringSSL's arm64 code runs;
# 5. the arm64 package installs, upgrades, removes and purges in a Debian 12 arm64 root
#    (packaging/test-deb.sh --root, under qemu-user through binfmt_misc).
# Needs the test API server built (swift build --build-tests does; scripts/test-all.sh runs this
# after it).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "test-arm64: FAIL: $*" >&2; exit 1; }
note() { echo "test-arm64: $*" >&2; }
step() { echo "test-arm64: --- $*" >&2; }

[ "$(id -u)" -eq 0 ] || fail "run as root: the cross toolchain and the arm64 root need it"
[ "$(dpkg --print-architecture)" = amd64 ] || fail "this test cross-builds on amd64"

work=$(mktemp -d)
server_pid=""
cleanup() {
  local status=$?
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
  if [ "$status" -eq 0 ]; then note "PASS"; else note "FAILED (status $status)"; fi
}
trap cleanup EXIT

# --- 1: the artifacts ---------------------------------------------------------------------------
step "building the arm64 binary and package, and the amd64 binary"
started=$(date +%s)
arm64=$(scripts/build-release.sh --arch arm64)
note "arm64 binary built in $(($(date +%s) - started)) s"
deb=$(ARCHLABELD_BINARY=$arm64 packaging/build-deb.sh --arch arm64 "$work/deb")
amd64=$(scripts/build-release.sh)
. packaging/cross/toolchain.sh
cross_setup
# The arm64 binary on this machine: qemu-user with the sysroot's Debian 12 arm64 libraries.
run_arm64() { qemu-aarch64-static -L "$cross_sysroot" "$arm64" "$@"; }
[ "$(run_arm64 --version)" = "$("$amd64" --version)" ] || fail "the two binaries report different versions"

# --- 2: size and glibc --------------------------------------------------------------------------
step "size and symbol versions"
size=$(stat -c %s "$arm64")
note "arm64 binary: $size bytes stripped; amd64: $(stat -c %s "$amd64") bytes"
[ "$size" -le 25000000 ] || fail "the arm64 binary is $size bytes, more than 25 MB"
# Raspberry Pi 5 kernels use 16 KiB pages: every LOAD segment must be aligned to at least that.
aligns=$(readelf -lW "$arm64" | awk '$1 == "LOAD" { print $NF }')
[ -n "$aligns" ] || fail "readelf shows no LOAD segment in the arm64 binary"
for align in $aligns; do
  [ $((align)) -ge 16384 ] || fail "a LOAD segment of the arm64 binary is aligned to $align, less than 16 KiB"
done
note "LOAD segments aligned to $(sort -u <<<"$aligns" | tr '\n' ' ')"
# The shipped-build choices of scripts/build-release.sh: RELR, full RELRO, no RUNPATH, and the
# Swift runtime linked in (no libswiftCore.so needed).
dynamic=$(readelf -d "$arm64")
grep -q '(RELR) ' <<<"$dynamic" || fail "the arm64 binary has no RELR relocations (-z pack-relative-relocs)"
grep -q '(FLAGS) *BIND_NOW' <<<"$dynamic" || fail "the arm64 binary is not linked with -z now"
! grep -q 'RUNPATH\|RPATH' <<<"$dynamic" || fail "the arm64 binary has a RUNPATH"
! grep -q 'libswift\|libFoundation\|libdispatch' <<<"$dynamic" || fail "the arm64 binary needs a shared Swift library"
# highest VERSIONPREFIX: the highest symbol version of that prefix the binary needs.
highest() {
  aarch64-linux-gnu-objdump -T "$arm64" | { grep -o "($1_[0-9.]*)" || true; } | tr -d '()' | sed "s/^$1_//" | sort -V | tail -1
}
glibc=$(highest GLIBC)
glibcxx=$(highest GLIBCXX)
[ -n "$glibc" ] && [ -n "$glibcxx" ] || fail "objdump -T shows no GLIBC or GLIBCXX symbol version in the arm64 binary"
depends=$(dpkg-deb -f "$deb" Depends)
note "needs GLIBC_$glibc and GLIBCXX_$glibcxx; Depends: $depends"
libc6=$(sed -n 's/.*\blibc6 (>= \([^)]*\)).*/\1/p' <<<"$depends")
[ -n "$libc6" ] || fail "Depends names no libc6 version"
dpkg --compare-versions "$libc6" ge "$glibc" || fail "Depends allows libc6 $libc6, older than GLIBC_$glibc"
# Debian 12's glibc and libstdc++ must satisfy it (the package is for Debian 12 and later).
dpkg --compare-versions "$libc6" le 2.36 || fail "Depends asks libc6 $libc6: not installable on Debian 12 (2.36)"
dpkg --compare-versions "$glibcxx" le 3.4.30 || fail "needs GLIBCXX_$glibcxx: Debian 12's libstdc++6 has 3.4.30"
grep -q '\blibstdc++6\b' <<<"$depends" || fail "Depends does not name libstdc++6"
grep -q '\blibyaml-0-2\b' <<<"$depends" || fail "Depends does not name libyaml-0-2"
grep -q '\blibsystemd0\b' <<<"$depends" || fail "Depends does not name libsystemd0"

# --- 3: the same output on every tree -----------------------------------------------------------
step "the dry run on every fixture tree: arm64 under qemu against amd64"
trees=(Tests/Fixtures/hosts/*/root Tests/Fixtures/devices/trees/* Tests/Fixtures/virt-what/cases/*)
mkdir "$work/lscpu"
for dump in Tests/Fixtures/lscpu/dumps/*.tar.gz; do
  tar -xzf "$dump" -C "$work/lscpu"
done
trees+=("$work"/lscpu/*)
# Nothing of this machine's cluster set-up may enter the comparison.
unset KUBECONFIG NODE_NAME
# dry_run RUNNER TREE OUT: the JSON on OUT, the exit status appended.
dry_run() {
  local status=0
  "$1" --once --dry-run --output json --root "$2" >"$3" 2>/dev/null || status=$?
  echo "exit status $status" >>"$3"
}
run_amd64() { "$amd64" "$@"; }
amd64_time=0 arm64_time=0
for tree in "${trees[@]}"; do
  t0=$(date +%s%N)
  dry_run run_amd64 "$tree" "$work/amd64.json"
  t1=$(date +%s%N)
  dry_run run_arm64 "$tree" "$work/arm64.json"
  t2=$(date +%s%N)
  amd64_time=$((amd64_time + t1 - t0))
  arm64_time=$((arm64_time + t2 - t1))
  cmp -s "$work/amd64.json" "$work/arm64.json" || {
    diff "$work/amd64.json" "$work/arm64.json" >&2 || true
    fail "the arm64 dry run on $tree differs from the amd64 one (above)"
  }
  grep -q '"labels"' "$work/amd64.json" || fail "no labels in the dry run on $tree"
done
note "${#trees[@]} trees identical; wall time amd64 $((amd64_time / 1000000)) ms, arm64 under qemu $((arm64_time / 1000000)) ms"

# --- 4: publishing over mutual TLS --------------------------------------------------------------
step "the arm64 binary publishes to the test API server and prunes"
. scripts/test-apiserver.sh
server=$(find_test_apiserver) || fail "no test API server: run swift build --build-tests first"
command -v curl >/dev/null || fail "curl is missing"
TEST_APISERVER=$server start_test_apiserver || fail "the test API server did not start"
# The Pi 4 tree as a k3s agent: the kubelet's kubeconfig where k3s keeps it, found under --root.
cp -a Tests/Fixtures/hosts/rpi4-raspios-arm64/root "$work/pi4"
mkdir -p "$work/pi4/var/lib/rancher/k3s/agent"
write_kubeconfig "$work/pi4/var/lib/rancher/k3s/agent/kubelet.kubeconfig"
node_json() { node_object pi4 || fail "cannot read Node pi4 from the test API server"; }
# publish_arm64 ARGS… EXPECTED: the arm64 binary with ARGS prints EXPECTED (a grep pattern).
publish_arm64() {
  local expected=${*: -1}
  run_arm64 "${@:1:$#-1}" --root "$work/pi4" --node-name pi4 --log-format text >"$work/publish.log" 2>&1 ||
    { cat "$work/publish.log" >&2; fail "archlabeld ${*:1:$#-1} failed"; }
  grep -q "$expected" "$work/publish.log" || { cat "$work/publish.log" >&2; fail "archlabeld ${*:1:$#-1} did not print '$expected'"; }
}
publish_arm64 --once 'node pi4: published: .* added'
node_json >"$work/node.json"
grep -q '"archlabeld.io/hardware":"rpi4"' "$work/node.json" || { cat "$work/node.json" >&2; fail "the Node lacks hardware=rpi4"; }
publish_arm64 --once 'node pi4: labels up to date, nothing sent'
publish_arm64 --prune 'pruned'
node_json >"$work/node.json"
! grep -q '"archlabeld.io/' "$work/node.json" || { cat "$work/node.json" >&2; fail "labels are left after --prune"; }
kill "$server_pid"
server_pid=""

# --- 5: the package in an arm64 Debian root ------------------------------------------------------
step "the arm64 package in a Debian 12 arm64 root"
# Programs of the root run through binfmt_misc: mount it where the sandbox has not.
[ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc ||
  fail "cannot mount binfmt_misc: arm64 programs cannot run here"
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || update-binfmts --enable qemu-aarch64 ||
  fail "cannot register qemu-aarch64 with binfmt_misc"
# A minimal Debian 12 arm64 system with the libraries the package depends on, made once (under
# qemu-user, a few minutes) and unpacked afresh for each run.
root_packages=libyaml-0-2,libsystemd0,init-system-helpers
root_tar=$cross_cache/test-root-bookworm-arm64.tar
if [ ! -f "$root_tar" ] || [ "$(cat "$root_tar.stamp" 2>/dev/null)" != "$root_packages $cross_mirror" ]; then
  note "making the Debian 12 arm64 test root (once): $root_tar"
  mmdebstrap --quiet --format=tar --variant=minbase --architectures=arm64 --include="$root_packages" \
    bookworm "$root_tar.tmp" "$cross_mirror" >&2 || fail "mmdebstrap of the arm64 test root failed"
  mv "$root_tar.tmp" "$root_tar"
  echo "$root_packages $cross_mirror" >"$root_tar.stamp"
fi
mkdir "$work/root"
tar -xf "$root_tar" -C "$work/root"
packaging/test-deb.sh --root "$work/root" "$deb"
