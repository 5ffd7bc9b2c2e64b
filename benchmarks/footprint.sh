#!/usr/bin/env bash
# What a node installs and what a run costs in memory, as shipped (issue #6):
#   - the stripped release binary (static Swift standard library): target <= 25 MB;
#   - peak RSS of `archlabeld --once --dry-run` on this machine, over RUNS runs (default 20):
#     target <= 15 MiB (the maximum is compared, the median reported too);
#   - the .deb's size and its Installed-Size;
#   - which shared libraries the binary loads, and that no Foundation/ICU data is linked;
#   - the arm64 binary's and .deb's sizes (cross-built, issue #11; as root on amd64 only, where
#     the cross toolchain can be set up; ARM64=0 skips them). Its RSS is not measured: under
#     qemu-user it would be qemu's.
# Exits non-zero when a target is missed. Needs GNU time (/usr/bin/time; apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-20}
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
mkdir -p benchmarks/results
bin=$(scripts/build-release.sh benchmarks/results/archlabeld)
deb=$(ARCHLABELD_BINARY="$bin" packaging/build-deb.sh benchmarks/results 2>/dev/null)

size=$(stat -c %s "$bin")
rss=()
for _ in $(seq "$runs"); do
  rss+=("$(/usr/bin/time -f %M "$bin" --once --dry-run 2>&1 >/dev/null | tail -1)")
done
echo "runs (KiB): ${rss[*]}" >&2
sorted=$(printf '%s\n' "${rss[@]}" | sort -n)
max=$(tail -1 <<<"$sorted")
median=$(sed -n "$(( (runs + 1) / 2 ))p" <<<"$sorted")
deb_size=$(stat -c %s "$deb")
installed=$(dpkg-deb -f "$deb" Installed-Size)
arm64_bin="" arm64_deb=""
if [ "${ARM64:-1}" = 1 ] && [ "$(id -u)" -eq 0 ] && [ "$(dpkg --print-architecture)" = amd64 ]; then
  arm64_bin=$(scripts/build-release.sh --arch arm64 benchmarks/results/archlabeld-arm64)
  arm64_deb=$(ARCHLABELD_BINARY="$arm64_bin" packaging/build-deb.sh --arch arm64 benchmarks/results 2>benchmarks/results/build-deb-arm64.log) ||
    { cat benchmarks/results/build-deb-arm64.log >&2; exit 1; }
fi
icu=$(nm .build-release/release/archlabeld 2>/dev/null | grep -c 'FoundationICU\|ucol_open\|_FoundationInternationalization' || true)

status=0
check() { # name value limit unit
  if awk -v v="$2" -v l="$3" 'BEGIN { exit !(v <= l) }'; then verdict=ok; else verdict=MISSED; status=1; fi
  printf '%-44s %12s %-4s (target <= %s %s) %s\n' "$1" "$2" "$4" "$3" "$4" "$verdict"
}
{
  echo "archlabeld footprint, $(date -u +%Y-%m-%d), $(uname -m), $(nproc) CPUs"
  check "stripped binary ($(dpkg --print-architecture))" "$(awk -v s="$size" 'BEGIN { printf "%.2f", s / 1e6 }')" 25 MB
  if [ -n "$arm64_bin" ]; then
    check "stripped binary (arm64)" "$(awk -v s="$(stat -c %s "$arm64_bin")" 'BEGIN { printf "%.2f", s / 1e6 }')" 25 MB
  fi
  check "--once --dry-run peak RSS, max of $runs" "$(awk -v k="$max" 'BEGIN { printf "%.1f", k / 1024 }')" 15 MiB
  printf '%-44s %12s MiB\n' "--once --dry-run peak RSS, median" "$(awk -v k="$median" 'BEGIN { printf "%.1f", k / 1024 }')"
  printf '%-44s %12s MB\n' ".deb ($(basename "$deb"))" "$(awk -v s="$deb_size" 'BEGIN { printf "%.2f", s / 1e6 }')"
  printf '%-44s %12s MiB\n' ".deb Installed-Size" "$(awk -v k="$installed" 'BEGIN { printf "%.1f", k / 1024 }')"
  if [ -n "$arm64_deb" ]; then
    printf '%-44s %12s MB\n' ".deb ($(basename "$arm64_deb"))" "$(awk -v s="$(stat -c %s "$arm64_deb")" 'BEGIN { printf "%.2f", s / 1e6 }')"
    printf '%-44s %12s MiB\n' ".deb Installed-Size (arm64)" "$(awk -v k="$(dpkg-deb -f "$arm64_deb" Installed-Size)" 'BEGIN { printf "%.1f", k / 1024 }')"
  fi
  printf '%-44s %12s\n' "ICU / FoundationInternationalization symbols" "$icu"
  printf '%-44s %s\n' "shared libraries (NEEDED)" "$(readelf -d "$bin" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | tr '\n' ' ')"
} | tee benchmarks/results/footprint.txt
exit "$status"
