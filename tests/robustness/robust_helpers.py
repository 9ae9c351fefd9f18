"""Shared helpers for the robustness tests: damaged copies of data/, pages run through AppTest
with ``CC5_DATA_DIR`` pointing at them, and the text a page shows.

Nothing here edits the real data: every helper works on a copy made by the caller.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
APP = ROOT / "app.py"
ENV_DATA = "CC5_DATA_DIR"


# --------------------------------------------------------------------------- pages


def app_pages() -> dict[str, str]:
    """Page name -> script path relative to app.py, from the page registry app.py reads (so that
    a page added or removed by someone else is followed)."""
    from components.data import registry

    return {p.key: p.script for p in registry.PAGES if (ROOT / p.script).is_file()}


# --------------------------------------------------------------------------- CSV editing


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    return rows[0], rows[1:]


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def row_lines(path: Path) -> list[int]:
    """The file line on which each data row starts (cells may span lines)."""
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    next(reader)
    out: list[int] = []
    start = reader.line_num + 1
    for _ in reader:
        out.append(start)
        start = reader.line_num + 1
    return out


def set_cell(path: Path, index: int, column: str, value: str) -> int:
    """Set one cell; returns the file line where that row starts after the edit."""
    header, rows = read_rows(path)
    rows[index][header.index(column)] = value
    write_rows(path, header, rows)
    return row_lines(path)[index]


def cell(path: Path, index: int, column: str) -> str:
    header, rows = read_rows(path)
    return rows[index][header.index(column)]


def first_row(path: Path, column: str, predicate: Any) -> int:
    header, rows = read_rows(path)
    i = header.index(column)
    return next(n for n, r in enumerate(rows) if predicate(r[i]))


def copy_data(dest: Path) -> Path:
    target = dest / "data"
    shutil.copytree(DATA, target)
    return target


# --------------------------------------------------------------------------- HTML and script in the data

PAYLOADS: tuple[str, ...] = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "<b>bold</b>",
    "![m](http://evil.example/p.png)",  # Markdown: an image from another host
    "[official](http://evil.example/)",  # Markdown: a link
)
# Free-text columns (no pattern or enum) that the pages and charts show.
TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "events.csv": ("title", "summary", "status_note", "city"),
    "sources.csv": ("publisher", "title", "notes"),
    "mechanisms.csv": ("name", "sector", "notes", "status_note", "first_meeting_city"),
    "directions.csv": ("name", "description"),
    "countries.csv": ("name", "head_of_state", "development_strategy", "status_note", "capital"),
    "commitments.csv": ("title", "description", "unit", "status_note"),
    "institutions.csv": ("name", "city", "notes", "status_note"),
    "projects.csv": ("name", "milestones", "status_note"),
    "figures.csv": ("label", "status_note"),
    "trade.csv": ("status_note",),
}


def inject_payloads(data: Path) -> None:
    """Append an HTML/script payload to every free-text cell of a copy of data/ (rows stay valid)."""
    n = 0
    for fname, columns in TEXT_COLUMNS.items():
        header, rows = read_rows(data / fname)
        for r in rows:
            for col in columns:
                i = header.index(col)
                r[i] = f"{r[i]} {PAYLOADS[n % len(PAYLOADS)]}".strip()
                n += 1
        write_rows(data / fname, header, rows)


# --------------------------------------------------------------------------- expectations from the CSVs


def curated_event_ids(years: tuple[int, int] = (2020, 2026)) -> set[str]:
    """Event ids the default view plots, computed from the CSV, independently of components/."""
    header, rows = read_rows(DATA / "events.csv")
    i, d = header.index("id"), header.index("date")
    return {r[i] for r in rows if years[0] <= int(r[d][:4]) <= years[1]}


def curated_count(name: str) -> int:
    return len(read_rows(DATA / name)[1])


# --------------------------------------------------------------------------- running pages


@contextlib.contextmanager
def data_env(folder: Path | None) -> Iterator[None]:
    """Point the app at ``folder`` for the duration (AppTest runs the script in this process)."""
    old = os.environ.get(ENV_DATA)
    if folder is not None:
        os.environ[ENV_DATA] = str(folder)
    else:
        os.environ.pop(ENV_DATA, None)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(ENV_DATA, None)
        else:
            os.environ[ENV_DATA] = old


def run_page(page: str, folder: Path | None = None, params: dict[str, Any] | None = None, timeout: float = 60) -> Any:
    """Run app.py routed to ``page`` (name as in :func:`app_pages`), with the URL ``params``."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=timeout)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    path = app_pages()[page]
    with data_env(folder):
        if page != "overview":
            at.switch_page(path)
        at.run()
    return at


def switch(at: Any, page: str, folder: Path | None = None) -> Any:
    """Go to another page in the same session (as a click in the sidebar does)."""
    with data_env(folder):
        at.switch_page(app_pages()[page]).run()
    return at


def exceptions(at: Any) -> list[str]:
    return [str(e.value) for e in at.exception]


def page_text(at: Any) -> str:
    """Everything a reader sees as text: alerts, expander labels and bodies, captions, markdown."""
    parts: list[str] = []
    for kind in ("warning", "error", "info", "success", "caption", "markdown", "text", "title", "header", "subheader"):
        parts += [str(el.value) for el in getattr(at, kind)]
    parts += [str(e.label) for e in at.expander]
    return "\n".join(parts)


def data_notices(at: Any) -> list[tuple[str, str]]:
    """(expander label, body text) for the page's data-problem expanders."""
    out = []
    for exp in at.expander:
        label = str(exp.label)
        if "problem(s) in the data" in label or "note(s) on the data" in label:
            body = "\n".join(str(t.value) for t in exp.text) + "\n".join(str(m.value) for m in exp.markdown)
            out.append((label, body))
    return out


def plotly_specs(at: Any) -> list[dict[str, Any]]:

    from testsupport.plots import chart_specs

    return chart_specs(at)


def timeline_ids(at: Any) -> set[str]:
    ids: set[str] = set()
    for spec in plotly_specs(at)[:1]:
        for tr in spec.get("data", []):
            ids.update(str(x) for x in tr.get("customdata") or [])
    return ids
