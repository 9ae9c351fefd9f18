"""What the language costs, page by page: a page's warm rerun in 中文 and Русский against English,
and a switch of language (a filter change: the views are computed for the new language the
first time) against a switch of years to a view not seen before, in English.

    .venv/bin/python -m benchmarks.languages            # starts its own server (server.py)
    .venv/bin/python -m benchmarks.languages --url http://127.0.0.1:8501 --reruns 15

Runs are interleaved and the order rotated each round (en zh ru, zh ru en, ru en zh, …) on one
server, so the figures are taken under the same machine conditions. Prints a table and writes artifacts/languages.json.
The target (issue 13): no page slower by more than 10 % in zh or ru than in English.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from components.data import registry  # noqa: E402
from testsupport.stclient import Server, Session  # noqa: E402

LANGS = ("en", "zh", "ru")
THINK_S = 0.05
YEAR_VIEWS = [(a, b) for a in range(2020, 2027) for b in range(2026, a - 1, -1) if (a, b) != (2020, 2026)]


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _query(spec: registry.PageSpec, lang: str, years: tuple[int, int] | None = None) -> str:
    parts = [spec.sample_query] if spec.sample_query else []
    if years:
        parts += [f"years={years[0]}", f"years={years[1]}"]
    parts.append(f"lang={lang}")
    return "&".join(parts)


def measure_page(url: str, spec: registry.PageSpec, reruns: int) -> dict[str, Any]:
    sessions = {lang: Session(url, timeout=600) for lang in LANGS}
    try:
        first = {lang: s.run(spec.url_path, _query(spec, lang)).seconds for lang, s in sessions.items()}
        warm: dict[str, list[float]] = {lang: [] for lang in LANGS}
        order = list(LANGS)
        for _ in range(reruns):
            order = order[1:] + order[:1]  # rotated: no language is always measured right after another
            for lang in order:
                time.sleep(THINK_S)
                warm[lang].append(sessions[lang].run().seconds)
        # a switch: to a new language (views computed for it the first time) vs. to new years in English
        switch: dict[str, list[float]] = {"years_en": [], "lang": []}
        s = sessions["en"]
        for i, years in enumerate(YEAR_VIEWS[: max(3, reruns // 3)]):
            time.sleep(THINK_S)
            switch["years_en"].append(s.run(spec.url_path, _query(spec, "en", years)).seconds)
            time.sleep(THINK_S)
            lang = ("zh", "ru")[i % 2]
            switch["lang"].append(s.run(spec.url_path, _query(spec, lang, years)).seconds)
    finally:
        for s in sessions.values():
            s.close()
    med = {lang: statistics.median(v) for lang, v in warm.items()}
    return {
        "first_s": {k: round(v, 3) for k, v in first.items()},
        "warm_median_s": {k: round(v, 3) for k, v in med.items()},
        "ratio_to_en": {k: round(med[k] / med["en"], 3) for k in ("zh", "ru")},
        "switch_years_en_median_s": round(statistics.median(switch["years_en"]), 3),
        "switch_language_median_s": round(statistics.median(switch["lang"]), 3),
        "runs": reruns,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", help="a running server (default: start one)")
    p.add_argument("--reruns", type=int, default=30)
    p.add_argument("--out", type=Path, default=ROOT / "artifacts" / "languages.json")
    args = p.parse_args(argv)
    srv = None if args.url else Server()
    url = args.url or srv.url  # type: ignore[union-attr]
    try:
        results: dict[str, Any] = {}
        say(f"{'page':<12} {'en (s)':>8} {'zh (s)':>8} {'ru (s)':>8} {'zh/en':>6} {'ru/en':>6}"
              f" {'new years en':>13} {'new language':>13}")
        for spec in registry.PAGES:
            r = measure_page(url, spec, args.reruns)
            results[spec.key] = r
            w, q = r["warm_median_s"], r["ratio_to_en"]
            say(f"{spec.key:<12} {w['en']:8.3f} {w['zh']:8.3f} {w['ru']:8.3f} {q['zh']:6.2f} {q['ru']:6.2f}"
                  f" {r['switch_years_en_median_s']:13.3f} {r['switch_language_median_s']:13.3f}")
        over = [k for k, r in results.items() if max(r["ratio_to_en"].values()) > 1.10]
        say("slower than English by more than 10 %: " + (", ".join(over) if over else "none"))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    finally:
        if srv is not None:
            srv.proc.terminate()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
