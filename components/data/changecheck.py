"""Every row changed since the last data release has an entry in ``data/changes.csv``.

A release is a git tag named ``data-YYYY-MM-DD`` (the newest one counts; ``CC5_RELEASE_REF``
names another ref). Each CSV file of the package is compared, row by row on its primary key,
with the file at that release: a row added, removed or edited since must have a changelog row
for its file and id (or ``*`` for the whole file) dated on or after the release. Without git or
without a release tag the check says so and the changelog is validated on its own (by
``datapackage.json``).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from components.data.csvfiles import READ_LIMIT, Problem, csv_reader

CHANGES = "changes.csv"


@dataclass(frozen=True)
class Release:
    ref: str
    day: str  # YYYY-MM-DD
    root: Path  # the repository's top folder
    prefix: str  # the data folder, relative to it


def git(root: Path, *args: str) -> str | None:
    """``git -C root args…``'s output, or None when git is missing, fails or takes too long."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def find_release(data_dir: Path) -> Release | None:
    """The release to compare with, or None (no git, not a repository, no tag)."""
    top = git(data_dir, "rev-parse", "--show-toplevel")
    if not top:
        return None
    root = Path(top.strip())
    try:
        prefix = data_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
    ref = os.environ.get("CC5_RELEASE_REF")
    if not ref:
        tags = (git(root, "tag", "--list", "data-*", "--sort=-refname") or "").split()
        if not tags:
            return None
        ref = tags[0]
    day = (git(root, "log", "-1", "--format=%cs", ref) or "").strip()
    if not day:
        return None
    return Release(ref, ref.removeprefix("data-") if ref.startswith("data-") else day, root, prefix)


def _rows_by_key(text: str, keys: list[str]) -> dict[str, list[str]]:
    rows = list(csv_reader(io.StringIO(text, newline="")))
    if not rows:
        return {}
    header = rows[0]
    idx = [header.index(k) for k in keys if k in header]
    if len(idx) != len(keys):
        return {}
    return {"|".join(r[i] for i in idx): r for r in rows[1:] if len(r) >= len(header)}


def check(data_dir: Path) -> tuple[str, list[Problem]]:
    """(what was compared, in words; the problems found)."""
    release = find_release(data_dir)
    if release is None:
        return "no git release tag (data-YYYY-MM-DD) found: changes.csv checked on its own", []
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    log = (data_dir / CHANGES).read_text(encoding="utf-8") if (data_dir / CHANGES).is_file() else ""
    csv.field_size_limit(READ_LIMIT)  # as csv_reader does: not whatever an import left
    entries = csv.DictReader(io.StringIO(log, newline=""))
    logged = {(r["file"], r["row_id"]) for r in entries if r.get("date", "") >= release.day}
    problems: list[Problem] = []
    for res in package.get("resources", []):
        path = res["path"]
        if path == CHANGES or not path.endswith(".csv"):
            continue
        keys = res["schema"].get("primaryKey") or []
        keys = [keys] if isinstance(keys, str) else list(keys)
        before_text = git(release.root, "show", f"{release.ref}:{release.prefix}/{path}")
        now_path = data_dir / path
        if before_text is None or not now_path.is_file() or not keys:
            continue
        before = _rows_by_key(before_text, keys)
        now = _rows_by_key(now_path.read_text(encoding="utf-8"), keys)
        if (path, "*") in logged:
            continue
        for key in sorted(set(before) | set(now)):
            if before.get(key) == now.get(key) or (path, key) in logged:
                continue
            how = "added" if key not in before else "removed" if key not in now else "edited"
            problems.append(
                Problem(
                    CHANGES,
                    f"{path} row '{key}' was {how} since the release {release.ref} but has no entry here "
                    f"(date on or after {release.day}, file '{path}', row_id '{key}').",
                    rule="changelog",
                )
            )
    return f"rows compared with the release {release.ref} ({release.day})", problems
