"""What the benchmarks share: the project's folders, the pages from the registry, targets, and
small statistics (median, p90) and formatting."""

from __future__ import annotations

import csv
import io
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from components.data import registry  # noqa: E402

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


def _enough(times: list[float], budget: float, minimum: int = 3) -> bool:
    """Stop repeating a slow measure once it has used its time budget (and has ``minimum`` runs)."""
    return len(times) >= minimum and sum(times) > budget


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
