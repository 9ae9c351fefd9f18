"""The data's text in the reader's language, from ``data/translations.csv``.

One row of ``translations.csv`` is the Chinese or Russian text of one cell of the data (table, id,
field), ``official`` (a wording an issuing government or the Secretariat uses, with its source) or
``project`` (the project's own translation). :func:`localized` gives a copy of the dataset whose
translated columns hold that text; a cell without a usable translation keeps its English text,
visibly marked (``" [EN]"``), never empty. English is the dataset itself. Sources and the changelog
stay as they are (a source keeps its own language).

``en_hash`` records the English text a row translates (:func:`en_hash`): when the English cell has
changed since, the row is stale, and the English text is shown (marked) until the translation is
redone and stamped again (``python -m components.data.textcheck stamp table/id/field …``).

Nothing here calls Streamlit.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from components.data import i18n
from components.data.dataset import Dataset, records

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
    "figures": ("label", "unit", "status_note"),
    "trade": ("status_note",),
}
# the primary key of each table, where it is not ``id`` (a composite key is written joined by "/",
# e.g. trade ``2024/KAZ/total/gacc``)
KEYS: dict[str, tuple[str, ...]] = {"countries": ("iso3",), "trade": ("year", "partner", "flow", "series")}
# the columns that hold a place name, translated through ``cities``
CITY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("events", "city"),
    ("countries", "capital"),
    ("mechanisms", "first_meeting_city"),
    ("institutions", "city"),
)
# a place value the code also reads as a marker: a meeting held by video has no place on the map.
# The localized dataset shows its words (视频会议, «Видеоконференция») like any place's and keeps the
# English beside them (ORIGINALS): code that reads the marker asks :func:`is_video`.
VIDEO = "Video"
# translated columns whose English the code still reads (the timeline's ordinal of a summit, the
# video marker): the localized dataset keeps it beside them, in ``<column>_en`` (not in the English
# dataset; read it with :func:`english`). Only in tables whose rows are exported through views that
# pick their columns (events), so no download gains a column in zh/ru.
ORIGINALS: dict[str, tuple[str, ...]] = {"events": ("title", "city")}
EN_SUFFIX = "_en"
TABLES: tuple[str, ...] = (*FIELDS, CITIES)
HASH_CHARS = 12


def key_column(table: str) -> str:
    """The key column of a table with a single-column key (all but ``trade``)."""
    return KEYS.get(table, ("id",))[0]


def row_ids(table: str, frame: pd.DataFrame) -> list[str]:
    """The rows' keys as ``translations.csv`` names them (a composite key joined by "/")."""
    cols = KEYS.get(table, ("id",))
    if any(c not in frame.columns for c in cols):
        return [""] * len(frame)
    parts = [[_key_text(v) for v in frame[c].tolist()] for c in cols]
    return ["/".join(p) for p in zip(*parts, strict=True)]


def _key_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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
        ids = row_ids(table, frame)
        for rid, row in zip(ids, records(frame[[f for f in fields if f in frame.columns]]), strict=True):
            for fname in fields:
                value = row.get(fname)
                if _present(value):
                    out[(table, rid, fname)] = str(value)
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


def kept_in_english(text: str) -> str:
    """A text that is never translated (the changelog's notes, the sources' notes) as a page in the
    current language shows it: marked ``[EN]`` outside English, as an English fallback is."""
    return text + FALLBACK_MARK if text and i18n.current() != i18n.DEFAULT_LANG else text


# --------------------------------------------------------------------------- the localized dataset


def _text(found: dict[tuple[str, str, str, str], Translation], table: str, rid: str, fname: str, lang: str,
          value: object) -> object:
    if not _present(value):
        return value
    t = found.get((table, rid, fname, lang))
    return t.text if t is not None else f"{value}{FALLBACK_MARK}"


def _city(found: dict[tuple[str, str, str, str], Translation], lang: str, value: object) -> object:
    if not _present(value):
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
        ids = row_ids(table, frame)
        for fname in ORIGINALS.get(table, ()):
            if fname in frame.columns:
                frame[fname + EN_SUFFIX] = frame[fname]
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
    :func:`components.data.dataset.shared_dataset`. Its ``key`` names the language, so views memoised
    on the key are kept per language."""
    if lang is None:
        lang = i18n.current()
    ds = english_dataset(ds)  # a copy in one language is made from the English, never from another copy
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


def english_dataset(ds: Dataset) -> Dataset:
    """The English dataset a localized copy was made from (``ds`` itself when it is English)."""
    base = ds.__dict__.get("_english")
    return base if isinstance(base, Dataset) else ds


def city_name(value: str, lang: str, ds: Dataset) -> str:
    """A place value's name in ``lang`` (markers too: "Video" → 视频会议); English if none."""
    if lang not in LANGS:
        return value
    t = usable(ds).get((CITIES, value, "name", lang))
    return t.text if t is not None else value


