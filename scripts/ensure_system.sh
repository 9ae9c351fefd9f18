#!/usr/bin/env bash
# Make the system programs the tests need available (nothing here is fetched by hand):
#   chromium  Debian's Chromium, for the browser tests and the picture exports (Playwright
#             cannot download a browser here);
#   strace    for the test that the export renderer reaches no host (tests/unit/test_offline_render.py);
#   nginx     Debian's nginx, for the replicas behind a proxy (deploy/, `make cluster`, the failover test);
#   fonts-noto-cjk  Debian's Noto CJK fonts, so that Chinese text in the PNG and deck pictures is drawn
#             with real glyphs (without them the export refuses zh and says why: components/fonts.py).
# Installs what is missing with apt-get when running as root. In CI (CI=true) a missing program
# is an error; elsewhere the tests that need it are skipped with a message saying how to install it.
set -u
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
command -v strace >/dev/null 2>&1 || missing+=(strace)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx)
ls /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's ${missing[*]} for the tests…"
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    # nginx's package starts a service on port 80 where it can; the project runs its own nginx.
    if command -v service >/dev/null 2>&1; then service nginx stop >/dev/null 2>&1 || true; fi
    exit 0
  fi
fi
if [ "${CI:-}" = "true" ]; then
  echo "ERROR: ${missing[*]} required in CI but could not be installed (apt-get install ${missing[*]})." >&2
  exit 1
fi
echo "NOTE: ${missing[*]} not found; the tests that need them will be skipped." >&2
echo "      Install with: sudo apt-get install ${missing[*]}" >&2
exit 0
