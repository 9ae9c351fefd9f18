"""Check i18n/data_translations.csv against the data files.

Run from the repository root: python i18n/check_translations.py
Exit status 0 when every check passes, 1 otherwise. Writes a summary to stdout.
"""

import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CSV_PATH = ROOT / "i18n" / "data_translations.csv"
HEADER = ["table", "id", "field", "lang", "text", "kind", "source_id", "note"]
LANGS = {"zh", "ru"}
KINDS = {"official", "project"}
PRIMARY_KEYS = {
    "countries": "iso3",
    "directions": "id",
    "mechanisms": "id",
    "institutions": "id",
    "projects": "id",
    "events": "id",
    "commitments": "id",
}
# The pseudo-table "cities" covers every distinct value of these columns (id = the English value).
CITY_COLUMNS = [
    ("events", "city"),
    ("countries", "capital"),
    ("mechanisms", "first_meeting_city"),
    ("institutions", "city"),
]


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def main() -> int:
    problems: list[str] = []
    header, rows = read_csv(CSV_PATH)
    if header != HEADER:
        problems.append(f"header is {header}, expected {HEADER}")

    tables: dict[str, tuple[list[str], set[str]]] = {}
    for stem, pk in PRIMARY_KEYS.items():
        cols, data = read_csv(DATA / f"{stem}.csv")
        tables[stem] = (cols, {r[pk] for r in data})
    cities: set[str] = set()
    for stem, col in CITY_COLUMNS:
        cities.update(v for r in read_csv(DATA / f"{stem}.csv")[1] if (v := (r.get(col) or "").strip()))
    source_ids = {r["id"] for r in read_csv(DATA / "sources.csv")[1]}

    langs_by_cell: dict[tuple[str, str, str], set[str]] = {}
    seen: set[tuple[str, str, str, str]] = set()
    counts: Counter[tuple[str, str, str]] = Counter()
    for n, r in enumerate(rows, start=2):
        where = f"line {n} ({r.get('table')}/{r.get('id')}/{r.get('field')}/{r.get('lang')})"
        table, rid, field, lang = r["table"], r["id"], r["field"], r["lang"]
        if table == "cities":
            if rid not in cities:
                problems.append(f"{where}: no such city value in the data")
            if field != "name":
                problems.append(f"{where}: cities rows use field 'name'")
        elif table in tables:
            cols, ids = tables[table]
            if rid not in ids:
                problems.append(f"{where}: no row with this id in {table}.csv")
            if field not in cols:
                problems.append(f"{where}: {table}.csv has no column '{field}'")
        else:
            problems.append(f"{where}: unknown table '{table}'")
        if lang not in LANGS:
            problems.append(f"{where}: lang must be one of {sorted(LANGS)}")
        if not r["text"].strip():
            problems.append(f"{where}: empty text")
        if r["kind"] not in KINDS:
            problems.append(f"{where}: kind must be one of {sorted(KINDS)}")
        if r["source_id"] and r["source_id"] not in source_ids:
            problems.append(f"{where}: source_id '{r['source_id']}' is not in sources.csv")
        if r["kind"] == "official" and not (r["source_id"] or r["note"].strip()):
            problems.append(f"{where}: official row without source_id or note")
        key = (table, rid, field, lang)
        if key in seen:
            problems.append(f"{where}: duplicate row")
        seen.add(key)
        langs_by_cell.setdefault((table, rid, field), set()).add(lang)
        counts[(table, lang, r["kind"])] += 1

    for cell, langs in sorted(langs_by_cell.items()):
        if langs != LANGS:
            problems.append(f"{'/'.join(cell)}: languages present {sorted(langs)}, expected {sorted(LANGS)}")

    out = sys.stdout
    out.write(f"{CSV_PATH.relative_to(ROOT)}: {len(rows)} rows, {len(langs_by_cell)} (table, id, field) cells\n")
    out.write(f"{'table':<14}{'lang':<6}{'official':>9}{'project':>9}\n")
    for table in ["countries", "cities", *[t for t in PRIMARY_KEYS if t != "countries"]]:
        for lang in ("zh", "ru"):
            out.write(
                f"{table:<14}{lang:<6}{counts[(table, lang, 'official')]:>9}{counts[(table, lang, 'project')]:>9}\n"
            )
    if problems:
        out.write(f"{len(problems)} problem(s):\n")
        for p in problems:
            out.write(f"  {p}\n")
        return 1
    out.write("all checks passed\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