def english(row: Mapping[str, Any], field: str) -> Any:
    """The English text of a cell of a row of the dataset, localized or not (``ORIGINALS``)."""
    kept = row.get(field + EN_SUFFIX)
    return kept if _present(kept) else row.get(field)


def is_video(row: Mapping[str, Any], field: str = "city") -> bool:
    """Whether the row's place is the video marker (a meeting held by video), in any language."""
    return str(english(row, field) or "").strip() == VIDEO


def english_column(frame: pd.DataFrame, field: str) -> pd.Series:
    """A column's English values, from a frame of the dataset, localized or not (``ORIGINALS``)."""
    kept = field + EN_SUFFIX
    return frame[kept] if kept in frame.columns else frame[field]


# --------------------------------------------------------------------------- ordinals of summits

_ZH_DIGITS = "零一二三四五六七八九"


def _zh_numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三 (Arabic digits from 100 on)."""
    if n < 10:
        return _ZH_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[ones] if ones else "")
    return str(n)


def is_secretariat_launch(row: Mapping[str, Any]) -> bool:
    """The Secretariat's launch, a milestone on the timeline: an institution event whose id begins
    ``secretariat-``. An agreement or meeting about the Secretariat is not one, whatever its id
    (a curator's ``secretariat-budget-…`` would otherwise be labelled "Secretariat · Dushanbe")."""
    return row.get("category") == "institution" and str(row.get("id", "")).startswith("secretariat-")


def summit_ordinal(title_en: str) -> str:
    """The ordinal a summit's English title starts with ("2nd China-Central Asia Summit"), as the
    language writes it: 2nd, 第二届, 2-й; "" when the title has none."""
    first = title_en.split()[0] if title_en else ""
    if not (first[:-2].isdigit() and first[-2:] in ("st", "nd", "rd", "th")):
        return ""
    n = int(first[:-2])
    return i18n.choose((first, f"第{_zh_numeral(n)}届", f"{n}-й"))


# --------------------------------------------------------------------------- amounts with units

# money units of the data: (the amount's factor, the currency as Chinese writes it after 亿/万)
MONEY: dict[str, tuple[float, str]] = {
    "USD bn": (1e9, "美元"),
    "USD m": (1e6, "美元"),
    "CNY bn": (1e9, "元人民币"),
    "CNY m": (1e6, "元人民币"),
}
# the Chinese words translations.csv gives these units (十亿美元 …): an amount in a localized row is
# converted by them (tests/unit/test_datatext.py checks that every money unit of the data has one)
ZH_MONEY_WORDS: dict[str, str] = {"十亿美元": "USD bn", "百万美元": "USD m", "十亿元人民币": "CNY bn",
                                  "百万元人民币": "CNY m"}
NO_SPACE: frozenset[str] = frozenset({"%"})  # units written right after the number (not in English)
_CJK_START = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff]")  # a Chinese unit follows the number without a space


def _number(value: float) -> str:
    """A number as the data gives it (up to ten significant digits), in the language's form."""
    if i18n.current() == i18n.DEFAULT_LANG:
        return f"{value:,.10g}"
    digits = len(f"{value:.10g}".partition(".")[2]) if "e" not in f"{value:.10g}" else 0
    return i18n.format_number(value, digits)


def amount_text(value: float, unit: object = None, unit_en: object = None) -> str:
    """An amount with its unit as the current language writes it: ``USD 500 m`` in English (the
    data's ``500`` and ``USD m``, in the order of "USD 48.6 bn" everywhere else), 5亿美元 / 260亿元人民币
    in Chinese (money converted to 亿 or 万 and the unit written after the number, no space),
    ``500 млн долл. США`` in Russian. ``unit`` is the unit shown (translated: a money unit is known
    by its code or by :data:`ZH_MONEY_WORDS`), ``unit_en`` its English when the caller has it (the
    data's code, e.g. ``USD m``)."""
    shown = str(unit).strip() if _present(unit) else ""
    code = str(unit_en).strip() if _present(unit_en) else ZH_MONEY_WORDS.get(shown, shown)
    lang = i18n.current()
    if lang == "zh" and code in MONEY:
        factor, currency = MONEY[code]
        total = value * factor
        for step, word in ((1e8, "亿"), (1e4, "万")):
            if abs(total) >= step:  # 1063亿美元: no grouping before 亿/万
                return f"{round(total / step, 6):.10g}{word}{currency}"
        return f"{_number(total)}{currency}"
    number = _number(value)
    if lang == i18n.DEFAULT_LANG and code in MONEY:  # USD 500 m, CNY 26 bn: as the app writes money elsewhere
        currency, scale = code.split()
        return f"{currency} {number} {scale}"
    if lang == i18n.DEFAULT_LANG or not shown:
        return f"{number} {shown}".strip()
    if code in NO_SPACE or (lang == "zh" and _CJK_START.match(shown)):
        return f"{number}{shown}"
    return f"{number} {shown}"


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
