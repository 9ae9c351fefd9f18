"""Reading the curated CSV files as text, and the located, plain-words :class:`Problem` every
check reports. A damaged file never raises: it becomes a problem and the readable rows are kept.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

LIST_SEPARATOR = ";"


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


# --------------------------------------------------------------------------- helpers


def split_list(value: object) -> tuple[str, ...]:
    """``'KAZ;UZB'`` -> ``('KAZ', 'UZB')``; empty or missing -> ``()``."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ()
    return tuple(p.strip() for p in str(value).split(LIST_SEPARATOR) if p.strip())


def list_fields(resource: dict[str, Any]) -> list[str]:
    return [str(fk["fields"]) for fk in resource.get("listForeignKeys", [])]


def field_names(resource: dict[str, Any]) -> list[str]:
    return [f["name"] for f in resource["schema"]["fields"]]


def required(fdesc: dict[str, Any]) -> bool:
    return bool(fdesc.get("constraints", {}).get("required"))


def short(value: object, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- reading

CELL_MAX = 20_000  # every text field's maxLength in datapackage.json: checked at save and at load
READ_LIMIT = 16 * 1024 * 1024  # the most one cell may hold for the reader; the schema judges the rest


def csv_reader(source: Any, **options: Any) -> Any:
    """``csv.reader`` with its cell limit set here. The limit is process-global, and importing
    frictionless raises it: without this a first load in a fresh process read 0 rows of a file
    with a long cell and a later one 47. Cells longer than a field's ``maxLength`` are then
    reported by the row checks (the row left out, with the limit's words), not by the parser."""
    csv.field_size_limit(READ_LIMIT)
    return csv.reader(source, **options)


@dataclass
class RawTable:
    header: list[str]
    rows: list[list[str]]
    lines: list[int]  # file line where each row starts


def read_csv(path: Path, fname: str, problems: list[Problem]) -> RawTable | None:
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
    reader = csv_reader(io.StringIO(text, newline=""), strict=True)
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
        problems.append(
            Problem(
                fname,
                "the file has a header row but no data rows; nothing from it can be shown.",
                line=1,
                rule="no-rows",
            )
        )
    return RawTable([h.strip() for h in header], rows, lines)


def align(raw: RawTable, resource: dict[str, Any], fname: str, problems: list[Problem]) -> RawTable | None:
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
    missing_required = [f["name"] for f in fields if f["name"] not in header and required(f)]
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
    return RawTable(names, rows, lines)
