"""The map's main-thread cost per layer from Chromium itself (Playwright, CDP), a lighter second
opinion beside benchmarks/map_layers.py's Lighthouse runs (issue 25).

    .venv/bin/python -m benchmarks.map_trace [--runs 5] [--langs en,zh,ru] [--variants bare,none,full,...]

The page is benchmarks/map_layers.py's (``?v=full``, ``?v=-countries``, ``?v=bare``, ...), served
by one server (and ``--before``: a second, from another checkout). Each load is a fresh browser
context at 1400x900 (Debian's Chromium, headless, software WebGL as in Lighthouse). It waits until
the deck's canvas is on the page and the main thread has had no long task for 3 s, then reads: the
time the main thread waited on the GPU process (a Chromium trace,
``CommandBufferProxyImpl::WaitForGetOffset``: shader compiles with software WebGL), the renderer's
main-thread task time (CDP ``Performance.getMetrics`` ``TaskDuration``), the long tasks
(PerformanceObserver ``longtask``: their sum and their blocking part beyond 50 ms each, as TBT
counts it) and the time from navigation to the end of the last long task. Variants run
round-robin; medians per variant. Table: artifacts/lighthouse/map_trace.md and .json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.map_layers import LAYERS  # noqa: E402

OBSERVE = """
window.__long = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__long.push([e.startTime, e.duration]); })
  .observe({type: 'longtask', buffered: true});
"""


def gpu_wait_ms(trace: bytes) -> float:
    """Milliseconds the renderer's main thread spent waiting on the GPU process
    (``CommandBufferProxyImpl::WaitForGetOffset``, self time): with software WebGL, mostly shaders
    being compiled and linked when luma.gl asks for their status."""
    events = json.loads(trace)["traceEvents"]
    main = {(e["pid"], e["tid"]) for e in events
            if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"}
    total = 0.0
    for e in events:
        if e.get("name") == "CommandBufferProxyImpl::WaitForGetOffset" and (e["pid"], e["tid"]) in main:
            total += e.get("dur", 0) / 1000  # a leaf event: its duration is its self time
    return total


def measure(browser: Any, url: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(OBSERVE)
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        browser.start_tracing(page=page, categories=["devtools.timeline", "gpu", "toplevel"])
        t0 = time.perf_counter()
        page.goto(url, wait_until="load", timeout=120_000)
        page.wait_for_selector("canvas", state="attached", timeout=120_000)
        quiet_since, seen = time.perf_counter(), 0
        while time.perf_counter() - quiet_since < 3.0:  # no new long task for 3 s
            if time.perf_counter() - t0 > 120:
                break
            n = page.evaluate("window.__long.length")
            if n != seen:
                seen, quiet_since = n, time.perf_counter()
            page.wait_for_timeout(250)
        tasks = page.evaluate("window.__long")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        gpu_wait = gpu_wait_ms(browser.stop_tracing())
    finally:
        context.close()
    return {
        "gpu_wait_ms": gpu_wait,
        "task_ms": metrics.get("TaskDuration", 0) * 1000,
        "script_ms": metrics.get("ScriptDuration", 0) * 1000,
        "long_ms": sum(d for _, d in tasks),
        "blocking_ms": sum(max(0.0, d - 50) for _, d in tasks),
        "longest_ms": max((d for _, d in tasks), default=0.0),
        "busy_until_ms": max((s + d for s, d in tasks), default=0.0),
    }


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    from benchmarks.lighthouse import OUT, chrome_path, say, warm
    from testsupport.stclient import Server

    ap = argparse.ArgumentParser(prog="python -m benchmarks.map_trace", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--langs", default="en", help="languages of the full deck (other variants: the first)")
    ap.add_argument("--variants", default=",".join(["bare", "none", "full", *(f"-{x}" for x in LAYERS)]))
    ap.add_argument("--before", type=Path, help="another checkout (e.g. `git archive` of the commit before a change, "
                    "with this branch's benchmarks/map_layers.py copied in): its deck is measured in the same run, "
                    "round-robin with this one's, under the name before:VARIANT")
    args = ap.parse_args(argv)
    langs = args.langs.split(",")
    urls = [(v, langs[0]) for v in args.variants.split(",")] + [("full", lang) for lang in langs[1:]]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "logs").mkdir(exist_ok=True)
    runs: dict[str, list[dict[str, float]]] = {}
    server = Server(script=ROOT / "benchmarks" / "map_layers.py", log=OUT / "logs")
    servers = [("", server)]
    if args.before:
        servers.append(("before:", Server(script=args.before.resolve() / "benchmarks" / "map_layers.py",
                                          log=OUT / "logs")))
    try:
        for _, srv in servers:
            warm(srv.url, [(f"/?v={v}&lang={lang}", v) for v, lang in urls])
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chrome_path(), args=["--no-sandbox", "--disable-gpu"])
            try:
                for i in range(1, args.runs + 1):
                    for (label, srv), (variant, lang) in itertools.product(servers, urls):
                        if label and variant in ("bare", "none"):
                            continue  # the same on both
                        r = measure(browser, f"{srv.url}/?v={variant}&lang={lang}")
                        runs.setdefault(f"{label}{variant}@{lang}", []).append(r)
                        say(f"run {i} {label}{variant}@{lang:3} " + ", ".join(f"{k} {v:.0f}" for k, v in r.items()))
            finally:
                browser.close()
    finally:
        for _, srv in servers:
            srv.stop()
    keys = ("gpu_wait_ms", "task_ms", "script_ms", "long_ms", "blocking_ms", "longest_ms", "busy_until_ms")
    med = {name: {k: statistics.median(r[k] for r in rs) for k in keys} for name, rs in runs.items()}
    lines = ["| map variant | waiting on the GPU process ms | main-thread task ms | script ms | long tasks ms "
             "| blocking ms | longest task ms "
             "| busy until ms |", "|---|--:|--:|--:|--:|--:|--:|--:|"]
    lines += [f"| {name} | " + " | ".join(f"{m[k]:.0f}" for k in keys) + " |" for name, m in med.items()]
    md = "\n".join(lines)
    (OUT / "map_trace.md").write_text(md + "\n", encoding="utf-8")
    (OUT / "map_trace.json").write_text(json.dumps({"medians": med, "runs": runs}, indent=2) + "\n", encoding="utf-8")
    say("\n" + md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
