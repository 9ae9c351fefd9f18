"""How long the PowerPoint briefing takes to build: cold (first deck in a fresh process, which
starts kaleido's Chromium) and warm (later decks in the same process, as in a running app).

    .venv/bin/python benchmarks/deck_timing.py [--runs 3] [--country Kazakhstan --years 2022 2023]

Prints one line per measurement and a summary line; nothing else is written.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    from components.data.dataset import load_dataset
    from components.data.filters import parse_query
    from components.data.registry import PARAM_COUNTRY, PARAM_YEARS
    from components.exports.briefing import build_deck
    from components.render.images import browser_path

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=3, help="warm runs after the cold one (default 3)")
    p.add_argument("--country", action="append", default=[])
    p.add_argument("--years", nargs="+", default=[])
    args = p.parse_args(argv)
    f, notices = parse_query({PARAM_COUNTRY: args.country, PARAM_YEARS: args.years})
    if notices:
        sys.stderr.write("\n".join(map(str, notices)) + "\n")
        return 2
    if browser_path() is None:
        sys.stderr.write("No Chromium found (set BROWSER_PATH or install chromium): the deck's images need it.\n")
        return 1

    t0 = time.perf_counter()
    ds = load_dataset()
    load_s = time.perf_counter() - t0
    _say(f"load_dataset: {load_s:.2f} s")
    base = "http://127.0.0.1:8501"

    t0 = time.perf_counter()
    size = len(build_deck(ds, f, base_url=base))
    cold = time.perf_counter() - t0
    _say(f"build_deck cold: {cold:.2f} s ({size / 1024:.0f} KiB)")
    warm: list[float] = []
    for i in range(args.runs):
        t0 = time.perf_counter()
        build_deck(ds, f, base_url=base)
        warm.append(time.perf_counter() - t0)
        _say(f"build_deck warm {i + 1}: {warm[-1]:.2f} s")
    median = statistics.median(warm) if warm else float("nan")
    _say(f"summary: view '{f.describe()}'; cold {cold:.2f} s, warm median {median:.2f} s over {len(warm)} run(s); "
         f"data load {load_s:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
