#!/usr/bin/env bash
# Fetch plotly.js's basic bundle from npm (the version of the Python package's plotly.js) into
# assets/vendor/, with its licence and its Brotli and gzip copies, which the app serves as they
# are (components/web/plot.py). Run it when plotly is upgraded in requirements.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
version=$("$PY" -c "import plotly.offline as o; print(o.get_plotlyjs_version())")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "plotly.js-basic-dist-min@$version" >/dev/null && tar xzf ./*.tgz)
mkdir -p assets/vendor
cp "$tmp/package/plotly-basic.min.js" assets/vendor/plotly-basic.min.js
cp "$tmp/package/LICENSE" assets/vendor/plotly-basic.LICENSE
"$PY" - <<'PY'
import gzip, brotli
from pathlib import Path
raw = Path("assets/vendor/plotly-basic.min.js").read_bytes()
Path("assets/vendor/plotly-basic.min.js.br").write_bytes(brotli.compress(raw, quality=11))
Path("assets/vendor/plotly-basic.min.js.gz").write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
PY
echo "plotly.js-basic-dist-min $version in assets/vendor/"
