"""Benchmarks of the dashboard against a bare Streamlit baseline, at the curated scale and with
synthetic data at 10x and 100x; prints a table and writes JSON.

    .venv/bin/python -m benchmarks.run [--quick] [--out artifacts/benchmarks.json]

What is measured (docs/benchmarks.md explains each figure and gives the results):

- server, per page: warm rerun time through a real ``streamlit run`` server (Streamlit's websocket
  protocol, benchmarks/stclient.py), median of ``--reruns`` runs, each followed by a rerun of the
  baseline page (benchmarks/baseline_app.py: one plotly figure and one pydeck map with as many
  points as the data has events) on its own server, so the ratio compares runs made under the
  same machine load; 100 ms pass before each timed run, as between a reader's clicks;
- browser, per page: navigation in a fresh Chromium context until the page's charts are drawn,
  next to the baseline page;
- filter change: server (slider / countries widget state, each run a view never asked for
  before, so nothing is memoised) and browser (slider key press, a country removed, until the
  timeline shows the new selection; first time, then again);
- scale: the same with synthetic data (benchmarks/synth.py) at 10x and 100x the events, meetings
  and sources, pointed at with CC5_DATA_DIR;
- load + validate: how long, and how many times per server process (a probe wraps
  components.data.dataset.load_dataset in the servers started here: benchmarks/probe/sitecustomize.py);
- memory: server RSS (VmRSS) idle, with 1 and with 20 open sessions;
- cold start: ``streamlit run`` until the first page is drawn in the browser;
- load: tests/robustness/test_load.py (20 concurrent sessions changing filters), run with pytest;
- profile: pages that miss a target are profiled with cProfile (through AppTest, in process).

``--quick``: fewer reruns and browser repeats, only the 10x scale, a 15 s load test (a few minutes).
The full run takes about 15 minutes on 2 cores. Results and what they mean: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import (
    BASELINE_APP,
    DATA,
    PAGES,
    PROBE,
    ROOT,
    data_stats,
    median,
    r3,
    say,
    timeline_expectations,
)
from benchmarks.measure import (
    browser_pages,
    memory,
    probe_entries,
    server_filters,
    server_pages,
)
from benchmarks.profiling import profile_page, run_load_test
from benchmarks.report import summarize
from testsupport import browser as B
from testsupport.stclient import Server, Session


def bench_app(label: str, folder: Path, args: argparse.Namespace, browser: Any, work: Path) -> dict[str, Any]:
    say(f"  app on {label} data ({folder})")
    probe_log = work / f"probe-{label}.log"
    env = {
        "CC5_DATA_DIR": str(folder),
        "PYTHONPATH": os.pathsep.join(p for p in (str(PROBE), os.environ.get("PYTHONPATH", "")) if p),
        "CC5_PROBE_LOG": str(probe_log),
    }
    res: dict[str, Any] = {"data": data_stats(folder)}
    srv = Server(env=env, log=args.artifacts / f"bench-server-{label}.log", wait=False)
    try:
        res["server_ready_s"] = r3(srv.wait_ready())
        time.sleep(0.5)
        res["rss_idle_mib"] = round(srv.rss_mib(), 1)
        # the first reader: the data is loaded and validated during this first run
        if browser is not None:
            drawn = B.navigate(browser, srv.url + "/", B.PAGES["overview"][1])
            res["cold_start_to_first_page_drawn_s"] = r3(time.perf_counter() - srv.started)
            res["first_visit_nav_to_drawn_s"] = r3(drawn)
        else:
            s = Session(srv.url, timeout=300)
            res["first_session_first_run_s"] = r3(s.run("").seconds)
            s.close()
        s = Session(srv.url, timeout=300)
        res["second_session_first_run_s"] = r3(s.run("").seconds)
        s.close()
        # the baseline page with as many points as this data has events, reran in turn with each page
        paired = Server(
            script=BASELINE_APP,
            env={"BASELINE_POINTS": str(res["data"]["events"])},
            log=args.artifacts / f"bench-baseline-paired-{label}.log",
        )
        try:
            res["server"] = server_pages(srv.url, args.reruns, PAGES, args.budget, baseline_url=paired.url)
        finally:
            paired.stop()
        if browser is not None:
            res["browser"] = browser_pages(browser, srv.url, args.browser_reps, args.budget)
            after_year, after_country = timeline_expectations(folder)
            slow = res["server"]["timeline"]["warm_median_s"] > args.budget / 3
            runs = [
                B.timeline_filter_changes(browser, srv.url, after_year, after_country)
                for _ in range(1 if slow else max(2, args.browser_reps))
            ]
            # the first run asks for views nobody asked for before; the next ones find them memoised
            res["filter_change_browser"] = {
                k: r3(runs[0][k]) for k in ("year_slider_s", "remove_country_s")
            } | {
                f"{k}_seen_before": r3(median([r[k] for r in runs[1:]])) if len(runs) > 1 else None
                for k in ("year_slider_s", "remove_country_s")
            }
            say(f"    browser filter change: {res['filter_change_browser']}")
        res["filter_change_server"] = server_filters(srv.url, args.reruns, args.budget)
        res["memory"] = {"rss_idle_mib": res["rss_idle_mib"], **memory(srv, srv.url)}
        say(f"    memory {res['memory']}")
    finally:
        srv.stop()
    loads = [e for e in probe_entries(probe_log) if e["pid"] == srv.pid]
    res["load_validate"] = {
        "loads_in_server_process": len(loads),
        "load_validate_in_server_s": r3(loads[0]["seconds"]) if loads else None,
        # first reader, second session, one per page, two for filters, twenty for memory, browser contexts
        "sessions_opened": 2 + len(PAGES) + 2 + 20 + (args.browser_reps * (len(B.PAGES) + 1) if browser else 0),
    }
    say(f"    load+validate {res['load_validate']}")
    return res


def bench_baseline(points: int, args: argparse.Namespace, browser: Any) -> dict[str, Any]:
    say(f"  baseline with {points} points")
    res: dict[str, Any] = {"points": points}
    srv = Server(
        script=BASELINE_APP, env={"BASELINE_POINTS": str(points)}, log=args.artifacts / "bench-baseline.log", wait=False
    )
    try:
        res["server_ready_s"] = r3(srv.wait_ready())
        if browser is not None:
            B.navigate(browser, srv.url + "/", B.BASELINE[1])
            res["cold_start_to_first_page_drawn_s"] = r3(time.perf_counter() - srv.started)
        res["server"] = server_pages(srv.url, args.reruns, {"baseline": ("", "")})["baseline"]
        if browser is not None:
            times = [B.navigate(browser, srv.url + "/", B.BASELINE[1]) for _ in range(args.browser_reps)]
            res["browser"] = {"nav_to_drawn_median_s": r3(median(times)), "runs": times}
            say(f"    browser baseline navigation → drawn {median(times):6.3f} s")
    finally:
        srv.stop()
    return res


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="a short run: fewer repeats, 10x only, 15 s of load")
    p.add_argument("--out", type=Path, default=ROOT / "artifacts" / "benchmarks.json")
    p.add_argument("--reruns", type=int, default=None, help="warm reruns per page (default 21; quick 6)")
    p.add_argument("--browser-reps", type=int, default=None, help="browser repeats per page (default 3; quick 1)")
    p.add_argument("--scales", default=None, help="comma-separated synthetic scales (default 10,100; quick 10)")
    p.add_argument("--load-seconds", type=float, default=None, help="load test duration (default 60; quick 15)")
    p.add_argument("--budget", type=float, default=None,
                   help="seconds after which a slow measure stops repeating, with at least 3 runs "
                   "(1 in the browser) (default 120; quick 40)")
    p.add_argument("--no-browser", action="store_true", help="skip the Chromium measures")
    p.add_argument("--no-load", action="store_true", help="skip the load test")
    p.add_argument("--no-profile", action="store_true", help="skip profiling pages that miss a target")
    args = p.parse_args(argv)
    args.reruns = args.reruns or (6 if args.quick else 21)
    args.browser_reps = args.browser_reps or (1 if args.quick else 3)
    scales = [int(s) for s in (args.scales or ("10" if args.quick else "10,100")).split(",") if s]
    load_seconds = args.load_seconds or (15.0 if args.quick else 60.0)
    args.budget = args.budget or (40.0 if args.quick else 120.0)
    args.artifacts = args.out.parent
    args.artifacts.mkdir(parents=True, exist_ok=True)

    import streamlit

    res: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(),
            "streamlit": streamlit.__version__,
            "platform": platform.platform(),
        },
        "config": {"quick": args.quick, "reruns": args.reruns, "browser_reps": args.browser_reps, "scales": scales,
                   "load_seconds": load_seconds, "budget_s": args.budget},
        "apps": {},
        "baselines": {},
    }
    started = time.perf_counter()
    use_browser = not args.no_browser and B.available()
    if not use_browser and not args.no_browser:
        say(f"Chromium not found at {B.CHROMIUM}: browser measures skipped")
    with tempfile.TemporaryDirectory(prefix="cc5-bench-") as tmp:
        work = Path(tmp)
        folders = {"curated": DATA}
        from benchmarks.synth import generate, validate

        for k in scales:
            folder = work / f"x{k}"
            counts = generate(folder, k)
            errors = validate(folder)
            say(f"synthetic x{k}: {counts['events']} events, {counts['sources']} sources; {errors} validation errors")
            if errors:
                raise SystemExit(f"synthetic x{k} data does not validate")
            folders[f"x{k}"] = folder

        def with_browser(fn: Callable[[Any], Any]) -> Any:
            if not use_browser:
                return fn(None)
            with B.chromium() as br:
                return fn(br)

        for label, folder in folders.items():
            stats = data_stats(folder)
            res["baselines"][label] = with_browser(lambda br, n=stats["events"]: bench_baseline(n, args, br))
            res["apps"][label] = with_browser(lambda br, lab=label, fo=folder: bench_app(lab, fo, args, br, work))

        if not args.no_load:
            res["load"] = run_load_test(load_seconds, args.artifacts / "load.json")

        lines, verdict = summarize(res)
        res["verdict"] = verdict
        args.out.write_text(json.dumps(res, indent=2, ensure_ascii=False), encoding="utf-8")  # before profiling
        if not args.no_profile:
            res["profiles"] = []
            missed_pages: dict[str, str] = {}
            for m in verdict["missed"]:
                hit = re.match(r"server (\w+)(:| at (\w+):)", m)
                if hit:
                    # a page that misses the scale target is profiled at 100x, otherwise on the curated data
                    at_scale = hit.group(2) == ":"
                    if at_scale or hit.group(1) not in missed_pages:
                        missed_pages[hit.group(1)] = "x100" if at_scale and "x100" in folders else "curated"
            for page, label in sorted(missed_pages.items()):
                try:
                    seconds = res["apps"][label]["server"][page]["warm_median_s"] or 1.0
                    runs = max(1, min(8, int(30 / seconds)))
                    say(f"  profiling {page} on {label} data ({runs} run(s))")
                    prof = profile_page(page, folders[label], runs=runs, warm=seconds < 5)
                    prof["data"] = label
                    res["profiles"].append(prof)
                except Exception as exc:  # noqa: BLE001 - a failed profile must not lose the measures
                    say(f"  profiling {page} failed: {exc!r}")
    res["elapsed_s"] = round(time.perf_counter() - started, 1)
    args.out.write_text(json.dumps(res, indent=2, ensure_ascii=False), encoding="utf-8")

    say("")
    say(f"Benchmarks ({'quick' if args.quick else 'full'}; {res['machine']['cpus']} CPUs; load average at start "
        f"{res['machine']['load_average_at_start']}; {res['elapsed_s']} s)")
    for line in lines:
        say(line)
    say("")
    if verdict["missed"]:
        say("Targets missed:")
        for m in verdict["missed"]:
            say(f"- {m}")
    else:
        say("Every target met.")
    for prof in res.get("profiles", []):
        top = prof["project_functions_by_cumulative"][:4]
        funcs = "; ".join(f"{e['function']} {e['cumulative_s']} s" for e in top)
        say(f"profile {prof['page']} ({prof['data']}): {funcs}")
    if res.get("load", {}).get("errors"):
        say(f"load test errors: {res['load']['errors'][:5]}")
    say(f"JSON: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
