"""Where a filter change's server time goes (issue 24): py-spy samples a real server while one
session changes the years and then the countries of the timeline and the map, each time to a view
never asked for before (as ``benchmarks.measure.server_filters`` does), then once more through
views seen before. Only the samples taken inside a script run count (Streamlit's script thread);
the functions holding most of them are printed, inclusive (on the stack) and self (running).

    .venv/bin/python -m benchmarks.rerun_profile [--reruns 20] [--rate 200]

Writes ``artifacts/rerun_profile.json`` and py-spy's raw stacks beside it (``rerun_profile.txt``,
readable by speedscope or flamegraph.pl).
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, say
from benchmarks.measure import server_filters
from testsupport.stclient import Server, Session

ARTIFACTS = ROOT / "artifacts"
PY_SPY = Path(sys.executable).with_name("py-spy")
IN_A_RUN = "_run_script ("  # ScriptRunner._run_script: the frame of Streamlit's script thread that runs app.py


def frames_of(line: str) -> tuple[list[str], int]:
    """py-spy's raw line ``a (file:1);b (file:2) 7`` as frames (without line numbers) and count."""
    stack, _sep, count = line.rstrip().rpartition(" ")
    frames = []
    for frame in stack.split(";"):
        name, _sp, where = frame.partition(" (")
        file = where.rsplit(":", 1)[0].rstrip(")")
        for marker in ("site-packages/", str(ROOT) + "/"):
            file = file.split(marker, 1)[-1]
        frames.append(f"{name} ({file})")
    return frames, int(count) if count.isdigit() else 0


def summarise(raw: str, top: int = 25) -> dict[str, Any]:
    """Inclusive and self shares of the samples taken in script runs."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in raw.splitlines():
        if IN_A_RUN not in line:
            continue
        frames, n = frames_of(line)
        start = next((i for i, f in enumerate(frames) if f.split(" (")[0].rpartition(".")[2] == "_run_script"), None)
        if start is None:
            continue
        mine = frames[start:]
        total += n
        own[mine[-1]] += n
        for f in set(mine):
            inclusive[f] += n

    def share(c: Counter[str]) -> list[tuple[str, float]]:
        return [(f, round(100 * k / total, 1)) for f, k in c.most_common(top)] if total else []

    return {"samples": total, "inclusive_pct": share(inclusive), "self_pct": share(own)}


def drive(url: str, reruns: int) -> dict[str, Any]:
    """Filter changes on the timeline and the map (``measure.server_filters``): each to a view never
    asked for before, then the same views again, now seen (the views are the same each call)."""
    return {"new views": server_filters(url, reruns), "seen views": server_filters(url, reruns)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reruns", type=int, default=20, help="filter changes per kind and page")
    ap.add_argument("--rate", type=int, default=200, help="py-spy samples per second")
    args = ap.parse_args(argv)
    ARTIFACTS.mkdir(exist_ok=True)
    raw_path = ARTIFACTS / "rerun_profile.txt"
    with Server(log=ARTIFACTS) as srv:
        Session(srv.url).run("timeline")  # the first run's imports and loading are not a filter change
        spy = subprocess.Popen([str(PY_SPY), "record", "--pid", str(srv.pid), "--rate", str(args.rate),
                                "--format", "raw", "--output", str(raw_path), "--threads", "--idle"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(1.0)  # py-spy attached
        medians = drive(srv.url, args.reruns)
        spy.send_signal(signal.SIGINT)
        _out, err = spy.communicate(timeout=60)
    if not raw_path.exists():
        say("py-spy wrote nothing: " + err.decode(errors="replace")[-500:])
        return 1
    result = {"medians": medians, **summarise(raw_path.read_text(encoding="utf-8", errors="replace"))}
    (ARTIFACTS / "rerun_profile.json").write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    for kind, pages in medians.items():
        for page, figures in pages.items():
            say(f"{page}, {kind}: years {figures['year_slider_median_s']} s, "
                f"countries {figures['remove_country_median_s']} s (median)")
    say(f"\n{result['samples']} samples in script runs. On the stack (inclusive %):")
    for f, pct in result["inclusive_pct"]:
        say(f"  {pct:5.1f}  {f}")
    say("Running (self %):")
    for f, pct in result["self_pct"][:15]:
        say(f"  {pct:5.1f}  {f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
