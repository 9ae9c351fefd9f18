"""The data's text in the reader's language, from ``data/translations.csv``.

One row of ``translations.csv`` is the Chinese or Russian text of one cell of the data (table, id,
field), ``official`` (a wording an issuing government or the Secretariat uses, with its source) or
``project`` (the project's own translation). :func:`localized` gives a copy of the dataset whose
translated columns hold that text; a cell without a usable translation keeps its English text,
visibly marked (``" [EN]"``), never empty. English is the dataset itself. Sources and the changelog
stay as they are (a source keeps its own language).

``en_hash`` records the English text a row translates (:func:`en_hash`): when the English cell has
changed since, the row is stale, and the English text is shown (marked) until the translation is
redone and stamped again (``python -m components.datatext stamp table/id/field …``).

Nothing here calls Streamlit.
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from components import i18n
from components.csvfiles import Problem
from components.data import Dataset, configured_dir, records

FILE = "translations.csv"
RESOURCE = "translations"
LANGS: tuple[str, ...] = ("zh", "ru")  # besides English, the data's own language
KINDS: tuple[str, ...] = ("official", "project")
FALLBACK_MARK = " [EN]"  # after an English text shown in place of a missing translation
CITIES = "cities"  # the pseudo-table of place names: id = the English value
# the columns translated, table by table (the README's list)
FIELDS: dict[str, tuple[str, ...]] = {
    "countries": ("name", "head_of_state", "development_strategy", "status_note"),
    "directions": ("name", "description"),
    "mechanisms": ("name", "sector", "status_note", "notes"),
    "institutions": ("name", "status_note", "notes"),
    "projects": ("name", "milestones", "status_note"),
    "events": ("title", "summary", "status_note"),
    "commitments": ("title", "description", "status_note", "unit"),
}
# the columns that hold a place name, translated through ``cities``
CITY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("events", "city"),
    ("countries", "capital"),
    ("mechanisms", "first_meeting_city"),
    ("institutions", "city"),
)
# values the code reads as markers rather than names (a meeting held by video has no place on the
# map; the charts word it themselves): never rewritten. Shown words for them: :func:`city_name`.
MARKERS: frozenset[str] = frozenset({"Video"})
TABLES: tuple[str, ...] = (*FIELDS, CITIES)
HASH_CHARS = 12


def key_column(table: str) -> str:
    return "iso3" if table == "countries" else "id"


def en_hash(text: str) -> str:
    """A short fingerprint of an English text (the first 12 hex digits of its SHA-256)."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:HASH_CHARS]


# --------------------------------------------------------------------------- the English cells


