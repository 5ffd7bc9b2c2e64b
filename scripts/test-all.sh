#!/usr/bin/env bash
# The whole test suite, from a fresh clone on Debian: installs the build dependencies, builds
# everything (the tests run the built archlabeld binary too) and runs every test.
#
# Tests run one at a time (--no-parallel): several assert wall-clock behaviour that the issues
# require (drift repaired within 5 s, Retry-After honoured, the watchdog's cadence, READY within
# the first cycle), and dozens of parallel launches of the debug binary on a 2-core CI machine
# delay a single process by 15 s. Serially the suite takes under a minute; the package test
# after it adds a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
swift build --build-tests
swift test --skip-build --no-parallel
# The Debian package: a release build, lintian, dpkg -i, upgrade, remove and purge (root only;
# CI runs as root). It uses the test API server built above for its label-removal checks.
# Then the arm64 binary and package, cross-built here (a toolchain cached in
# /var/cache/archlabeld-cross: about 2 minutes the first time from a fast mirror, a cold arm64
# build about 7), run under qemu-user: the same dry runs as amd64 on every fixture tree,
# publishing over mTLS, and the package's life cycle in a Debian 12 arm64 root.
# Then the DaemonSet's image index (amd64 and arm64) built from those binaries, twice to the same
# digests, and run with podman as the DaemonSet runs it (about 2 minutes; deploy/test-image.sh).
if [ "$(id -u)" -eq 0 ]; then
  packaging/test-deb.sh
  if [ "$(dpkg --print-architecture)" = amd64 ]; then
    packaging/test-arm64.sh
    deploy/test-image.sh
  else
    echo "test-all: packaging/test-arm64.sh and deploy/test-image.sh skipped: they cross-build on amd64" >&2
  fi
else
  echo "test-all: packaging/test-deb.sh, test-arm64.sh and deploy/test-image.sh skipped: they need root" >&2
fi
