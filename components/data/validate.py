"""Curator's command: validate ``data/`` and print every problem in plain words.

Usage: ``python -m components.data.validate [DATA_DIR]`` (or ``make validate``). Without DATA_DIR
it checks the folder the app reads: ``CC5_DATA_DIR`` if set, else ``data/``.
Exit code 0 when there is no error (warnings allowed), 1 otherwise. It also prints how much of the
data's text is translated (``data/translations.csv``, :mod:`components.data.datatext`) per language.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from components.data import changecheck, datatext, textcheck
from components.data.dataset import PACKAGE_FILE, Dataset, Problem, configured_dir, load_dataset


def as_of_problems(ds: Dataset) -> list[Problem]:
    """A warning when the changelog holds a change dated after the data's ``dataAsOf``: the pages
    would call the data older than what it holds (a curator's save does not move the date)."""
    changes = ds.tables.get("changes")
    as_of = ds.meta.get("dataAsOf")
    if changes is None or changes.empty or not as_of:
        return []
    newest = changes["date"].max()
    if pd.isna(newest) or newest.date().isoformat() <= str(as_of):
        return []
    return [Problem(PACKAGE_FILE, f"'dataAsOf' ({as_of}) is older than the newest change in changes.csv "
                    f"({newest.date().isoformat()}): set it to the day of this release.",
                    column="dataAsOf", rule="as-of", severity="warning")]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    data_dir = Path(args[0]) if args else configured_dir()
    ds = load_dataset(data_dir)
    out = sys.stdout
    out.write(f"Checking {data_dir}\n")
    for name, frame in ds.tables.items():
        out.write(f"{name + '.csv':<18} {len(frame):>5} valid rows\n")
    compared, changelog_problems = changecheck.check(data_dir) if ds.tables else ("", [])
    if compared:
        out.write(f"Changelog: {compared}\n")
    if datatext.RESOURCE in ds.tables:
        for line in textcheck.coverage_lines(ds):
            out.write(line + "\n")
    problems = [*ds.problems, *changelog_problems, *textcheck.check(ds, data_dir), *as_of_problems(ds)]
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    for label, items in (("ERROR", errors), ("WARNING", warnings)):
        for p in items:
            out.write(f"{label}: {p}\n")
    verdict = "OK" if not errors else "FAILED"
    out.write(f"{verdict}: {len(errors)} error(s), {len(warnings)} warning(s); data as of {ds.data_as_of}\n")
    return 0 if not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
