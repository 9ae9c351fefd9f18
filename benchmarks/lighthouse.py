"""Lighthouse performance audits of every page of the dashboard, served directly and behind nginx,
next to a bare Streamlit baseline (benchmarks/baseline_app.py: one plotly chart, one pydeck map).

    .venv/bin/python -m benchmarks.lighthouse [--pages overview,timeline] [--presets desktop,mobile]
                                              [--targets direct,nginx,baseline] [--runs 3]

Targets, each started here on free loopback ports and stopped at the end: ``direct`` (server.py as
``make run`` starts it), ``nginx`` (2 replicas behind Debian's nginx, deploy/cluster.py; skipped when
nginx is not installed), ``baseline``. Every server is warmed first (one script run of each page over
Streamlit's websocket), so the figures are those of a reader, not of a cold start.

For each page and preset (``desktop``: ``--preset=desktop``; ``mobile``: Lighthouse's default, a
throttled phone) Lighthouse 12 (pinned in benchmarks/lighthouse/, installed with ``npm ci``) drives
the system's Chromium (``CHROME_PATH``, default /usr/bin/chromium) ``--runs`` times; the medians of the
performance score (0-100), First and Largest Contentful Paint, Total Blocking Time, Speed Index and the
bytes transferred (``total-byte-weight``) are kept, with whether ``uses-text-compression`` passes.
Reports: artifacts/lighthouse/*.json; table: artifacts/lighthouse/summary.md and summary.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from components.data.registry import PAGES  # noqa: E402
from testsupport.stclient import Server, Session, free_port  # noqa: E402

LH_DIR = Path(__file__).resolve().parent / "lighthouse"
LH_BIN = LH_DIR / "node_modules" / ".bin" / "lighthouse"
OUT = ROOT / "artifacts" / "lighthouse"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
PRESETS = ("desktop", "mobile")
TARGETS = ("direct", "nginx", "baseline")
METRICS = {"fcp_ms": "first-contentful-paint", "lcp_ms": "largest-contentful-paint",
           "tbt_ms": "total-blocking-time", "si_ms": "speed-index", "bytes": "total-byte-weight",
           "cls": "cumulative-layout-shift"}
BASELINE = "baseline"
Result = dict[str, Any]


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def ensure_lighthouse() -> None:
    if LH_BIN.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm not found: install Node.js 20 and npm (Debian: apt-get install nodejs npm).")
    say(f"installing Lighthouse from {LH_DIR / 'package-lock.json'} ...")
    done = subprocess.run([npm, "ci", "--prefix", str(LH_DIR), "--no-audit", "--no-fund"], cwd=ROOT)
    if done.returncode != 0 or not LH_BIN.exists():
        raise SystemExit(f"npm ci --prefix {LH_DIR} failed (exit {done.returncode}); see above. A lock file said to be "
                         "out of sync needs its registry URLs (a dependency asks for a dist-tag): regenerate it with "
                         "npm install --package-lock-only --omit-lockfile-registry-resolved=false")


def chrome_path() -> str:
    path = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not Path(path).exists():
        raise SystemExit(f"Chromium not found at {path}: apt-get install chromium, or set CHROME_PATH.")
    return path


def warm(url: str, pages: list[tuple[str, str]]) -> None:
    """One script run of each page, so Streamlit's caches are filled before Lighthouse comes."""
    session = Session(url, timeout=300)
    try:
        for path, _ in pages:
            page, _, query = path.lstrip("/").partition("?")
            session.run(page, query)
    finally:
        session.close()


