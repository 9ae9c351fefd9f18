"""The table benchmarks.run prints: each figure beside the baseline's and the target."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from benchmarks.common import (
    PAGES,
    TARGET_BASELINE,
    TARGET_SCALE,
    _fmt,
    _ratio,
)


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
