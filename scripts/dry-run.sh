#!/usr/bin/env bash
# Builds archlabeld and shows what it would label this machine with: `archlabeld --once --dry-run`.
# Extra arguments are passed on (e.g. --output json, --root DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
swift build -c release --product archlabeld
exec .build/release/archlabeld --once --dry-run "$@"
