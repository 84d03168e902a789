#!/usr/bin/env bash
# Installs the browser the Web UI check drives (tests/integration/web-ui-codec.test.ts): Debian's chromium package,
# when no chromium is there yet. Needs root (or sudo) and apt; elsewhere, install Chromium yourself and set
# CHROMIUM_PATH to its binary.
set -euo pipefail
binary="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$binary" ]; then
  echo "chromium: $("$binary" --version 2>/dev/null || echo "$binary")"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "no chromium at $binary and no apt-get: install Chromium and set CHROMIUM_PATH to its binary" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium
echo "chromium: $(/usr/bin/chromium --version)"