def _present(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def english_cells(ds: Dataset) -> dict[tuple[str, str, str], str]:
    """Every translatable cell of the data with its English text: (table, id, field) -> text."""
    out: dict[tuple[str, str, str], str] = {}
    for table, fields in FIELDS.items():
        frame = ds.tables.get(table)
        if frame is None or frame.empty:
            continue
        key = key_column(table)
        for row in records(frame[[key, *[f for f in fields if f in frame.columns]]]):
            for fname in fields:
                value = row.get(fname)
                if _present(value):
                    out[(table, str(row[key]), fname)] = str(value)
    for table, col in CITY_COLUMNS:
        frame = ds.tables.get(table)
        if frame is None or col not in frame.columns:
            continue
        for value in frame[col]:
            if _present(value):
                out[(CITIES, str(value), "name")] = str(value)
    return out


@dataclass(frozen=True)
class Translation:
    table: str
    id: str
    field: str
    lang: str
    text: str
    kind: str
    source_id: str
    note: str
    en_hash: str
    line: int | None = None


def translations(ds: Dataset) -> list[Translation]:
    """The rows of ``translations.csv`` that passed the package's checks."""
    frame = ds.tables.get(RESOURCE)
    if frame is None or frame.empty:
        return []
    return [
        Translation(str(r["table"]), str(r["id"]), str(r["field"]), str(r["lang"]), str(r["text"]), str(r["kind"]),
                    str(r.get("source_id") or ""), str(r.get("note") or ""), str(r.get("en_hash") or ""))
        for r in records(frame)
    ]


def usable(ds: Dataset) -> dict[tuple[str, str, str, str], Translation]:
    """(table, id, field, lang) -> translation, for rows that name an English cell of the data and
    translate its current text (not stale). Built once per Dataset (read it, never change it)."""
    cached = ds.__dict__.get("_usable_translations")
    if cached is None:
        english = english_cells(ds)
        cached = {}
        for t in translations(ds):
            en = english.get((t.table, t.id, t.field))
            if en is None or (t.en_hash and t.en_hash != en_hash(en)) or not _present(t.text):
                continue
            cached[(t.table, t.id, t.field, t.lang)] = t
        ds.__dict__["_usable_translations"] = cached
    return cached


# --------------------------------------------------------------------------- the localized dataset


def _text(found: dict[tuple[str, str, str, str], Translation], table: str, rid: str, fname: str, lang: str,
          value: object) -> object:
    if not _present(value):
        return value
    t = found.get((table, rid, fname, lang))
    return t.text if t is not None else f"{value}{FALLBACK_MARK}"


def _city(found: dict[tuple[str, str, str, str], Translation], lang: str, value: object) -> object:
    if not _present(value) or str(value) in MARKERS:
        return value
    return _text(found, CITIES, str(value), "name", lang, value)


def _build(ds: Dataset, lang: str) -> Dataset:
    found = usable(ds)
    tables = dict(ds.tables)
    for table in {*FIELDS, *(t for t, _c in CITY_COLUMNS)}:
        frame = ds.tables.get(table)
        if frame is None or frame.empty:
            continue
        frame = frame.copy()
        ids = [str(v) for v in frame[key_column(table)]]
        for fname in FIELDS.get(table, ()):
            if fname in frame.columns:
                texts = [_text(found, table, rid, fname, lang, v) for rid, v in zip(ids, frame[fname], strict=True)]
                frame[fname] = pd.Series(texts, index=frame.index, dtype=object)
        for ctable, col in CITY_COLUMNS:
            if ctable == table and col in frame.columns:
                frame[col] = pd.Series([_city(found, lang, v) for v in frame[col].tolist()], index=frame.index,
                                       dtype=object)
        tables[table] = frame
    meta = {**ds.meta, "lang": lang}
    return replace(ds, tables=tables, meta=meta, key=f"{ds.key}|{lang}")


_LOCALIZED: OrderedDict[tuple[str, str], Dataset] = OrderedDict()
_LOCK = threading.Lock()
KEEP = 8  # localized datasets kept at once: a few data states × two languages


def localized(ds: Dataset, lang: str | None = None) -> Dataset:
    """The dataset with its text in ``lang`` (default: the current language, ``i18n.current()``;
    ``en``, or an unknown language: ``ds`` itself).
    Computed once per (data state, language) and kept; read-only for the caller, like
    :func:`components.data.shared_dataset`. Its ``key`` names the language, so views memoised
    on the key are kept per language."""
    if lang is None:
        lang = i18n.current()
    if lang not in LANGS or not ds.tables:
        return ds
    cache_key = (ds.key or str(id(ds)), lang)
    with _LOCK:
        hit = _LOCALIZED.get(cache_key)
        if hit is not None and hit.__dict__.get("_english") is ds:
            _LOCALIZED.move_to_end(cache_key)
            return hit
    out = _build(ds, lang)
    out.__dict__["_english"] = ds
    with _LOCK:
        _LOCALIZED[cache_key] = out
        while len(_LOCALIZED) > KEEP:
            _LOCALIZED.popitem(last=False)
    return out


def city_name(value: str, lang: str, ds: Dataset) -> str:
    """A place value's name in ``lang`` (markers too: "Video" → 线上（视频）); English if none."""
    if lang not in LANGS:
        return value
    t = usable(ds).get((CITIES, value, "name", lang))
    return t.text if t is not None else value


# --------------------------------------------------------------------------- checks and coverage

Counts = tuple[int, int, int]  # official, project, missing


def coverage(ds: Dataset) -> dict[str, dict[str, Counts]]:
    """lang -> table -> (cells translated officially, by the project, not at all). A stale or
    dangling row does not count."""
    english = english_cells(ds)
    found = usable(ds)
    out: dict[str, dict[str, Counts]] = {}
    for lang in LANGS:
        per: dict[str, list[int]] = {t: [0, 0, 0] for t in TABLES}
        for table, rid, fname in english:
            t = found.get((table, rid, fname, lang))
            per[table][0 if t is not None and t.kind == "official" else 1 if t is not None else 2] += 1
        out[lang] = {t: (c[0], c[1], c[2]) for t, c in per.items()}
    return out


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


def _lines_of(data_dir: Path) -> list[int]:
    """The file line of each row of translations.csv (for messages), in file order."""
    path = data_dir / FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    lines: list[int] = []
    try:
        next(reader)
        start = reader.line_num + 1
        for row in reader:
            if any(c.strip() for c in row):
                lines.append(start)
            start = reader.line_num + 1
    except (StopIteration, csv.Error):
        return []
    return lines


def check(ds: Dataset, data_dir: Path | None = None) -> list[Problem]:
    """The rules the package cannot state: each row names an English cell of the data, non-empty;
    it translates the current English text (``en_hash``); an ``official`` row says where the
    wording comes from; text is plain (no Markdown or HTML). Missing translations are warnings."""
    from components.data import _ACTIVE  # the rule every shown text of the package follows

    frame = ds.tables.get(RESOURCE)
    if frame is None:
        return []
    english = english_cells(ds)
    rows = translations(ds)
    where = _row_lines(ds, data_dir)
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


def _row_lines(ds: Dataset, data_dir: Path | None) -> dict[tuple[str, str, str, str], int]:
    """(table, id, field, lang) -> line in the file, when the file can be read again."""
    if data_dir is None:
        return {}
    path = Path(data_dir) / FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}
    lines = _lines_of(Path(data_dir))
    out: dict[tuple[str, str, str, str], int] = {}
    for row, line in zip(rows, lines, strict=False):
        k = tuple((row.get(c) or "").strip() for c in ("table", "id", "field", "lang"))
        out.setdefault((k[0], k[1], k[2], k[3]), line)
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
    from components.data import load_dataset

    ds = load_dataset(data_dir)
    english = english_cells(ds)
    named = set(_cells(cells))
    path = data_dir / FILE
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
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
    """``python -m components.datatext stamp [--all] [table/id/field …] [--dir DATA_DIR]``"""
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