@contextmanager
def serve(target: str, pages: list[tuple[str, str]], logs: Path) -> Iterator[str | None]:
    """Start ``target``, warm it, yield its URL (None when it cannot run here), stop it."""
    if target == "baseline":
        server = Server(script=ROOT / "benchmarks" / "baseline_app.py", log=logs)
        stop: Callable[[], None] = server.stop
        urls = [server.url]
    elif target == "direct":
        server = Server(log=logs)
        stop, urls = server.stop, [server.url]
    else:
        from deploy.cluster import NGINX, Cluster

        if not Path(NGINX).exists():
            say("note: nginx is not installed (bash scripts/ensure_system.sh installs it): target nginx skipped")
            yield None
            return
        run_dir = tempfile.TemporaryDirectory(prefix="cc5-lighthouse-", ignore_cleanup_errors=True)
        cluster = Cluster(port=free_port(), replica_ports=[free_port(), free_port()], run_dir=Path(run_dir.name))
        cluster.start()
        urls = [cluster.url] + [r.url for r in cluster.replicas]  # warm each replica: a run may land on either

        def stop() -> None:
            cluster.stop()
            run_dir.cleanup()

    try:
        for url in urls[1:] or urls:
            warm(url, pages)
        yield urls[0]
    finally:
        stop()


def lighthouse(url: str, preset: str, report: Path, chrome: str) -> Result:
    cmd = [str(LH_BIN), url, "--only-categories=performance", "--output=json", f"--output-path={report}",
           "--quiet", f"--chrome-flags={CHROME_FLAGS}", "--max-wait-for-load=45000"]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    try:
        done = subprocess.run(cmd, env={**os.environ, "CHROME_PATH": chrome}, capture_output=True, text=True,
                              timeout=300)
    except subprocess.TimeoutExpired:
        return {"error": "lighthouse did not finish within 300 s"}
    if done.returncode != 0 or not report.exists():
        return {"error": (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]}
    lhr = json.loads(report.read_text(encoding="utf-8"))
    audits = lhr["audits"]
    score = lhr["categories"]["performance"]["score"]
    out: Result = {"score": None if score is None else round(score * 100)}
    out.update({key: audits[audit].get("numericValue") for key, audit in METRICS.items()})
    out["text_compression"] = audits["uses-text-compression"].get("score") == 1
    out["benchmark_index"] = lhr.get("environment", {}).get("benchmarkIndex")  # this machine's CPU speed
    lcp = audits.get("largest-contentful-paint-element", {}).get("details", {}).get("items", [])
    out["lcp_element"] = next(iter(_lcp_snippets(lcp)), "")
    if lhr.get("runtimeError"):
        out["error"] = lhr["runtimeError"].get("message", "runtime error")
    if lhr.get("runWarnings"):
        out["warnings"] = lhr["runWarnings"]
    return out


def _lcp_snippets(items: list[Any]) -> list[str]:
    """The LCP element's HTML snippet (Lighthouse 12 nests it in a table of tables)."""
    found = []
    for item in items:
        for sub in item.get("items", [item]):
            node = sub.get("node", {})
            if node.get("snippet"):
                found.append(node["snippet"][:120])
    return found


def median(runs: list[Result]) -> Result:
    good = [r for r in runs if r.get("score") is not None]
    if not good:
        return {"error": runs[-1].get("error", "no score"), "runs": len(runs)}
    out: Result = {k: statistics.median(r[k] for r in good if r.get(k) is not None)
                   for k in ("score", *METRICS, "benchmark_index") if any(r.get(k) is not None for r in good)}
    out.update(runs=len(runs), scored=len(good), text_compression=all(r["text_compression"] for r in good),
               lcp_element=good[0].get("lcp_element", ""))
    return out


