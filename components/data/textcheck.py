"""Checks of ``data/translations.csv`` that the package cannot state, the coverage table the
validator prints, and ``stamp``, which records the English text a translation was made from.

Usage: ``python -m components.data.textcheck stamp [--all] [table/id/field …] [--dir DATA_DIR]``.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from components.data.csvfiles import Problem, csv_reader
from components.data.dataset import Dataset, configured_dir
from components.data.datatext import (
    CITIES,
    FIELDS,
    FILE,
    LANGS,
    RESOURCE,
    coverage,
    en_hash,
    english_cells,
    translations,
)


def coverage_lines(ds: Dataset) -> list[str]:
    """The coverage table in words, for the validator."""
    cov = coverage(ds)
    lines = [f"Translations ({FILE}): cells translated per language, official / project / missing"]
    for lang, tables in cov.items():
        total = [sum(c[i] for c in tables.values()) for i in range(3)]
        cells = sum(total)
        share = 100.0 * (total[0] + total[1]) / cells if cells else 100.0
        lines.append(f"  {lang}: {total[0]} official, {total[1]} project, {total[2]} missing of {cells} cells "
                     f"({share:.1f}% translated)")
        for table, (off, proj, miss) in tables.items():
            lines.append(f"      {table:<13} {off:>4} {proj:>4} {miss:>4}")
    return lines


def check(ds: Dataset, data_dir: Path | None = None) -> list[Problem]:
    """The rules the package cannot state: each row names an English cell of the data, non-empty;
    it translates the current English text (``en_hash``); an ``official`` row says where the
    wording comes from; text is plain (no Markdown or HTML). Missing translations are warnings."""
    from components.data.dataset import _ACTIVE  # the rule every shown text of the package follows

    frame = ds.tables.get(RESOURCE)
    if frame is None:
        return []
    english = english_cells(ds)
    rows = translations(ds)
    where = _row_lines(data_dir)
    problems: list[Problem] = []
    for t in rows:
        line = where.get((t.table, t.id, t.field, t.lang))
        cell = f"{t.table}/{t.id}/{t.field} ({t.lang})"
        en = english.get((t.table, t.id, t.field))
        if t.table != CITIES and t.field not in FIELDS.get(t.table, ()):
            problems.append(Problem(FILE, f"{cell}: '{t.field}' is not a translated column of {t.table}.csv "
                                    f"(translated: {', '.join(FIELDS.get(t.table, ()))}).", line=line,
                                    column="field", rule="translation-cell"))
            continue
        if t.table == CITIES and t.field != "name":
            problems.append(Problem(FILE, f"{cell}: rows of 'cities' translate the field 'name'.", line=line,
                                    column="field", rule="translation-cell"))
            continue
        if en is None:
            what = ("no such place in the data" if t.table == CITIES
                    else f"{t.table}.csv has no row '{t.id}' with a non-empty '{t.field}'")
            problems.append(Problem(FILE, f"{cell}: {what}; the row is not used.", line=line, column="id",
                                    rule="translation-cell"))
            continue
        if not t.en_hash:
            problems.append(Problem(FILE, f"{cell}: no en_hash, so a later change of the English text cannot be "
                                    f"detected; write {en_hash(en)} once the translation is checked.", line=line,
                                    column="en_hash", rule="translation-hash", severity="warning"))
        elif t.en_hash != en_hash(en):
            problems.append(Problem(FILE, f"{cell}: the English text changed after this translation was made "
                                    f"(en_hash {t.en_hash}, now {en_hash(en)}); the English is shown, marked, "
                                    "until the translation is redone and its en_hash updated.", line=line,
                                    column="en_hash", rule="translation-stale", severity="warning"))
        if t.kind == "official" and not t.source_id and not t.note.strip():
            problems.append(Problem(FILE, f"{cell}: an official wording needs its evidence: a source_id, or a note "
                                    "giving publisher, title and date of the official text.", line=line,
                                    column="source_id", rule="translation-evidence"))
        if _ACTIVE.search(t.text):
            problems.append(Problem(FILE, f"{cell}: the text must be plain (no Markdown or HTML).", line=line,
                                    column="text", rule="pattern"))
    done = {(t.table, t.id, t.field, t.lang) for t in rows}
    missing: dict[str, int] = {}
    for table, rid, fname in english:
        for lang in LANGS:
            if (table, rid, fname, lang) not in done:
                missing[lang] = missing.get(lang, 0) + 1
    for lang, n in missing.items():
        problems.append(Problem(FILE, f"{n} cell(s) have no {lang} translation; their English text is shown, "
                                "marked [EN] (see the coverage above).", column="lang", rule="translation-missing",
                                severity="warning"))
    return problems


def _row_lines(data_dir: Path | None) -> dict[tuple[str, str, str, str], int]:
    """(table, id, field, lang) -> its line in the file, when the file can be read again."""
    if data_dir is None:
        return {}
    try:
        reader = csv_reader(io.StringIO((Path(data_dir) / FILE).read_text(encoding="utf-8-sig"), newline=""))
        header = [h.strip() for h in next(reader)]
        cols = [header.index(c) for c in ("table", "id", "field", "lang")]
        out: dict[tuple[str, str, str, str], int] = {}
        start = reader.line_num + 1
        for row in reader:
            if len(row) == len(header):
                k = [row[i].strip() for i in cols]
                out.setdefault((k[0], k[1], k[2], k[3]), start)
            start = reader.line_num + 1
    except (OSError, UnicodeDecodeError, csv.Error, StopIteration, ValueError):
        return {}
    return out


# --------------------------------------------------------------------------- stamping en_hash


def _cells(args: Iterable[str]) -> Iterator[tuple[str, str, str]]:
    for a in args:
        table, _sep, rest = a.partition("/")
        rid, _sep, fname = rest.rpartition("/")
        yield table, rid, fname


def stamp(data_dir: Path, cells: Iterable[str] = (), *, everything: bool = False) -> int:
    """Write the current English text's ``en_hash`` into rows that have none, into the rows of
    the cells named (``table/id/field``: their translation was checked against the current
    English), or into every row (``everything``). Returns the number of rows changed."""
    from components.data.dataset import load_dataset

    ds = load_dataset(data_dir)
    english = english_cells(ds)
    named = set(_cells(cells))
    path = data_dir / FILE
    rows = list(csv_reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    if "en_hash" not in header:
        header.append("en_hash")
        for r in rows[1:]:
            r.append("")
    idx = {h: i for i, h in enumerate(header)}
    changed = 0
    for r in rows[1:]:
        cell = (r[idx["table"]], r[idx["id"]], r[idx["field"]])
        en = english.get(cell)
        if en is None:
            continue
        if everything or not r[idx["en_hash"]] or cell in named:
            new = en_hash(en)
            if r[idx["en_hash"]] != new:
                r[idx["en_hash"]] = new
                changed += 1
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    """``python -m components.data.textcheck stamp [--all] [table/id/field …] [--dir DATA_DIR]``"""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] != "stamp":
        sys.stdout.write(main.__doc__ or "")
        sys.stdout.write("\n")
        return 2
    args = args[1:]
    data_dir = configured_dir()
    if "--dir" in args:
        i = args.index("--dir")
        data_dir = Path(args[i + 1])
        del args[i : i + 2]
    everything = "--all" in args
    cells = [a for a in args if a != "--all"]
    n = stamp(data_dir, cells, everything=everything)
    sys.stdout.write(f"{n} row(s) of {data_dir / FILE} stamped with the English text's en_hash\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
