"""Load the curated CSV files in ``data/`` and validate them against ``datapackage.json``.

The one description of the data is ``data/datapackage.json`` (a Frictionless Data
Package). Types, required cells, enums, patterns, primary keys and foreign keys are
checked by the ``frictionless`` library from that description. The package also
declares ``listForeignKeys`` for fields that hold several ids separated by ``;``
(Frictionless cannot check those), and they are resolved here.

Nothing in this module calls Streamlit. A damaged file never raises: each problem
becomes a :class:`Problem` naming the file, the line, the column and the rule, and the
rows that are valid are still returned.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from components import PROJECT_ROOT
from components.data.csvfiles import (
    LIST_SEPARATOR,
    Problem,
    RawTable,
    align,
    field_names,
    list_fields,
    read_csv,
    short,
    split_list,
)
from components.data.rowchecks import check_list_references, validate_rows

DATA_DIR = PROJECT_ROOT / "data"
PACKAGE_FILE = "datapackage.json"
COUNTRY_CODES: tuple[str, ...] = ("CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB")
__all__ = ["LIST_SEPARATOR", "Dataset", "Problem", "load_dataset", "records", "source_lookup", "split_list"]
# The package's two dates (README, "Two dates"): the day the data was last reviewed, and the date of
# the latest sourced item, which ``latest_item`` computes from the rows and the package states so
# that a reader of the file alone sees it (``make validate`` warns when the two disagree).
REVIEWED = "reviewed"
LEGACY_REVIEWED = "dataAsOf"  # the former name of ``reviewed``, still read (with a warning)
LATEST = "latestItem"


@dataclass(frozen=True)
class LatestItem:
    """The latest sourced item: the latest dated row of events, figures or trade that is not
    planned and not dated after the review day (an event by its first day, a figure by its
    ``as_of`` day, a trade year by its last day)."""

    day: date
    precision: str  # day, month or year: how the row dates it
    table: str  # events, figures or trade
    row_id: str  # the row's id (a trade row: year, partner and flow)


@dataclass
class Dataset:
    """Typed frames, one per resource, plus every problem found while loading."""

    tables: dict[str, pd.DataFrame]
    problems: list[Problem] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    key: str = ""  # the folder and its files' names, times and sizes when loaded: one per data state

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def reviewed(self) -> str:
        """The day the data was last reviewed (``reviewed`` in datapackage.json): not its coverage."""
        return str(self.meta.get(REVIEWED, "unknown"))

    @cached_property
    def latest_item(self) -> LatestItem | None:
        """The latest sourced item the rows hold (see LatestItem), None when there is none."""
        return latest_item(self.tables, self.meta.get(REVIEWED))

    @property
    def sourced(self) -> bool:
        """Whether facts can be shown: the tables were read and so were their sources. Without
        readable sources no fact is shown at all (README, 'The data')."""
        return bool(self.tables) and "sources" in self.tables and not self.tables["sources"].empty

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def problems_for(self, *files: str) -> list[Problem]:
        names = {f if f.endswith(".csv") else f"{f}.csv" for f in files}
        return [p for p in self.problems if p.file in names or p.file == PACKAGE_FILE]


# --------------------------------------------------------------------------- typing


def _empty_frame(resource: dict[str, Any]) -> pd.DataFrame:
    return _typed_frame(resource, [])


def _typed_frame(resource: dict[str, Any], rows: list[list[str]]) -> pd.DataFrame:
    names = field_names(resource)
    frame = pd.DataFrame(rows, columns=names, dtype=object)
    lists = set(list_fields(resource))
    for fdesc in resource["schema"]["fields"]:
        col = fdesc["name"]
        series = frame[col].replace("", None)
        ftype = fdesc["type"]
        if col in lists:
            frame[col] = [split_list(v) for v in series]
        elif ftype == "date":
            frame[col] = pd.to_datetime(series, format="%Y-%m-%d")
        elif ftype == "number":
            frame[col] = pd.to_numeric(series).astype("float64")
        elif ftype == "integer":
            frame[col] = pd.to_numeric(series).astype("Int64")
        else:
            frame[col] = series.astype(object).where(series.notna(), None)
    return frame


# --------------------------------------------------------------------------- entry point


def read_descriptor(data_dir: Path = DATA_DIR) -> tuple[dict[str, Any] | None, list[Problem]]:
    path = Path(data_dir) / PACKAGE_FILE
    if not path.exists():
        return None, [
            Problem(PACKAGE_FILE, f"the data description is missing (looked in {data_dir}).", rule="missing-file")
        ]
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
            raise ValueError("it has no list of resources")
    except (ValueError, UnicodeDecodeError) as exc:
        return None, [Problem(PACKAGE_FILE, f"the data description cannot be read: {exc}.", rule="invalid-json")]
    return descriptor, []


def configured_dir() -> Path:
    """The data folder: ``CC5_DATA_DIR`` if set (tests, benchmarks, a copy), else ``data/``."""
    return Path(os.environ.get("CC5_DATA_DIR", str(DATA_DIR)))


_SHARED: OrderedDict[str, Dataset] = OrderedDict()
_SHARED_LOCK = threading.Lock()
SHARED_KEEP = 4  # datasets kept at once (a test or benchmark may switch folders)


def shared_dataset(data_dir: Path | str | None = None) -> Dataset:
    """The validated data of the folder (default: the configured one), loaded once per process
    and file state and shared by the pages and the data routes (read-only for the caller)."""
    folder = Path(data_dir) if data_dir is not None else configured_dir()
    key = data_state(folder)
    with _SHARED_LOCK:
        if key in _SHARED:
            _SHARED.move_to_end(key)
            return _SHARED[key]
        ds = load_dataset(folder)
        _SHARED[key] = ds
        while len(_SHARED) > SHARED_KEEP:
            _SHARED.popitem(last=False)
        return ds


def data_state(data_dir: Path | str) -> str:
    """A key for the folder's state: its path and its files' names, modification times and sizes."""
    folder = Path(data_dir)
    try:  # one directory read and one stat per file: this runs on every rerun
        with os.scandir(folder) as it:
            files = sorted(
                (e.name, st.st_mtime, st.st_size) for e in it if e.is_file() and (st := e.stat()) is not None
            )
    except OSError:
        files = []
    return repr((str(folder), tuple(files)))


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Markdown or HTML that would load, link or run something: images, links, tags, addresses, code
_ACTIVE = re.compile(r"[<>`]|\]\s*[(\[:]|!\[|://|javascript:|data:", re.IGNORECASE)


def _plain(value: object) -> bool:
    return isinstance(value, str) and not _ACTIVE.search(value)

SHOWN_FIELDS = ("title", "description")  # of the package, beside its dates and the licences' names


def check_meta(descriptor: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The package's fields that users see, checked: ``reviewed`` and ``latestItem`` dates, the
    licences' names, the title and the description plain text (no Markdown, no HTML). A field
    that fails is reported and left out, so it never reaches a page, an image or a slide."""
    problems: list[Problem] = []
    meta = {k: v for k, v in descriptor.items() if k != "resources"}
    if LEGACY_REVIEWED in meta:
        legacy = meta.pop(LEGACY_REVIEWED)
        problems.append(Problem(PACKAGE_FILE, f"'{LEGACY_REVIEWED}' is now called '{REVIEWED}' (the day the data was "
                                "last reviewed, not its coverage): rename it.", column=LEGACY_REVIEWED,
                                rule="renamed", severity="warning"))
        meta.setdefault(REVIEWED, legacy)
    for key in (REVIEWED, LATEST):
        day = meta.get(key)
        if day is not None and not (isinstance(day, str) and _DATE.match(day) and _valid_date(day)):
            problems.append(Problem(PACKAGE_FILE, f"'{key}' must be a date written YYYY-MM-DD, not {short(day)!r}.",
                                    column=key, rule="type"))
            meta.pop(key)
    for name in SHOWN_FIELDS:
        value = meta.get(name)
        if value is not None and not _plain(value):
            msg = f"'{name}' must be plain text (no Markdown or HTML): {short(value)!r}."
            problems.append(Problem(PACKAGE_FILE, msg, column=name, rule="pattern"))
            meta.pop(name)
    licences = []
    for i, lic in enumerate(meta.get("licenses") or []):
        lic_name = lic.get("name") if isinstance(lic, dict) else None
        if isinstance(lic, dict) and isinstance(lic_name, str) and _plain(lic_name):
            licences.append({"name": lic_name, "path": str(lic.get("path") or "")})
        else:
            msg = f"licence {i + 1}: its name must be plain text (no Markdown or HTML): {short(lic_name)!r}."
            problems.append(Problem(PACKAGE_FILE, msg, column="licenses", rule="pattern"))
    meta["licenses"] = licences
    return meta, problems


