#!/usr/bin/env bash
# CI test of the Debian package, on a Debian 12 machine where this runs as root and dpkg may
# install packages (systemd need not be PID 1: the maintainer scripts then skip start/stop).
#   packaging/test-deb.sh [DEB]              (default: build one with packaging/build-deb.sh)
#   packaging/test-deb.sh --root DIR DEB
# --root DIR tests in the Debian root DIR instead of on this machine: every dpkg and archlabeld
# command runs chrooted there (an arm64 root runs under qemu-user through binfmt_misc), in a private
# mount namespace with /proc mounted. The checks that need programs such a minimal root lacks
# (man, systemd-analyze) are skipped there with a note; the unit and man page are the same files
# in every architecture's package.
#
# 1. lintian: no errors.
# 2. install: every file in place with its mode and owner, the binary runs and reports the
#    package's version, dpkg lists the files and the conffile, the unit is enabled; purge:
#    nothing is left.
# 3. a modified conffile and a drop-in survive a re-installation and an upgrade; remove keeps
#    the configuration and what purge needs; a later purge leaves nothing.
# 4. with the test API server (a debug or release build of archlabeld-test-apiserver, or
#    $ARCHLABELD_TEST_APISERVER) and curl: remove leaves the published labels on the Node,
#    purge removes them, ARCHLABELD_KEEP_LABELS=1 keeps them. Skipped, with a note, without it.
# The package is purged at the end, also after a failure. If archlabeld is installed when the
# test starts, it is purged first, with a warning.
set -euo pipefail
self=$(readlink -f "$0")
pkg=archlabeld
target=""
if [ "${1:-}" = --root ]; then
  [ $# -ge 3 ] && [ -d "$2" ] || { echo "test-deb: --root needs a directory and the .deb to test in it" >&2; exit 64; }
  target=$(readlink -f "$2")
  deb_argument=$(readlink -f "$3")
  shift 3
  # Mounts made for the test vanish with its namespace, also when it fails.
  if [ -z "${ARCHLABELD_TEST_DEB_NAMESPACE:-}" ]; then
    exec env ARCHLABELD_TEST_DEB_NAMESPACE=1 unshare --mount --propagation private -- "$self" --root "$target" "$deb_argument"
  fi
  mount -t proc proc "$target/proc"
  set -- "$deb_argument"
elif [ $# -ge 1 ]; then
  set -- "$(readlink -f "$1")"
fi
cd "$(dirname "$self")/.."

fail() { echo "test-deb: FAIL: $*" >&2; exit 1; }
note() { echo "test-deb: $*" >&2; }
step() { echo "test-deb: --- $*" >&2; }

[ "$(id -u)" -eq 0 ] || fail "run as root: the test installs and purges the package"

# in_target CMD…: CMD on the machine under test.
in_target() {
  if [ -n "$target" ]; then chroot "$target" "$@"; else "$@"; fi
}
# has_in_target PROGRAM: the machine under test has PROGRAM.
has_in_target() { in_target sh -c 'command -v "$1"' _ "$1" >/dev/null 2>&1; }

need=()
command -v lintian >/dev/null || need+=(lintian)
command -v dpkg-shlibdeps >/dev/null || need+=(dpkg-dev)
if [ ${#need[@]} -gt 0 ]; then
  note "installing ${need[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

work=$(mktemp -d)
# Files the machine under test reads (the package, a kubeconfig): $shared here, $shared_in there.
if [ -n "$target" ]; then
  shared=$(mktemp -d "$target/tmp/test-deb.XXXXXX")
  shared_in=${shared#"$target"}
else
  shared=$work
  shared_in=$work
fi
server_pid=""
cleanup() {
  local status=$?
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  if in_target dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null | grep -qv '^not-installed$'; then
    note "purging $pkg (clean-up)"
    ARCHLABELD_KEEP_LABELS=1 in_target dpkg --purge "$pkg" >/dev/null 2>&1 || note "warning: clean-up purge failed"
  fi
  rm -rf "$work" "$shared"
  if [ "$status" -eq 0 ]; then note "PASS"; else note "FAILED (status $status)"; fi
}
trap cleanup EXIT

status_of() { in_target dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null | tr -d ' ' || true; }

if [ -n "$(status_of)" ] && [ "$(status_of)" != "un" ] && [ "$(status_of)" != "pn" ]; then
  note "warning: $pkg is already on this machine (status $(status_of)); purging it first"
  ARCHLABELD_KEEP_LABELS=1 in_target dpkg --purge "$pkg" >&2
fi

# --- the package ----------------------------------------------------------------------------
if [ $# -ge 1 ]; then
  deb=$1
  [ -f "$deb" ] || fail "$deb does not exist"
else
  step "building the package"
  deb=$(packaging/build-deb.sh "$work/out")
fi
deb=$(readlink -f "$deb")
cp "$deb" "$shared/$pkg.deb"
deb_in=$shared_in/$pkg.deb
version=$(dpkg-deb -f "$deb" Version)
upstream=${version%-*}
[ -z "$target" ] || note "testing in the root $target"
note "$deb: $pkg $version, $(du -k "$deb" | cut -f1) KiB, Installed-Size $(dpkg-deb -f "$deb" Installed-Size) KiB"
note "Depends: $(dpkg-deb -f "$deb" Depends)"

step "lintian"
lintian --fail-on error --display-info --show-overrides "$deb" >&2 ||
  fail "lintian reports errors (above)"

# --- helpers ----------------------------------------------------------------------------------
# Whether dpkg's path-exclude filters (e.g. in slim container images) drop $1 at installation.
excluded() {
  local path=$1 result=1 line rule pattern
  for cfg in "$target/etc/dpkg/dpkg.cfg" "$target"/etc/dpkg/dpkg.cfg.d/*; do
    [ -f "$cfg" ] || continue
    while read -r line; do
      line=${line%%#*}
      rule=${line%%[ =]*}
      pattern=${line#"$rule"}
      pattern=${pattern#[ =]}
      pattern=${pattern#"${pattern%%[! ]*}"}
      # shellcheck disable=SC2254 # the pattern is a glob on purpose
      case "$rule" in
        path-exclude) case "$path" in $pattern) result=0 ;; esac ;;
        path-include) case "$path" in $pattern) result=1 ;; esac ;;
      esac
    done <"$cfg"
  done
  return $result
}

# check_entry PATH TYPE MODE: exists as TYPE (f or d), owned by root:root, with MODE.
check_entry() {
  local path=$1 type=$2 mode=$3 actual
  if excluded "$path"; then
    note "skipping $path: dpkg's path-exclude drops it on this machine"
    return
  fi
  path=$target$path
  case "$type" in
    f) [ -f "$path" ] && [ ! -L "$path" ] || fail "$path is not a regular file" ;;
    d) [ -d "$path" ] && [ ! -L "$path" ] || fail "$path is not a directory" ;;
  esac
  actual=$(stat -c '%a %U:%G' "$path")
  [ "$actual" = "$mode root:root" ] || fail "$path is $actual, expected $mode root:root"
}

# The installed package, as a fresh installation must leave it.
check_installed() {
  [ "$(status_of)" = "ii" ] || fail "dpkg status of $pkg is '$(status_of)', expected ii"
  check_entry /usr/bin/archlabeld f 755
  check_entry /lib/systemd/system/archlabeld.service f 644
  check_entry /etc/archlabeld d 755
  check_entry /etc/archlabeld/config.yaml f 644
  check_entry /etc/archlabeld/labels.d d 755
  check_entry /usr/share/doc/archlabeld d 755
  check_entry /usr/share/doc/archlabeld/copyright f 644
  check_entry /usr/share/doc/archlabeld/changelog.Debian.gz f 644
  check_entry /usr/share/doc/archlabeld/configuration.md f 644
  check_entry /usr/share/doc/archlabeld/unit.md f 644
  check_entry /usr/share/man/man8/archlabeld.8.gz f 644
  check_entry /usr/share/lintian/overrides/archlabeld f 644

  local listed
  listed=$(in_target dpkg -L "$pkg")
  for path in /usr/bin/archlabeld /lib/systemd/system/archlabeld.service /etc/archlabeld/config.yaml \
    /etc/archlabeld/labels.d /usr/share/doc/archlabeld/copyright /usr/share/doc/archlabeld/changelog.Debian.gz \
    /usr/share/man/man8/archlabeld.8.gz; do
    grep -qx -- "$path" <<<"$listed" || fail "dpkg -L $pkg does not list $path"
  done
  in_target dpkg-query -W -f='${Conffiles}\n' "$pkg" | grep -Eq '^ /etc/archlabeld/config.yaml [0-9a-f]{32}$' ||
    fail "dpkg-query does not list /etc/archlabeld/config.yaml as a conffile"
  in_target dpkg --verify "$pkg" >&2 || fail "dpkg --verify $pkg: installed files differ from the package"

  local shown
  shown=$(in_target /usr/bin/archlabeld --version) || fail "/usr/bin/archlabeld --version failed"
  [ "$shown" = "$upstream" ] || fail "archlabeld --version prints '$shown', the package is $version"
  in_target timeout 60 /usr/bin/archlabeld --once --dry-run --log-format text >"$work/dry-run.txt" 2>&1 ||
    { cat "$work/dry-run.txt" >&2; fail "archlabeld --once --dry-run failed"; }
  grep -q 'archlabeld.io/arch.variant' "$work/dry-run.txt" ||
    { cat "$work/dry-run.txt" >&2; fail "archlabeld --once --dry-run shows no arch.variant label"; }

  if has_in_target man && ! excluded /usr/share/man/man8/archlabeld.8.gz; then
    local warnings
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 in_target man --warnings -E UTF-8 -l -Tutf8 -Z /usr/share/man/man8/archlabeld.8.gz 2>&1 >/dev/null)
    [ -z "$warnings" ] || fail "the man page has warnings: $warnings"
  elif [ -n "$target" ] && [ -z "${noted_man:-}" ]; then
    noted_man=1
    note "not rendering the man page: the root has no man"
  fi
  # The installed unit, with its binary and its man page (Documentation=) in place, verifies
  # without a single message.
  if [ -n "$target" ]; then
    [ -n "${noted_verify:-}" ] || note "not verifying the unit with systemd-analyze: the root has no systemd"
    noted_verify=1
  elif command -v systemd-analyze >/dev/null; then
    local verified
    verified=$(systemd-analyze verify --recursive-errors=no /lib/systemd/system/archlabeld.service 2>&1) ||
      fail "systemd-analyze verify of the installed unit failed: $verified"
    [ -z "$verified" ] || fail "systemd-analyze verify of the installed unit says: $verified"
  fi
  check_enabled
  [ ! -e "$target/var/lib/archlabeld" ] || fail "/var/lib/archlabeld exists while the package is installed"
}

# The unit is enabled as deb-systemd-helper does it without a running systemd: a symlink in
# each WantedBy= target's .wants directory.
check_enabled() {
  local targets unit_target
  targets=$(sed -n 's/^WantedBy=//p' "$target/lib/systemd/system/archlabeld.service")
  [ -n "$targets" ] || { note "archlabeld.service has no WantedBy=: nothing to enable"; return; }
  for unit_target in $targets; do
    [ "$(readlink "${target:-}/etc/systemd/system/$unit_target.wants/archlabeld.service")" = /lib/systemd/system/archlabeld.service ] ||
      fail "archlabeld.service is not enabled: no /etc/systemd/system/$unit_target.wants/archlabeld.service"
  done
}

# Nothing of the package is left.
check_purged() {
  local status
  status=$(status_of)
  [ -z "$status" ] || [ "$status" = "un" ] || [ "$status" = "pn" ] ||
    fail "dpkg status of $pkg is '$status' after purge, expected not installed"
  if in_target dpkg -s "$pkg" >/dev/null 2>&1; then
    in_target dpkg -s "$pkg" | grep -q '^Status: .* not-installed$' || fail "dpkg -s $pkg: still known after purge"
  fi
  for path in /usr/bin/archlabeld /etc/archlabeld /lib/systemd/system/archlabeld.service /var/lib/archlabeld \
    /usr/share/doc/archlabeld /usr/share/man/man8/archlabeld.8.gz /usr/share/lintian/overrides/archlabeld \
    /etc/systemd/system/archlabeld.service; do
    [ ! -e "$target$path" ] && [ ! -L "$target$path" ] || fail "$path is left after purge"
  done
  local left
  left=$(find "$target/etc/systemd/system" "$target/var/lib/systemd/deb-systemd-helper-enabled" \
    "$target/var/lib/systemd/deb-systemd-helper-masked" -name '*archlabeld*' 2>/dev/null || true)
  [ -z "$left" ] || fail "systemd enablement state left after purge: $left"
}

# run_dpkg ARGS...: dpkg, with its output kept for the checks.
run_dpkg() {
  in_target dpkg "$@" >"$work/dpkg.out" 2>&1 || { cat "$work/dpkg.out" >&2; fail "dpkg $* failed"; }
  sed 's/^/    /' "$work/dpkg.out" >&2
}

# --- 1: install, check, purge -----------------------------------------------------------------
step "install, check every file, purge"
run_dpkg -i "$deb_in"
check_installed
started=$(date +%s)
run_dpkg --purge "$pkg"
[ $(($(date +%s) - started)) -le 45 ] || fail "purge took more than 45 s"
check_purged

# --- 2: conffile kept over re-installation and upgrade; remove, then purge ---------------------
step "re-install and upgrade with a modified conffile, remove, purge"
run_dpkg -i "$deb_in"
check_installed
conffile=$target/etc/archlabeld/config.yaml
echo "labels: {test-deb: modified}" >>"$conffile"
echo "test-deb.present=true" >"$target/etc/archlabeld/labels.d/test-deb"
modified=$(md5sum <"$conffile")

run_dpkg -i "$deb_in"
[ "$(md5sum <"$conffile")" = "$modified" ] || fail "re-installation replaced the modified conffile"

# The same package with a higher version: an upgrade.
mkdir "$work/upgrade"
dpkg-deb -R "$deb" "$work/upgrade/tree"
sed -i "s/^Version: .*/Version: $version+upgradetest1/" "$work/upgrade/tree/DEBIAN/control"
dpkg-deb --root-owner-group -Znone --build "$work/upgrade/tree" "$shared/upgrade.deb" >/dev/null
run_dpkg -i "$shared_in/upgrade.deb"
[ "$(in_target dpkg-query -W -f='${Version}' "$pkg")" = "$version+upgradetest1" ] || fail "the upgrade was not installed"
[ "$(md5sum <"$conffile")" = "$modified" ] || fail "the upgrade replaced the modified conffile"
[ -f "$target/etc/archlabeld/labels.d/test-deb" ] || fail "the upgrade removed a drop-in file"
for leftover in /etc/archlabeld/config.yaml.dpkg-new /etc/archlabeld/config.yaml.dpkg-dist /etc/archlabeld/config.yaml.dpkg-old; do
  [ ! -e "$target$leftover" ] || fail "$leftover after an upgrade that did not change the conffile"
done
[ ! -e "$target/var/lib/archlabeld" ] || fail "/var/lib/archlabeld exists after an upgrade (prerm keeps files only on remove)"
in_target /usr/bin/archlabeld --version >/dev/null || fail "archlabeld does not run after the upgrade"
in_target /usr/bin/archlabeld --once --dry-run >"$work/dry-run.txt" 2>&1 || { cat "$work/dry-run.txt" >&2; fail "dry run fails after the upgrade"; }
grep -q 'test-deb.*modified' "$work/dry-run.txt" || fail "the dry run does not show the modified configuration's label"

run_dpkg -r "$pkg"
[ "$(status_of)" = "rc" ] || fail "dpkg status after remove is '$(status_of)', expected rc (config-files)"
[ ! -e "$target/usr/bin/archlabeld" ] || fail "/usr/bin/archlabeld is left after remove"
[ ! -e "$target/lib/systemd/system/archlabeld.service" ] || fail "the unit is left after remove"
[ "$(md5sum <"$conffile")" = "$modified" ] || fail "remove did not keep the modified conffile"
[ -f "$target/etc/archlabeld/labels.d/test-deb" ] || fail "remove deleted a drop-in file"
[ -x "$target/var/lib/archlabeld/purge/archlabeld" ] || fail "remove did not keep the binary for purge"
cmp -s "$target/var/lib/archlabeld/purge/config.yaml" "$conffile" || fail "remove did not keep the configuration for purge"
[ "$(stat -c %a "$target/var/lib/archlabeld")" = 700 ] || fail "/var/lib/archlabeld is not 0700"
[ "$(in_target /var/lib/archlabeld/purge/archlabeld --version)" = "$upstream" ] || fail "the binary kept for purge does not run"
[ "$(readlink "$target/etc/systemd/system/archlabeld.service")" = /dev/null ] || fail "remove did not mask archlabeld.service"

# Remove then install again: the kept files go, the mask is lifted, the unit is enabled.
run_dpkg -i "$deb_in"
[ ! -e "$target/var/lib/archlabeld" ] || fail "re-installation after remove left /var/lib/archlabeld"
[ ! -L "$target/etc/systemd/system/archlabeld.service" ] || fail "re-installation after remove left the unit masked"
[ "$(md5sum <"$conffile")" = "$modified" ] || fail "re-installation after remove replaced the conffile"
check_enabled
run_dpkg -r "$pkg"

started=$(date +%s)
run_dpkg --purge "$pkg"
[ $(($(date +%s) - started)) -le 45 ] || fail "purge took more than 45 s"
grep -q 'archlabeld --prune' "$work/dpkg.out" || fail "purge did not try to remove the labels"
check_purged

# --- 3: the labels on a Node: kept by remove, removed by purge ---------------------------------
. scripts/test-apiserver.sh
found=0
server=$(find_test_apiserver) || found=$?
[ "$found" -ne 2 ] || fail "the test API server named by ARCHLABELD_TEST_APISERVER cannot run"
if [ -z "$server" ] || ! command -v curl >/dev/null; then
  note "skipping the labels test: needs curl and archlabeld-test-apiserver (swift build --product archlabeld-test-apiserver)"
  exit 0
fi

step "labels on the test API server's Node: remove keeps them, purge removes them"
TEST_APISERVER=$server start_test_apiserver || fail "the test API server did not start"
write_kubeconfig "$shared/kubeconfig"
node_json() { node_object pi4 || fail "cannot read Node pi4 from the test API server"; }
publish() {
  run_dpkg -i "$deb_in"
  printf 'nodeName: pi4\nkubeconfig: %s\n' "$shared_in/kubeconfig" >>"$conffile"
  in_target /usr/bin/archlabeld --once --log-format text >&2 || fail "archlabeld --once against the test API server failed"
  node_json | grep -q '"archlabeld.io/managed-labels"' || fail "archlabeld --once published nothing"
}

publish
run_dpkg -r "$pkg"
node_json | grep -q '"archlabeld.io/arch.variant"' || fail "remove took the labels off the Node"
run_dpkg --purge "$pkg"
grep -q 'pruned' "$work/dpkg.out" || fail "purge did not report pruned labels"
node_json >"$work/node.json"
! grep -q '"archlabeld.io/' "$work/node.json" || { cat "$work/node.json" >&2; fail "labels or the record are left on the Node after purge"; }
check_purged

publish
ARCHLABELD_KEEP_LABELS=1 run_dpkg --purge "$pkg"
node_json | grep -q '"archlabeld.io/arch.variant"' || fail "ARCHLABELD_KEEP_LABELS=1 purge took the labels off the Node"
check_purged
