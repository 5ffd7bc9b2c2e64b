#!/usr/bin/env bash
# Installs what archlabeld needs to build and test on Debian (as root, or with sudo available):
# libsystemd-dev, libyaml-dev, zlib1g-dev and pkg-config for the libsystemd, libyaml and zlib
# system-library targets,
# curl, which the test API server tests use as an independent client, and systemd, whose
# systemd-analyze checks the unit file (and whose journald the journal test runs). The Swift toolchain
# itself is expected on PATH (swift.org toolchain; see README).
set -euo pipefail
need=()
dpkg -s libsystemd-dev >/dev/null 2>&1 || need+=(libsystemd-dev)
dpkg -s libyaml-dev >/dev/null 2>&1 || need+=(libyaml-dev)
dpkg -s zlib1g-dev >/dev/null 2>&1 || need+=(zlib1g-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v tar >/dev/null 2>&1 || need+=(tar)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
command -v swift >/dev/null 2>&1 || { echo "swift is not on PATH: install a Swift 6 toolchain (https://www.swift.org/install/linux/)" >&2; exit 1; }