def _valid_date(text: str) -> bool:
    try:
        pd.Timestamp(text)
    except ValueError:
        return False
    return True


def load_dataset(data_dir: Path | str = DATA_DIR) -> Dataset:
    """Load and validate every resource. Never raises for bad data."""
    data_dir = Path(data_dir)
    key = data_state(data_dir)
    descriptor, problems = read_descriptor(data_dir)
    if descriptor is None:
        return Dataset({}, problems, {}, key)
    raw_tables: dict[str, RawTable] = {}
    for res in descriptor["resources"]:
        fname = res["path"]
        raw = read_csv(data_dir / fname, fname, problems)
        if raw is not None:
            aligned = align(raw, res, fname, problems)
            if aligned is not None:
                raw_tables[res["name"]] = aligned
    bad, row_problems = validate_rows(descriptor, raw_tables)
    problems.extend(row_problems)
    problems.extend(check_list_references(descriptor, raw_tables, bad))
    tables: dict[str, pd.DataFrame] = {}
    for res in descriptor["resources"]:
        name = res["name"]
        if name not in raw_tables:
            tables[name] = _empty_frame(res)
            continue
        raw = raw_tables[name]
        keep = [i for i in range(len(raw.rows)) if i not in bad[name]]
        tables[name] = _typed_frame(res, [raw.rows[i] for i in keep])
    meta, meta_problems = check_meta(descriptor)
    problems.extend(meta_problems)
    meta["resources"] = {
        r["name"]: {"path": r["path"], "title": r.get("title", r["name"])} for r in descriptor["resources"]
    }
    return Dataset(tables, problems, meta, key)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts, like ``frame.to_dict("records")`` (Python scalars, Timestamps, None/NaN/NaT
    kept), built column by column: several times faster than pandas' row-wise boxing."""
    cols = [str(c) for c in frame.columns]
    values = [frame[c].tolist() for c in frame.columns]
    return [dict(zip(cols, row, strict=True)) for row in zip(*values, strict=True)]


