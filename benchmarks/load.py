"""Load: many concurrent sessions against one ``streamlit run`` server, each changing filters
and pages like a reader would, for a bounded time and number of reruns.

Each session is a websocket client (benchmarks/stclient.py) in its own thread. It opens a
page, then repeatedly changes the year slider, the countries, or the page, waits for the run
to finish, checks what came back (no exception; the caption names the filters it asked for),
and pauses for a reader's think time. Used by tests/robustness/test_load.py and by
``python -m benchmarks.run``.
"""

from __future__ import annotations

import random
import statistics
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from components.data import registry
from testsupport.stclient import RunResult, Session

PAGES = [p.url_path for p in registry.PAGES]
COUNTRIES = ["China", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"]
YEAR_MIN, YEAR_MAX = 2020, 2026


@dataclass
class SessionLog:
    times: list[tuple[str, str, float]] = field(default_factory=list)  # (page, action, seconds)
    errors: list[str] = field(default_factory=list)


def expected_caption(countries: list[str], years: tuple[int, int]) -> str:
    who = "all six countries" if set(countries) == set(COUNTRIES) else ", ".join(c for c in COUNTRIES if c in countries)
    when = f"{years[0]}" if years[0] == years[1] else f"{years[0]}–{years[1]}"
    return f"{who}; {when}"


def _check(result: RunResult, page: str, countries: list[str], years: tuple[int, int]) -> list[str]:
    problems = [f"{page or 'overview'}: exception {e}" for e in result.exceptions]
    if result.compile_error:
        problems.append(f"{page or 'overview'}: compile error")
    captions = [p.body for p in result.of("markdown") if p.body.startswith("Showing: ")]
    want = expected_caption(countries, years)
    if captions and not captions[0].startswith(f"Showing: {want}"):
        problems.append(f"{page or 'overview'}: caption {captions[0]!r}, expected {want!r}")
    return problems


# A room following one briefing: readers move among a few views (the presenter's, and the
# obvious variations), so most runs find their view already computed. ``shared=0`` (the
# default) is the worst case: every change asks for a view nobody asked for before.
def _pool(shared: int, seed: int = 11) -> list[tuple[list[str], tuple[int, int]]]:
    rng = random.Random(seed)
    out = []
    for _ in range(shared):
        a = rng.randint(YEAR_MIN, YEAR_MAX)
        out.append(([c for c in COUNTRIES if rng.random() < 0.6] or ["Kazakhstan"], (a, rng.randint(a, YEAR_MAX))))
    return out


def _session(
    url: str, seed: int, stop_at: float, max_reruns: int, think: tuple[float, float], log: SessionLog,
    shared: int = 0,
) -> None:
    rng = random.Random(seed)
    pool = _pool(shared)
    try:
        s = Session(url, timeout=180)
    except Exception as exc:  # noqa: BLE001 - every failure is an error of the run
        log.errors.append(f"connect: {exc!r}")
        return
    try:
        page = rng.choice(PAGES)
        countries, years = list(COUNTRIES), (YEAR_MIN, YEAR_MAX)
        first = s.run(page)
        log.times.append((page, "open", first.seconds))
        log.errors += _check(first, page, countries, years)
        slider = first.widget("slider", "Years")
        chooser = first.widget("multiselect", "Countries")
        if slider is None or chooser is None:
            log.errors.append(f"{page}: the sidebar filters were not found")
            return
        n = 0
        while n < max_reruns and time.monotonic() < stop_at:
            time.sleep(rng.uniform(*think))
            action = rng.choice(["years", "countries", "page"])
            if action == "years":
                if pool:
                    years = rng.choice(pool)[1]
                else:
                    a = rng.randint(YEAR_MIN, YEAR_MAX)
                    years = (a, rng.randint(a, YEAR_MAX))
                s.set_slider(slider, years)
                result = s.run()
            elif action == "countries":
                if pool:
                    countries = list(rng.choice(pool)[0])
                else:
                    countries = [c for c in COUNTRIES if rng.random() < 0.6] or [rng.choice(COUNTRIES)]
                s.set_multiselect(chooser, countries)
                result = s.run()
            else:
                page = rng.choice([p for p in PAGES if p != page])
                result = s.run(page)
            n += 1
            log.times.append((page, action, result.seconds))
            log.errors += _check(result, page, countries, years)
    except Exception as exc:  # noqa: BLE001
        log.errors.append(f"session {seed}: {exc!r}")
    finally:
        s.close()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def run_load(
    url: str,
    sessions: int = 20,
    duration: float = 60.0,
    max_reruns: int = 60,
    think: tuple[float, float] = (0.5, 2.0),
    seed: int = 6,
    rss: Any = None,
    shared: int = 0,
) -> dict[str, Any]:
    """Run the sessions; returns counts, errors and rerun-time percentiles (seconds).

    The server is first opened once, as by a first visitor: concurrent *first* requests to a
    fresh server hit a known bug (tests/robustness/test_fresh_server.py), not load.
    """
    warm = Session(url, timeout=180)
    warm.run("")
    warm.close()
    logs = [SessionLog() for _ in range(sessions)]
    start = time.monotonic()
    stop_at = start + duration
    threads = [
        threading.Thread(target=_session, args=(url, seed * 1000 + i, stop_at, max_reruns, think, logs[i], shared),
                         daemon=True)
        for i in range(sessions)
    ]
    for t in threads:
        t.start()
    peak_rss = 0.0
    while any(t.is_alive() for t in threads):
        if rss is not None:
            peak_rss = max(peak_rss, rss())
        for t in threads:
            t.join(timeout=0.5)
        if time.monotonic() > stop_at + 300:
            break
    elapsed = time.monotonic() - start
    stuck = sum(t.is_alive() for t in threads)
    times = [sec for log in logs for _, action, sec in log.times if action != "open"]
    opens = [sec for log in logs for _, action, sec in log.times if action == "open"]
    by_action: dict[str, list[float]] = {}
    for log in logs:
        for _, action, sec in log.times:
            by_action.setdefault(action, []).append(sec)
    errors = [e for log in logs for e in log.errors] + [f"{stuck} session(s) did not finish"] * bool(stuck)
    return {
        "sessions": sessions,
        "duration_s": round(elapsed, 1),
        "reruns": len(times),
        "opens": len(opens),
        "errors": errors,
        "rerun_p50_s": round(statistics.median(times), 3) if times else None,
        "rerun_p95_s": round(percentile(times, 95), 3) if times else None,
        "rerun_max_s": round(max(times), 3) if times else None,
        "open_p95_s": round(percentile(opens, 95), 3) if opens else None,
        "throughput_per_s": round((len(times) + len(opens)) / elapsed, 2) if elapsed else None,
        "by_action_p95_s": {a: round(percentile(v, 95), 3) for a, v in sorted(by_action.items())},
        "peak_rss_mib": round(peak_rss, 1) if peak_rss else None,
    }
