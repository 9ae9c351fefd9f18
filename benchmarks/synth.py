"""Synthetic data at a scale: a valid data folder with ``scale`` times the events, meetings and
sources of the curated data, for the scale benchmarks.

    .venv/bin/python -m benchmarks.synth --scale 100 --out /tmp/cc5-x100   # writes /tmp/cc5-x100
    CC5_DATA_DIR=/tmp/cc5-x100 .venv/bin/python -m streamlit run app.py

Each curated event is copied ``scale - 1`` times with a new id (``<id>-x<k>``), a date drawn
in 2020–2026 (kept to the 1st of the month or of January when its precision is month or year)
and sources that are copies of its own (``<source>-x<k>``); meetings of a mechanism stay
meetings of it. Every other file is copied as it is. The folder is then checked with
``components.data.validate`` against datapackage.json: the generator fails unless there are 0 errors.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIRST, LAST = date(2020, 1, 1), date(2026, 12, 31)


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    return rows[0], rows[1:]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _random_date(rng: random.Random, precision: str) -> date:
    d = FIRST + timedelta(days=rng.randint(0, (LAST - FIRST).days))
    if precision == "month":
        return d.replace(day=1)
    if precision == "year":
        return d.replace(month=1, day=1)
    return d


def generate(out: Path, scale: int, seed: int = 20250617, source: Path = DATA) -> dict[str, int]:
    """Write the synthetic folder; returns row counts per file."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(source, out)
    rng = random.Random(seed)

    sh, srows = _read(source / "sources.csv")
    sid, stitle = sh.index("id"), sh.index("title")
    new_sources = list(srows)
    for k in range(1, scale):
        for r in srows:
            c = list(r)
            c[sid] = f"{r[sid]}-x{k}"
            c[stitle] = f"{r[stitle]} (synthetic copy {k})"
            new_sources.append(c)
    _write(out / "sources.csv", sh, new_sources)

    eh, erows = _read(source / "events.csv")
    col = {name: eh.index(name) for name in eh}
    new_events = list(erows)
    for k in range(1, scale):
        for r in erows:
            c = list(r)
            c[col["id"]] = f"{r[col['id']]}-x{k}"
            start = _random_date(rng, r[col["date_precision"]] or "day")
            if r[col["end_date"]]:
                length = date.fromisoformat(r[col["end_date"]]) - date.fromisoformat(r[col["date"]])
                c[col["end_date"]] = (start + length).isoformat()
            c[col["date"]] = start.isoformat()
            c[col["title"]] = f"{r[col['title']]} · synthetic {k}"
            c[col["source_ids"]] = ";".join(f"{s}-x{k}" for s in r[col["source_ids"]].split(";") if s)
            new_events.append(c)
    _write(out / "events.csv", eh, new_events)
    return {"sources": len(new_sources), "events": len(new_events)}


def validate(folder: Path) -> int:
    """Errors found by components.data.validate (the curators' command) in ``folder``."""
    from components.data.dataset import load_dataset

    return len(load_dataset(folder).errors)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scale", type=int, default=10, help="multiple of the curated events, meetings and sources")
    p.add_argument("--out", type=Path, required=True, help="folder to write (replaced if it exists)")
    p.add_argument("--seed", type=int, default=20250617)
    p.add_argument("--no-validate", action="store_true", help="skip the check with components.data.validate")
    args = p.parse_args(argv)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    counts = generate(args.out, args.scale, args.seed)
    sys.stdout.write(f"wrote {args.out}: {counts['events']} events, {counts['sources']} sources\n")
    if not args.no_validate:
        from components.data import validate as curator

        code = curator.main([str(args.out)])
        if code != 0:
            sys.stderr.write("the synthetic folder does not validate\n")
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
