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
from components.data.dataset import LATEST, PACKAGE_FILE, REVIEWED, Dataset, Problem, configured_dir, load_dataset


def as_of_problems(ds: Dataset) -> list[Problem]:
    """Warnings about the package's two dates (README, "Two dates"): the review day is older than
    the newest change in the changelog (the pages would call the data older than what it holds; a
    curator's save does not move the date), or ``latestItem`` is not the latest sourced item the
    rows hold (it is computed from them; the package states it for a reader of the file)."""
    problems = []
    changes = ds.tables.get("changes")
    reviewed = ds.meta.get(REVIEWED)
    newest = changes["date"].max() if changes is not None and not changes.empty else pd.NaT
    if reviewed and not pd.isna(newest) and newest.date().isoformat() > str(reviewed):
        problems.append(Problem(PACKAGE_FILE, f"'{REVIEWED}' ({reviewed}) is older than the newest change in "
                                f"changes.csv ({newest.date().isoformat()}): set it to the day of this release.",
                                column=REVIEWED, rule="as-of", severity="warning"))
    latest = ds.latest_item
    stated = ds.meta.get(LATEST)
    if ds.tables and latest is not None and stated != latest.day.isoformat():
        problems.append(Problem(PACKAGE_FILE, f"'{LATEST}' ({stated or 'missing'}) is not the latest sourced item the "
                                f"data holds: {latest.day.isoformat()} ({latest.table} {latest.row_id}); set it to "
                                "that day.", column=LATEST, rule="latest-item", severity="warning"))
    return problems


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
    out.write(f"{verdict}: {len(errors)} error(s), {len(warnings)} warning(s); latest sourced item "
              f"{latest.day.isoformat() if (latest := ds.latest_item) else 'none'}, reviewed {ds.reviewed}\n")
    return 0 if not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