def table(results: dict[str, dict[str, Result]], rows: list[str]) -> str:
    def cell(page: str, col: str, key: str = "score", scale: float = 1.0, fmt: str = "{:.0f}") -> str:
        r = results.get(page, {}).get(col.replace("direct", BASELINE) if page == BASELINE else col, {})
        return fmt.format(r[key] / scale) if r.get(key) is not None else ("error" if r.get("error") else "–")

    lines = ["| Page | desktop direct | desktop nginx | mobile direct | mobile nginx | MB (desktop direct) "
             "| TBT ms (desktop direct) | CLS (desktop direct) |", "|---|--:|--:|--:|--:|--:|--:|--:|"]
    for page in rows:
        cols = [cell(page, c) for c in ("desktop/direct", "desktop/nginx", "mobile/direct", "mobile/nginx")]
        extra = [cell(page, "desktop/direct", "bytes", 1e6, "{:.2f}"), cell(page, "desktop/direct", "tbt_ms"),
                 cell(page, "desktop/direct", "cls", 1.0, "{:.3f}")]
        lines.append(f"| {page} | " + " | ".join(cols + extra) + " |")
    pages = [p for p in rows if p != BASELINE]
    scores = {(p, c): r["score"] for p in pages for c, r in results[p].items() if r.get("score") is not None}
    low = [p for p in pages if any(s < 80 for (q, c), s in scores.items() if q == p and c.startswith("desktop/"))]
    lines += ["", "Below 80 on desktop: " + (", ".join(low) or "none") + "."]
    for preset in PRESETS:
        base = results.get(BASELINE, {}).get(f"{preset}/{BASELINE}", {}).get("score")
        if base is None:
            continue
        below = [f"{p} ({c.split('/')[1]} {s:.0f})" for (p, c), s in scores.items()
                 if c.startswith(preset + "/") and s < base]
        lines.append(f"Below the baseline ({base:.0f}) on {preset}: " + (", ".join(below) or "none") + ".")
    plain = sorted({c for p in rows for c, r in results.get(p, {}).items() if r.get("text_compression") is False})
    lines.append("uses-text-compression fails for: " + (", ".join(plain) or "none") + ".")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.lighthouse", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", help="comma-separated page keys (default: all): " + ",".join(p.key for p in PAGES))
    ap.add_argument("--presets", default=",".join(PRESETS), help="desktop,mobile")
    ap.add_argument("--targets", default=",".join(TARGETS), help="direct,nginx,baseline")
    ap.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page and preset; the median is kept")
    args = ap.parse_args(argv)
    keys = [p.key for p in PAGES]
    chosen = {"pages": args.pages.split(",") if args.pages else keys, "presets": args.presets.split(","),
              "targets": args.targets.split(",")}
    for name, allowed in (("pages", keys), ("presets", PRESETS), ("targets", TARGETS)):
        if bad := [v for v in chosen[name] if v not in allowed]:
            ap.error(f"unknown {name}: {', '.join(bad)} (choose from {', '.join(allowed)})")
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    chrome = chrome_path()
    ensure_lighthouse()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "logs").mkdir(exist_ok=True)
    dash = [(p.sample_path, p.key) for p in PAGES if p.key in chosen["pages"]]
    results: dict[str, dict[str, Result]] = {}
    for target in [t for t in TARGETS if t in chosen["targets"]]:
        pages = [("/", BASELINE)] if target == "baseline" else dash
        with serve(target, pages, OUT / "logs") as url:
            if url is None:
                continue
            for path, key in pages:
                for preset in chosen["presets"]:
                    runs = [lighthouse(url + path, preset, OUT / f"{target}-{key}-{preset}-{i}.json", chrome)
                            for i in range(1, args.runs + 1)]
                    r = results.setdefault(key, {})[f"{preset}/{target}"] = median(runs)
                    shown = r.get("error") or (f"score {r['score']:.0f}, LCP {r['lcp_ms'] / 1000:.1f} s, "
                                               f"TBT {r['tbt_ms']:.0f} ms, CLS {r.get('cls') or 0:.3f}, "
                                               f"{r['bytes'] / 1e6:.2f} MB")
                    say(f"{target:8} {preset:7} {path:45} {shown}")
    rows = [k for k in [BASELINE, *keys] if k in results]
    md = table(results, rows)
    (OUT / "summary.md").write_text(md + "\n", encoding="utf-8")
    (OUT / "summary.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    say("\n" + md + f"\n\nReports: {OUT.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
