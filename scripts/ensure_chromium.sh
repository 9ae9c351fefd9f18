#!/usr/bin/env bash
# Make Debian's Chromium available for the browser tests (Playwright cannot download
# a browser here). Installs the `chromium` package with apt-get when running as root, and
# `strace` for the test that the export renderer reaches no host (tests/unit/test_offline_render.py).
# In CI (CI=true) a missing Chromium is an error; elsewhere the browser tests are
# skipped with a message saying how to install it.
set -u
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ] && command -v strace >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…"
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq >/dev/null && apt-get install -y -qq chromium strace >/dev/null; then
    exit 0
  fi
fi
if [ "${CI:-}" = "true" ]; then
  echo "ERROR: Chromium is required in CI but could not be installed (apt-get install chromium)." >&2
  exit 1
fi
echo "NOTE: Chromium not found at $CHROMIUM; browser tests will be skipped." >&2
echo "      Install it with: sudo apt-get install chromium" >&2
exit 0
