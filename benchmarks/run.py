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
import cProfile
import csv
import io
import json
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from components import registry  # noqa: E402
from testsupport import browser as B  # noqa: E402
from testsupport.stclient import Server, Session  # noqa: E402

DATA = ROOT / "data"
PROBE = Path(__file__).resolve().parent / "probe"
BASELINE_APP = Path(__file__).resolve().parent / "baseline_app.py"
# name -> (url path, query) as the browser would ask; from the page registry
PAGES: dict[str, tuple[str, str]] = {p.key: (p.url_path, p.sample_query) for p in registry.PAGES}
TARGET_BASELINE = 1.5
# A pause before each timed rerun, as between a reader's clicks: a rerun asked for the instant the
# previous one ended waits ~25 ms for Streamlit's post-run bookkeeping, on every page alike.
THINK_S = 0.1
TARGET_SCALE = 2.0


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p90(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def r3(x: float | None) -> float | None:
    return None if x is None or x != x else round(x, 3)


# --------------------------------------------------------------------------- data


def _csv_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    return rows[0], rows[1:]


def data_stats(folder: Path) -> dict[str, int]:
    eh, ev = _csv_rows(folder / "events.csv")
    _, src = _csv_rows(folder / "sources.csv")
    mi = eh.index("mechanism_id")
    return {"events": len(ev), "meetings": sum(1 for r in ev if r[mi]), "sources": len(src)}


def timeline_expectations(folder: Path) -> tuple[tuple[str, int], tuple[str, int]]:
    """(caption text, markers) after moving the slider to 2021–2026, then after removing China."""
    h, rows = _csv_rows(folder / "events.csv")
    d, c = h.index("date"), h.index("countries")
    in_years = [r for r in rows if 2021 <= int(r[d][:4]) <= 2026]
    without_china = [r for r in in_years if set(r[c].split(";")) - {"CHN"}]
    five = "Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan"
    return ("all six countries; 2021–2026", len(in_years)), (f"{five}; 2021–2026", len(without_china))


# --------------------------------------------------------------------------- measures


def _enough(times: list[float], budget: float, minimum: int = 3) -> bool:
    """Stop repeating a slow measure once it has used its time budget (and has ``minimum`` runs)."""
    return len(times) >= minimum and sum(times) > budget


def server_pages(
    url: str, reruns: int, pages: dict[str, tuple[str, str]], budget: float = 1e9, baseline_url: str | None = None
) -> dict[str, dict[str, Any]]:
    """Warm reruns of each page; with ``baseline_url``, each page rerun is followed by a rerun of
    the baseline page, so that both are timed under the same machine conditions (paired)."""
    out: dict[str, dict[str, Any]] = {}
    base = Session(baseline_url, timeout=600) if baseline_url else None
    try:
        if base is not None:
            base.run("")
        for name, (path, query) in pages.items():
            s = Session(url, timeout=600)
            try:
                first = s.run(path, query)
                times, paired, size, errors = [], [], first.bytes, list(first.exceptions)
                for _ in range(reruns):
                    time.sleep(THINK_S)
                    r = s.run()
                    times.append(r.seconds)
                    errors += r.exceptions
                    if base is not None:
                        time.sleep(THINK_S)
                        paired.append(base.run().seconds)
                    if _enough(times, budget):
                        break
            finally:
                s.close()
            out[name] = {
                "first_run_in_session_s": r3(first.seconds),
                "warm_median_s": r3(median(times)),
                "warm_p90_s": r3(p90(times)),
                "runs": len(times),
                "bytes_per_run": size,
                "errors": errors,
            }
            extra = ""
            if paired:
                out[name]["baseline_paired_median_s"] = r3(median(paired))
                out[name]["ratio_to_paired_baseline"] = _ratio(median(times), median(paired))
                extra = f", paired baseline {median(paired):.3f} s"
            say(f"    server {name:<11} warm median {median(times):6.3f} s  (first in session {first.seconds:.3f} s"
                f"{extra})")
    finally:
        if base is not None:
            base.close()
    return out


NAMES = ["China", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"]
# Views the browser's filter change asks for first; the server measures use other, new views.
BROWSER_VIEWS = {((2021, 2026), tuple(NAMES)), ((2021, 2026), tuple(NAMES[1:]))}


def new_views() -> tuple[list[tuple[int, int]], list[list[str]]]:
    """Year ranges and country selections no earlier measure asked for: every rerun of the filter
    measures is a view computed for the first time in the server (the memo cannot answer it)."""
    years = [(a, b) for a in range(2020, 2027) for b in range(2026, a - 1, -1) if (a, b) != (2020, 2026)]
    years = [y for y in years if (y, tuple(NAMES)) not in BROWSER_VIEWS]
    subsets = [
        [n for i, n in enumerate(NAMES) if mask & (1 << i)] for mask in range(1, 2 ** len(NAMES) - 1)
    ]
    subsets = [c for c in sorted(subsets, key=len, reverse=True) if ((2020, 2026), tuple(c)) not in BROWSER_VIEWS]
    return years, subsets


def server_filters(url: str, reruns: int, budget: float = 1e9) -> dict[str, Any]:
    """A changed filter until the page has run: each change asks for a view not seen before."""
    out: dict[str, Any] = {}
    year_views, country_views = new_views()
    for page in ("timeline", "map"):
        s = Session(url, timeout=600)
        try:
            first = s.run(page)
            slider = first.widget("slider", "Years")
            chooser = first.widget("multiselect", "Countries")
            years, countries = [], []
            for y in year_views[:reruns]:
                time.sleep(THINK_S)
                s.set_slider(slider, y)
                years.append(s.run().seconds)
                if _enough(years, budget):
                    break
            s.set_slider(slider, (2020, 2026))
            for c in country_views[:reruns]:
                time.sleep(THINK_S)
                s.set_multiselect(chooser, c)
                countries.append(s.run().seconds)
                if _enough(countries, budget):
                    break
        finally:
            s.close()
        out[page] = {
            "year_slider_median_s": r3(median(years)),
            "remove_country_median_s": r3(median(countries)),
            "runs": [len(years), len(countries)],
        }
        say(f"    server filter change {page} (new views): years {median(years):.3f} s, "
            f"countries {median(countries):.3f} s")
    return out


def browser_pages(browser: Any, url: str, reps: int, budget: float = 1e9) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name, (path, required) in B.PAGES.items():
        times: list[float] = []
        for _ in range(reps):
            times.append(B.navigate(browser, url + path, required))
            if _enough(times, budget, minimum=1):
                break
        out[name] = {"nav_to_drawn_median_s": r3(median(times)), "runs": times}
        say(f"    browser {name:<11} navigation → drawn {median(times):6.3f} s")
    return out


def memory(srv: Server, url: str, sessions: int = 20) -> dict[str, float]:
    names = list(PAGES)
    opened: list[Session] = []
    out: dict[str, float] = {}
    try:
        for i in range(sessions):
            s = Session(url, timeout=300)
            path, query = PAGES[names[i % len(names)]]
            s.run(path, query)
            opened.append(s)
            if i == 0:
                time.sleep(1)
                out["rss_1_session_mib"] = round(srv.rss_mib(), 1)
        time.sleep(1)
        out[f"rss_{sessions}_sessions_mib"] = round(srv.rss_mib(), 1)
    finally:
        for s in opened:
            s.close()
    time.sleep(3)
    out["rss_after_close_mib"] = round(srv.rss_mib(), 1)
    return out


def probe_entries(log: Path) -> list[dict[str, Any]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


# --------------------------------------------------------------------------- one server per dataset


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


# --------------------------------------------------------------------------- profile, load


def profile_page(page: str, folder: Path, runs: int = 8, warm: bool = True) -> dict[str, Any]:
    """cProfile of the script runs of a page (app.py and the page, in Streamlit's script thread),
    through AppTest in this process; the functions that dominate."""
    import logging

    from streamlit.components.v2 import manifest_scanner
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.testing.v1 import AppTest

    prof = cProfile.Profile()
    found = manifest_scanner.scan_component_manifests()
    patched = {
        (manifest_scanner, "scan_component_manifests"): lambda *a, **k: found,  # AppTest's overhead, not the app's
    }
    original_exec = script_runner.exec_func_with_error_handling
    profiling = {"on": False, "depth": 0}

    def exec_profiled(func: Any, ctx: Any) -> Any:
        if not profiling["on"]:
            return original_exec(func, ctx)
        profiling["depth"] += 1
        if profiling["depth"] == 1:
            prof.enable()
        try:
            return original_exec(func, ctx)
        finally:
            profiling["depth"] -= 1
            if profiling["depth"] == 0:
                prof.disable()

    patched[(script_runner, "exec_func_with_error_handling")] = exec_profiled
    saved = {key: getattr(*key) for key in patched}
    for (mod, name), value in patched.items():
        setattr(mod, name, value)
    old_env = os.environ.get("CC5_DATA_DIR")
    os.environ["CC5_DATA_DIR"] = str(folder)
    level = logging.getLogger("streamlit").level
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    try:
        def one() -> None:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
            if page != "overview":
                at.switch_page(f"pages/{page}.py")
            at.run()

        if warm:
            one()  # data loaded, modules imported
        profiling["on"] = True
        start = time.perf_counter()
        for _ in range(runs):
            one()
        wall = time.perf_counter() - start
    finally:
        for (mod, name), value in saved.items():
            setattr(mod, name, value)
        logging.getLogger("streamlit").setLevel(level)
        if old_env is None:
            os.environ.pop("CC5_DATA_DIR", None)
        else:
            os.environ["CC5_DATA_DIR"] = old_env
    stats = pstats.Stats(prof)
    ours, lib = [], []
    project = (str(ROOT / "components"), str(ROOT / "pages"), str(ROOT / "app.py"))
    for (file, line, func), (_cc, _nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        entry = {"function": f"{Path(file).name}:{line}({func})", "cumulative_s": ct / runs, "own_s": tt / runs}
        if func == "<module>":
            continue  # exec'd scripts: cProfile's cumulative time for them is not meaningful
        if file.startswith(project):
            ours.append(entry)
        else:
            lib.append(entry)
    ours.sort(key=lambda e: -e["cumulative_s"])
    lib.sort(key=lambda e: -e["own_s"])

    def rounded(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: r3(v) if isinstance(v, float) else v for k, v in e.items()} for e in rows]

    return {
        "page": page,
        "runs": runs,
        "wall_s_per_run_under_profiler": r3(wall / runs),
        "project_functions_by_cumulative": rounded(ours[:14]),
        "library_functions_by_own_time": rounded(lib[:10]),
    }


def run_load_test(seconds: float, out: Path) -> dict[str, Any]:
    env = {**os.environ, "CC5_LOAD": "1", "CC5_LOAD_SECONDS": str(seconds), "CC5_LOAD_OUT": str(out)}
    env.pop("CC5_DATA_DIR", None)
    cmd = [sys.executable, "-m", "pytest", "tests/robustness/test_load.py", "--run-load", "-q", "-s",
           "-p", "no:cacheprovider"]  # fmt: skip
    say(f"  load test: {' '.join(cmd[2:])} (CC5_LOAD_SECONDS={seconds})")
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=seconds + 600)
    report: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {}
    report["pytest_exit_status"] = proc.returncode
    report["pytest_tail"] = proc.stdout.strip().splitlines()[-3:]
    say(f"    {report.get('pytest_tail')}")
    return report


# --------------------------------------------------------------------------- table


def _fmt(x: Any, unit: str = "") -> str:
    if x is None or (isinstance(x, float) and x != x):
        return "—"
    if isinstance(x, float):
        return f"{x:.3f}{unit}" if abs(x) < 10 else f"{x:.1f}{unit}"
    return f"{x}{unit}"


def _ratio(a: Any, b: Any) -> float | None:
    try:
        return round(float(a) / float(b), 2) if a is not None and b else None
    except (TypeError, ValueError):
        return None


def summarize(res: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """Markdown tables, and the ratios and missed targets."""
    labels = list(res["apps"])
    cur = res["apps"]["curated"]
    base = res["baselines"]
    lines: list[str] = []
    verdict: dict[str, Any] = {"server_vs_baseline": {}, "browser_vs_baseline": {}, "scale": {}, "missed": []}

    head = "| page | " + " | ".join(f"{lab} s (×baseline)" for lab in labels)
    head += " | " + " | ".join(f"{lab}/curated" for lab in labels if lab != "curated") + " |"
    for kind, key, title in (
        ("server", "warm_median_s", "Server: warm rerun, median (seconds; ratio to the baseline page at the same "
                   "scale, reran in turn with it)"),
        ("browser", "nav_to_drawn_median_s", "Browser: navigation → charts drawn, median (seconds; ratio to baseline)"),
    ):
        if kind not in cur:
            continue
        lines += ["", f"**{title}**", "", head, "|" + "---|" * (1 + 2 * len(labels) - 1)]
        for page in [*PAGES, "baseline"]:
            cells = []
            for lab in labels:
                if page == "baseline":
                    v = base[lab].get(kind, {}).get(key)
                    cells.append(_fmt(v))
                    continue
                v = res["apps"][lab][kind][page][key]
                ratio = res["apps"][lab][kind][page].get("ratio_to_paired_baseline") if kind == "server" else None
                ratio = ratio if ratio is not None else _ratio(v, base[lab].get(kind, {}).get(key))
                cells.append(f"{_fmt(v)} ({_fmt(ratio)}×)")
                verdict[f"{kind}_vs_baseline"].setdefault(lab, {})[page] = ratio
                if ratio is not None and ratio > TARGET_BASELINE:
                    verdict["missed"].append(f"{kind} {page} at {lab}: {ratio}× baseline (target ≤{TARGET_BASELINE}×)")
            for lab in labels:
                if lab == "curated":
                    continue
                if page == "baseline":
                    sc = _ratio(base[lab].get(kind, {}).get(key), base["curated"].get(kind, {}).get(key))
                else:
                    sc = _ratio(res["apps"][lab][kind][page][key], cur[kind][page][key])
                    verdict["scale"].setdefault(f"{kind} {lab}", {})[page] = sc
                    if lab == "x100" and sc is not None and sc > TARGET_SCALE:
                        verdict["missed"].append(f"{kind} {page}: x100 is {sc}× curated (target ≤{TARGET_SCALE}×)")
                cells.append(f"{_fmt(sc)}×")
            lines.append(f"| {page} | " + " | ".join(cells) + " |")

    lines += ["", "**Filter change → updated view (seconds; server: median over new views)**", "",
              "| measure | " + " | ".join(labels) + " |", "|" + "---|" * (1 + len(labels))]
    rows = [("server: timeline, year slider", "filter_change_server", ("timeline", "year_slider_median_s")),
            ("server: timeline, a country removed", "filter_change_server", ("timeline", "remove_country_median_s")),
            ("server: map, year slider", "filter_change_server", ("map", "year_slider_median_s")),
            ("browser: timeline, slider key → markers (new view)", "filter_change_browser", ("year_slider_s",)),
            ("browser: same, view seen before", "filter_change_browser", ("year_slider_s_seen_before",)),
            ("browser: timeline, China removed → caption (new view)", "filter_change_browser",
             ("remove_country_s",)),
            ("browser: same, view seen before", "filter_change_browser", ("remove_country_s_seen_before",))]
    for title, sect, path in rows:
        cells = []
        for lab in labels:
            v: Any = res["apps"][lab].get(sect)
            for p in path:
                v = v.get(p) if isinstance(v, dict) else None
            cells.append(_fmt(v))
        lines.append(f"| {title} | " + " | ".join(cells) + " |")

    lines += ["", "**Load + validate, memory, cold start**", "",
              "| measure | " + " | ".join(labels) + " | baseline (curated points) |", "|" + "---|" * (2 + len(labels))]

    def row(title: str, get: Callable[[dict[str, Any]], Any], bget: Callable[[dict[str, Any]], Any] | None = None,
            unit: str = "") -> None:
        cells = [_fmt(get(res["apps"][lab]), unit) for lab in labels]
        b = _fmt(bget(base["curated"]), unit) if bget else ""
        lines.append(f"| {title} | " + " | ".join(cells) + f" | {b} |")

    row("events / meetings / sources", lambda a: "{events} / {meetings} / {sources}".format(**a["data"]))
    row("load + validate in the server (s)", lambda a: a["load_validate"]["load_validate_in_server_s"])
    row("loads in the server process (sessions opened)",
        lambda a: f"{a['load_validate']['loads_in_server_process']} ({a['load_validate']['sessions_opened']})")
    row("first run of a second session (s)", lambda a: a.get("second_session_first_run_s"))
    row("RSS idle (MiB)", lambda a: a["memory"]["rss_idle_mib"])
    row("RSS, 1 session (MiB)", lambda a: a["memory"]["rss_1_session_mib"])
    row("RSS, 20 sessions (MiB)", lambda a: a["memory"]["rss_20_sessions_mib"])
    row("RSS after closing them (MiB)", lambda a: a["memory"]["rss_after_close_mib"])
    row("server ready after `streamlit run` (s)", lambda a: a["server_ready_s"], lambda b: b["server_ready_s"])
    row("cold start → first page drawn (s)", lambda a: a.get("cold_start_to_first_page_drawn_s"),
        lambda b: b.get("cold_start_to_first_page_drawn_s"))

    load = res.get("load")
    if load:
        lines += ["", "**Load: concurrent sessions changing filters (tests/robustness/test_load.py)**", "",
                  "| sessions | seconds | reruns | reruns/s | p50 s | p95 s | max s | errors | peak RSS MiB |",
                  "|---|---|---|---|---|---|---|---|---|",
                  f"| {load.get('sessions')} | {load.get('duration_s')} | {load.get('reruns')} | "
                  f"{load.get('throughput_per_s')} | {load.get('rerun_p50_s')} | {load.get('rerun_p95_s')} | "
                  f"{load.get('rerun_max_s')} | {len(load.get('errors', [])) if 'errors' in load else '—'} | "
                  f"{load.get('peak_rss_mib')} |"]
    return lines, verdict


# --------------------------------------------------------------------------- main


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
