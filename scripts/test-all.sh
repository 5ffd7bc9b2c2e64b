#!/usr/bin/env bash
# The whole test suite, from a fresh clone on Debian: installs the build dependencies, builds
# everything (the tests run the built archlabeld binary too) and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
swift build --build-tests
swift test --skip-build
