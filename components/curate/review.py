"""What changed in the data folder since the last commit, for a pull request: ``git status``,
``git diff --stat`` and the patch (read-only git commands), or the changed CSVs as a zip when the
folder is not a git work tree. Pure of Streamlit."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from components.data.changecheck import git


@dataclass(frozen=True)
class GitChanges:
    status: str  # git status --porcelain -- <folder>
    stat: str  # git diff --stat -- <folder>
    patch: str  # git diff -- <folder>


def git_changes(folder: Path) -> GitChanges | None:
    """The folder's changes since the last commit; None when it is not in a git work tree."""
    inside = git(folder, "rev-parse", "--is-inside-work-tree")
    if not inside or inside.strip() != "true":
        return None
    status = git(folder, "status", "--porcelain", "--", ".") or ""
    stat = git(folder, "diff", "--stat", "--", ".") or ""
    patch = git(folder, "diff", "--", ".") or ""
    return GitChanges(status, stat, patch)


def zip_files(folder: Path, names: Iterable[str]) -> bytes:
    """The named files of the folder in a zip, byte for byte."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(set(names)):
            path = folder / name
            if path.is_file():
                zf.writestr(name, path.read_bytes())
    return out.getvalue()