def source_lookup(ds: Dataset) -> dict[str, dict[str, Any]]:
    """Source id -> its row as a dict (publisher, title, url, published, kind); built once per
    Dataset (the dict is shared: read it, never change it)."""
    cached = ds.__dict__.get("_source_lookup")
    if cached is None:
        cached = {row["id"]: row for row in records(ds["sources"])}
        ds.__dict__["_source_lookup"] = cached
    return cached


def latest_item(tables: dict[str, pd.DataFrame], reviewed: object = None) -> LatestItem | None:
    """The latest sourced item of ``tables`` (see LatestItem): what the data covers up to. Items
    dated after the review day (or after today without one) are announcements, not coverage."""
    cut = pd.Timestamp(str(reviewed)) if isinstance(reviewed, str) and _valid_date(reviewed) else pd.Timestamp.today()
    found: list[tuple[pd.Timestamp, str, str, str]] = []
    for name, column, precision in (("events", "date", "date_precision"), ("figures", "as_of", "")):
        frame = tables.get(name)
        if frame is None or frame.empty or column not in frame.columns:
            continue
        rows = frame[frame[column].notna() & (frame[column] <= cut) & (frame["status"] != "planned")]
        for r in records(rows):
            found.append((pd.Timestamp(r[column]), str(r.get(precision) or "day") if precision else "day", name,
                          str(r["id"])))
    trade = tables.get("trade")
    if trade is not None and not trade.empty:
        for r in records(trade[trade["status"] != "planned"]):
            end = pd.Timestamp(year=int(r["year"]), month=12, day=31)
            if end <= cut:
                found.append((end, "year", "trade", f"{r['year']} {r['partner']} {r['flow']}"))
    if not found:
        return None
    day, precision, table, row_id = max(found, key=lambda t: (t[0], t[2] == "events"))
    return LatestItem(day.date(), precision, table, row_id)
