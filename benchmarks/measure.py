"""The measures of benchmarks.run: server reruns per page and per filter change (websocket
sessions), browser navigation, memory with many sessions, the load-and-validate probe."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from benchmarks.common import (
    PAGES,
    THINK_S,
    _enough,
    _ratio,
    median,
    p90,
    r3,
    say,
)
from testsupport import browser as B
from testsupport.stclient import Server, Session


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
