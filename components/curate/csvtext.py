"""A CSV file's text with one row added or replaced, every other character left as it was.

The row is written with the csv module in the file's own style: its line terminator, its quoting
(minimal, or every cell quoted when the header is), its column order. A new row goes where its date
(or year) puts it when the file is kept in that order, and at the end otherwise. Pure: strings in,
strings out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass

from components.data.csvfiles import csv_reader

BOM = "\ufeff"
ORDER_COLUMNS = ("date", "year")  # a file kept in the order of one of these keeps it when a row is added


@dataclass(frozen=True)
class Row:
    cells: dict[str, str]
    first: int  # index of its first physical line
    end: int  # index after its last physical line


@dataclass(frozen=True)
class Parsed:
    bom: bool
    lines: list[str]  # the physical lines, with their terminators
    header: list[str]
    rows: list[Row]
    terminator: str
    quote_all: bool


def parse(text: str) -> Parsed:
    bom = text.startswith(BOM)
    body = text[1:] if bom else text
    lines = list(io.StringIO(body, newline=""))  # the lines csv itself sees, terminators kept
    first_line = lines[0] if lines else ""
    terminator = "\r\n" if first_line.endswith("\r\n") else "\r" if first_line.endswith("\r") else "\n"
    reader = csv_reader(iter(lines))
    header: list[str] = []
    rows: list[Row] = []
    before = 0
    for n, cells in enumerate(reader):
        after = reader.line_num
        if n == 0:
            header = [h.strip() for h in cells]
        elif any(c.strip() for c in cells):
            rows.append(Row(dict(zip(header, cells, strict=False)), before, after))
        before = after
    head = first_line.rstrip("\r\n")
    quote_all = bool(header) and all(p.startswith('"') for p in head.split(",")) if head else False
    return Parsed(bom, lines, header, rows, terminator, quote_all)


def render(parsed: Parsed, cells: Mapping[str, str]) -> str:
    """One row as a line of this file: its column order, quoting and terminator."""
    out = io.StringIO()
    writer = (csv.writer(out, lineterminator=parsed.terminator, quoting=csv.QUOTE_ALL) if parsed.quote_all
              else csv.writer(out, lineterminator=parsed.terminator, quoting=csv.QUOTE_MINIMAL))
    writer.writerow(
        [cells.get(h, "") for h in parsed.header]
    )
    return out.getvalue()


def find(parsed: Parsed, key: tuple[str, ...], value: str) -> Row | None:
    """The row whose key columns (joined with ``|``) are ``value``."""
    return next((r for r in parsed.rows if "|".join(r.cells.get(k, "").strip() for k in key) == value), None)


def with_row(text: str, cells: Mapping[str, str], key: tuple[str, ...] = (), replaces: str | None = None,
             *, in_order: bool = True) -> str:
    """The file's text with ``cells`` as a new row, or replacing the row keyed ``replaces`` (a column
    the file has but the form does not keeps the old row's value). KeyError when that row is not in
    the text. A new row goes to its place in a dated file (``in_order``; a log is appended to)."""
    parsed = parse(text)
    prefix = BOM if parsed.bom else ""
    if replaces is not None:
        old = find(parsed, key, replaces)
        if old is None:
            raise KeyError(replaces)
        line = render(parsed, {**old.cells, **cells})
        if old.end == len(parsed.lines) and not parsed.lines[-1].endswith(("\n", "\r")):
            line = line[: -len(parsed.terminator)]  # the last line had no terminator: keep it so
        return prefix + "".join([*parsed.lines[: old.first], line, *parsed.lines[old.end:]])
    body = "".join(parsed.lines)
    if body and not body.endswith(("\n", "\r")):
        body += parsed.terminator
    later = _next_row(parsed, cells) if in_order else None
    if later is None:
        return prefix + body + render(parsed, cells)
    return prefix + "".join([*parsed.lines[: later.first], render(parsed, cells), *parsed.lines[later.first:]])


def new_row_line(text: str, cells: Mapping[str, str]) -> int:
    """The physical line (1-based) a new row lands on in ``with_row(text, cells)``."""
    parsed = parse(text)
    later = _next_row(parsed, cells)
    return later.first + 1 if later is not None else len(parsed.lines) + 1


def _next_row(parsed: Parsed, cells: Mapping[str, str]) -> Row | None:
    """In a dated file, the first row dated after the new one (it goes before that row)."""
    column = order_column(parsed)
    value = str(cells.get(column, "")).strip() if column else ""
    if not column or not value:
        return None
    return next((r for r in parsed.rows if r.cells.get(column, "").strip() > value), None)


def order_column(parsed: Parsed) -> str | None:
    """The date (or year) column the file's rows are in ascending order of, if any (ISO dates and
    years sort as text)."""
    for column in ORDER_COLUMNS:
        if column in parsed.header:
            values = [r.cells.get(column, "").strip() for r in parsed.rows]
            if all(values) and all(a <= b for a, b in zip(values, values[1:], strict=False)):
                return column
    return None
