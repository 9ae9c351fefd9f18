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

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PACKAGE_FILE = "datapackage.json"
LIST_SEPARATOR = ";"

COUNTRY_CODES: tuple[str, ...] = ("CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located and put in plain words."""

    file: str
    message: str
    line: int | None = None
    column: str | None = None
    rule: str = "invalid"
    severity: str = "error"  # "error": the row or file was left out; "warning": it was used

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


@dataclass
class Dataset:
    """Typed frames, one per resource, plus every problem found while loading."""

    tables: dict[str, pd.DataFrame]
    problems: list[Problem] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def data_as_of(self) -> str:
        return str(self.meta.get("dataAsOf", "unknown"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def problems_for(self, *files: str) -> list[Problem]:
        names = {f if f.endswith(".csv") else f"{f}.csv" for f in files}
        return [p for p in self.problems if p.file in names or p.file == PACKAGE_FILE]


# --------------------------------------------------------------------------- helpers


def split_list(value: object) -> tuple[str, ...]:
    """``'KAZ;UZB'`` -> ``('KAZ', 'UZB')``; empty or missing -> ``()``."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ()
    return tuple(p.strip() for p in str(value).split(LIST_SEPARATOR) if p.strip())


def _list_fields(resource: dict[str, Any]) -> list[str]:
    return [str(fk["fields"]) for fk in resource.get("listForeignKeys", [])]


def _field_names(resource: dict[str, Any]) -> list[str]:
    return [f["name"] for f in resource["schema"]["fields"]]


def _required(fdesc: dict[str, Any]) -> bool:
    return bool(fdesc.get("constraints", {}).get("required"))


def _short(value: object, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- reading


@dataclass
class _RawTable:
    header: list[str]
    rows: list[list[str]]
    lines: list[int]  # file line where each row starts


def _read_csv(path: Path, fname: str, problems: list[Problem]) -> _RawTable | None:
    """Read a CSV as text cells; ``None`` (with a problem recorded) if unusable."""
    if not path.exists():
        problems.append(Problem(fname, "the file is missing.", rule="missing-file"))
        return None
    raw = path.read_bytes()
    if not raw.strip():
        problems.append(Problem(fname, "the file is empty (it needs at least a header row).", rule="empty-file"))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(
                fname,
                "the file starts with a byte-order mark (BOM); it was read anyway, but save it as UTF-8 without BOM.",
                line=1,
                rule="bom",
                severity="warning",
            )
        )
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                fname,
                f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at line {line}); save it as UTF-8.",
                line=line,
                rule="encoding",
            )
        )
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        header = next(reader)
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except StopIteration:
        problems.append(Problem(fname, "the file has no header row.", rule="empty-file"))
        return None
    except csv.Error as exc:
        problems.append(
            Problem(
                fname,
                f"the file cannot be parsed as CSV ({exc}); check for an unbalanced quotation mark.",
                line=reader.line_num,
                rule="csv-syntax",
            )
        )
        return None
    if text.count('"') % 2:
        # csv.reader in strict mode accepts an opening quote that runs to end of file
        problems.append(
            Problem(
                fname,
                "a quotation mark is not closed; the rest of the file after it was read as one cell.",
                line=lines[-1] if lines else 1,
                rule="csv-syntax",
            )
        )
        return None
    if not rows:
        problems.append(Problem(fname, "the file has a header row but no data rows; nothing from it can be shown.",
                                line=1, rule="no-rows"))
    return _RawTable([h.strip() for h in header], rows, lines)


def _align(raw: _RawTable, resource: dict[str, Any], fname: str, problems: list[Problem]) -> _RawTable | None:
    """Put columns in schema order; missing optional columns become empty."""
    fields = resource["schema"]["fields"]
    names = [f["name"] for f in fields]
    header = raw.header
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        problems.append(
            Problem(fname, f"the header names column(s) {', '.join(dupes)} more than once.", line=1, rule="header")
        )
        return None
    missing_required = [f["name"] for f in fields if f["name"] not in header and _required(f)]
    if missing_required:
        problems.append(
            Problem(
                fname,
                "required column(s) missing from the header: "
                + ", ".join(missing_required)
                + f". Expected columns: {', '.join(names)}.",
                line=1,
                column=missing_required[0],
                rule="missing-column",
            )
        )
        return None
    for f in fields:
        if f["name"] not in header:
            problems.append(
                Problem(
                    fname,
                    "optional column missing from the header; it was treated as empty.",
                    line=1,
                    column=f["name"],
                    rule="missing-column",
                    severity="warning",
                )
            )
    extra = [h for h in header if h not in names]
    for h in extra:
        problems.append(
            Problem(
                fname,
                "column not described in datapackage.json; it was ignored.",
                line=1,
                column=h or "(blank)",
                rule="extra-column",
                severity="warning",
            )
        )
    if [h for h in header if h in names] != [n for n in names if n in header]:
        problems.append(
            Problem(
                fname,
                "columns are not in the order datapackage.json gives; they were matched by name.",
                line=1,
                rule="column-order",
                severity="warning",
            )
        )
    index = {h: i for i, h in enumerate(header)}
    rows: list[list[str]] = []
    lines: list[int] = []
    for row, line in zip(raw.rows, raw.lines, strict=True):
        if len(row) != len(header):
            problems.append(
                Problem(
                    fname,
                    f"the row has {len(row)} cells but the header has {len(header)}; the row was left out.",
                    line=line,
                    rule="cell-count",
                )
            )
            continue
        rows.append([row[index[n]].strip() if n in index else "" for n in names])
        lines.append(line)
    return _RawTable(names, rows, lines)


# --------------------------------------------------------------------------- validation

_RULE_WORDS = {
    "required": "a value is required here",
    "enum": "the value must be one of: {}",
    "pattern": "the value does not have the expected form",
    "minimum": "the value must be at least {}",
    "maximum": "the value must be at most {}",
    "unique": "the value must be unique",
    "minLength": "the value must have at least {} characters",
    "maxLength": "the value must have at most {} characters",
}

_TYPE_WORDS = {
    "date": "is not a valid date (expected YYYY-MM-DD, e.g. 2025-06-17)",
    "number": "is not a number (use a dot for decimals, no thousands separators)",
    "integer": "is not a whole number",
    "year": "is not a year",
    "boolean": "is not true/false",
}

_PATTERN_HINTS = {
    "source_ids": "ids from sources.csv separated by ';', e.g. mfa-2020-07-16;people-2020-07-17",
    "countries": "ISO3 codes of the six countries separated by ';', e.g. CHN;KAZ",
    "direction_ids": "direction ids separated by ';': trade, investment, connectivity, minerals, agriculture, people",
    "route": "points 'lat lon' separated by ';', e.g. 39.4681 75.9938;40.783 72.333",
    "url": "an address starting with http:// or https://",
    "id": "lowercase letters, digits and '-' (or '_')",
}


def _describe(err: Any, fields: dict[str, dict[str, Any]]) -> tuple[str | None, str, str]:
    """(column, rule, plain message) for one frictionless error."""
    etype = err.type
    col = getattr(err, "field_name", None)
    cell = getattr(err, "cell", None)
    if etype == "type-error" and col:
        ftype = fields[col]["type"]
        return col, "type", f"'{_short(cell)}' {_TYPE_WORDS.get(ftype, f'is not of type {ftype}')}."
    if etype == "constraint-error" and col:
        cons = fields[col].get("constraints", {})
        name = str(err.note).split('"')[1] if '"' in str(err.note) else "constraint"
        if name == "enum":
            allowed = ", ".join(str(v) for v in cons.get("enum", []))
            return col, "enum", f"'{_short(cell)}' is not an allowed value; allowed: {allowed}."
        if name == "pattern":
            hint = _PATTERN_HINTS.get(col, "see datapackage.json")
            return col, "pattern", f"'{_short(cell)}' does not have the expected form ({hint})."
        if name == "required":
            return col, "required", "this cell is empty but a value is required."
        words = _RULE_WORDS.get(name, f"breaks the rule '{name}'").format(cons.get(name, ""))
        return col, name, f"'{_short(cell)}': {words}."
    if etype == "primary-key":
        return None, "duplicate-id", f"duplicate id: the same key as an earlier row ({err.note})."
    if etype == "foreign-key":
        return None, "foreign-key", f"reference not found: {err.note}."
    return col, etype, str(err.note or err.message)


def validate_rows(
    descriptor: dict[str, Any], raw_tables: dict[str, _RawTable]
) -> tuple[dict[str, set[int]], list[Problem]]:
    """Run frictionless over the aligned tables. Returns bad row indexes per table."""
    from frictionless import Package, Resource, Schema

    problems: list[Problem] = []
    bad: dict[str, set[int]] = {name: set() for name in raw_tables}
    resources = []
    for res in descriptor["resources"]:
        name = res["name"]
        if name not in raw_tables:
            continue
        schema = dict(res["schema"])
        # drop foreign keys pointing at a table that could not be read
        schema["foreignKeys"] = [
            fk for fk in schema.get("foreignKeys", []) if fk["reference"]["resource"] in raw_tables
        ]
        raw = raw_tables[name]
        resources.append(Resource(name=name, data=[raw.header, *raw.rows], schema=Schema.from_descriptor(schema)))
    report = Package(resources=resources).validate(limit_errors=100_000)
    by_name = {r["name"]: r for r in descriptor["resources"]}
    for task in report.tasks:
        name = task.name
        res = by_name[name]
        fname = res["path"]
        fields = {f["name"]: f for f in res["schema"]["fields"]}
        raw = raw_tables[name]
        for err in task.errors:
            row_number = getattr(err, "row_number", None)
            idx = row_number - 2 if row_number else None
            line = raw.lines[idx] if idx is not None and 0 <= idx < len(raw.lines) else None
            col, rule, msg = _describe(err, fields)
            if rule == "foreign-key":
                fk_fields = [fk["fields"] for fk in res["schema"].get("foreignKeys", [])]
                col = next((f for f in fk_fields if f'"{f}"' in str(err.note)), col)
            problems.append(Problem(fname, msg + " The row was left out.", line=line, column=col, rule=rule))
            if idx is not None:
                bad[name].add(idx)
    return bad, problems


def _check_list_references(
    descriptor: dict[str, Any], raw_tables: dict[str, _RawTable], bad: dict[str, set[int]]
) -> list[Problem]:
    """Resolve ``;``-separated id lists declared in ``listForeignKeys``."""
    problems: list[Problem] = []
    by_name = {r["name"]: r for r in descriptor["resources"]}
    for res in descriptor["resources"]:
        name = res["name"]
        if name not in raw_tables:
            continue
        raw = raw_tables[name]
        for lfk in res.get("listForeignKeys", []):
            col = lfk["fields"]
            target = lfk["reference"]["resource"]
            if target not in raw_tables:
                continue
            tref = by_name[target]
            tcol = _field_names(tref).index(lfk["reference"]["fields"])
            known = {row[tcol] for i, row in enumerate(raw_tables[target].rows) if i not in bad[target]}
            ci = raw.header.index(col)
            for i, row in enumerate(raw.rows):
                if i in bad[name]:
                    continue
                missing = [v for v in split_list(row[ci]) if v not in known]
                if missing:
                    problems.append(
                        Problem(
                            res["path"],
                            f"{', '.join(repr(m) for m in missing)} not found in "
                            f"{tref['path']} (column '{lfk['reference']['fields']}'). The row was left out.",
                            line=raw.lines[i],
                            column=col,
                            rule="foreign-key",
                        )
                    )
                    bad[name].add(i)
    return problems


# --------------------------------------------------------------------------- typing


def _empty_frame(resource: dict[str, Any]) -> pd.DataFrame:
    return _typed_frame(resource, [])


def _typed_frame(resource: dict[str, Any], rows: list[list[str]]) -> pd.DataFrame:
    names = _field_names(resource)
    frame = pd.DataFrame(rows, columns=names, dtype=object)
    lists = set(_list_fields(resource))
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


def load_dataset(data_dir: Path | str = DATA_DIR) -> Dataset:
    """Load and validate every resource. Never raises for bad data."""
    data_dir = Path(data_dir)
    descriptor, problems = read_descriptor(data_dir)
    if descriptor is None:
        return Dataset({}, problems, {})
    raw_tables: dict[str, _RawTable] = {}
    for res in descriptor["resources"]:
        fname = res["path"]
        raw = _read_csv(data_dir / fname, fname, problems)
        if raw is not None:
            aligned = _align(raw, res, fname, problems)
            if aligned is not None:
                raw_tables[res["name"]] = aligned
    bad, row_problems = validate_rows(descriptor, raw_tables)
    problems.extend(row_problems)
    problems.extend(_check_list_references(descriptor, raw_tables, bad))
    tables: dict[str, pd.DataFrame] = {}
    for res in descriptor["resources"]:
        name = res["name"]
        if name not in raw_tables:
            tables[name] = _empty_frame(res)
            continue
        raw = raw_tables[name]
        keep = [i for i in range(len(raw.rows)) if i not in bad[name]]
        tables[name] = _typed_frame(res, [raw.rows[i] for i in keep])
    meta = {k: v for k, v in descriptor.items() if k != "resources"}
    meta["resources"] = {
        r["name"]: {"path": r["path"], "title": r.get("title", r["name"])} for r in descriptor["resources"]
    }
    return Dataset(tables, problems, meta)


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
