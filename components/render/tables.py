"""Tables for download: the rows a page shows as CSV that a spreadsheet cannot run, the event
rows in readable form with their sources' addresses, and the whole data package as a zip.
Plain functions, no Streamlit.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from components.data import i18n
from components.data.dataset import DATA_DIR, PACKAGE_FILE, records
from components.data.datatext import is_video
from components.data.filters import country_name
from components.data.i18n import N_, _
from components.data.labels import CATEGORY_LABELS, STATUS_LABELS, format_date, scope_label, wrap
from components.data.sourcing import LIST_JOIN, publishers, urls

# --------------------------------------------------------------------------- text in the reader's language
# Shared by the charts, the map and the panels: English exactly as before, Chinese and Russian
# through Babel (components/data/i18n.py).


def shown_date(value: object, precision: object = "day") -> str:
    """A date as people write it in the current language, honest about its precision."""
    if i18n.current() == i18n.DEFAULT_LANG:
        return format_date(value, precision)
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return _("date unknown")
    ts = pd.Timestamp(value)  # type: ignore[arg-type]
    if precision == "year":
        from babel.dates import format_skeleton

        return str(format_skeleton("y", ts.to_pydatetime(), locale=i18n.BABEL_LOCALES[i18n.current()]))
    if precision == "month":
        return i18n.format_month(ts)
    return i18n.format_date(ts)


def status_label(status: object) -> str:
    """A fact's status as the reader's language names it (an unknown code as it is)."""
    return _(STATUS_LABELS[str(status)]) if str(status) in STATUS_LABELS else str(status)


def category_label(category: object) -> str:
    """An event's category as the reader's language names it (an unknown code as it is)."""
    return _(CATEGORY_LABELS[str(category)]) if str(category) in CATEGORY_LABELS else str(category)


def usd_bn(value: float, digits: int = 1) -> str:
    """An amount given in USD billions, in the language's one money form: USD 1.2 bn, 12亿美元,
    1,2 млрд долл. США (``i18n.format_usd``)."""
    if i18n.current() == i18n.DEFAULT_LANG:
        return f"USD {value:,.{digits}f} bn"
    return i18n.format_usd(float(value) * 1e9, digits=digits)


def number(value: float, digits: int = 0) -> str:
    """A number in prose: English as before (``1,234.5``), the language's separators otherwise."""
    if i18n.current() == i18n.DEFAULT_LANG:
        return f"{value:,.{digits}f}"
    return i18n.format_number(value, digits)


def place_text(city: object, country_iso: object) -> str:
    """City and country (the country in the current language); either alone when the other is missing."""
    place = str(city or "")
    host = country_name(str(country_iso)) if country_iso else ""
    if place and host:
        if i18n.current() == "zh" and place.endswith("）"):
            return host + place  # 哈萨克斯坦努尔苏丹（今阿斯塔纳）, not a second bracket after the first
        return _("{city}, {country}").format(city=place, country=host)
    return place or host


def event_place(row: Mapping[str, Any]) -> str:
    """Where an event was held, as every table and hover label says it: 'Xi'an, China'; a video
    meeting 'Video conference (chaired from China)', never 'Video, China'."""
    iso = str(row.get("host_country") or "")
    if not is_video(row):
        return place_text(row.get("city"), iso)
    host = country_name(iso) if iso else ""
    return _("Video conference (chaired from {country})").format(country=host) if host else _("Video conference")


_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_TOKENS = re.compile(r"\s+|[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def wrap_text(text: str, width: int = 70) -> list[str]:
    """:func:`~components.data.labels.wrap` for the current language: Chinese has no spaces between
    words, so a Chinese text breaks between characters (each counted as two columns)."""
    if i18n.current() != "zh" or not _CJK.search(str(text)):
        return wrap(text, width)
    lines: list[str] = []
    line, used = "", 0
    for tok in _TOKENS.findall(str(text)):
        size = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in tok)
        if tok.isspace():
            tok, size = " ", 1
        if line and used + size > width:
            lines.append(line.rstrip())
            line, used = "", 0
            if tok == " ":
                continue
        line, used = line + tok, used + size
    if line.strip():
        lines.append(line.rstrip())
    return lines


def localized(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its column headings in the current language, for showing it: the tables
    of components/views/panels.py keep English headings (marked with ``N_``) as their keys, which the
    views and pages select by."""
    if i18n.current() == i18n.DEFAULT_LANG:
        return frame
    return frame.rename(columns={c: _(c) for c in frame.columns if isinstance(c, str)})


# --------------------------------------------------------------------------- CSV

# OWASP: a cell that begins with one of these can be read as a formula by a spreadsheet.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(value: object) -> object:
    """One cell for CSV: lists joined, formula-like text prefixed with ``'``, numbers untouched."""
    if isinstance(value, list | tuple):
        value = LIST_JOIN.join("" if v is None else str(v) for v in value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_column(series: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
        return series
    if pd.api.types.is_datetime64_any_dtype(series):
        valid = series.dropna()
        dates_only = valid.empty or bool((valid == valid.dt.normalize()).all())
        fmt = "%Y-%m-%d" if dates_only else "%Y-%m-%dT%H:%M:%S"
        return series.dt.strftime(fmt).astype(object).where(series.notna(), None)
    return series.astype(object).map(_neutralise)


# The data's field names as a CSV's headings say them to a reader in another language. In English
# the headings are the field names themselves (the files' and the JSON's keys, stable for scripts);
# in zh and ru a spreadsheet user reads words. JSON keeps the field names in every language.
FIELD_HEADINGS: dict[str, str] = {
    "id": N_("ID"),
    "date": N_("Date"),
    "date_precision": N_("Date precision"),
    "date_shown": N_("Date as shown"),
    "end_date": N_("End date"),
    "title": N_("Title"),
    "category": N_("Category"),
    "countries": N_("Countries"),
    "host_country": N_("Host country"),
    "city": N_("City"),
    "lat": N_("Latitude"),
    "lon": N_("Longitude"),
    "mechanism_id": N_("Mechanism ID"),
    "direction_ids": N_("Direction IDs"),
    "direction_id": N_("Direction ID"),
    "event_id": N_("Event ID"),
    "status": N_("Status"),
    "status_note": N_("Status note"),
    "summary": N_("Summary"),
    "description": N_("Description"),
    "amount": N_("Amount"),
    "unit": N_("Unit"),
    "year": N_("Year"),
    "partner": N_("Partner"),
    "flow": N_("Flow"),
    "value": N_("Value"),
    "series": N_("Series"),
    "source_ids": N_("Source IDs"),
    "source_publishers": N_("Source publishers"),
    "source_urls": N_("Source addresses"),
}


def csv_headings(columns: Sequence[object]) -> list[str]:
    """A CSV's headings in the current language: field names in English, words otherwise."""
    if i18n.current() == i18n.DEFAULT_LANG:
        return [str(c) for c in columns]
    return [_(FIELD_HEADINGS.get(str(c), str(c))) for c in columns]


def safe_csv(frame: pd.DataFrame, *, bom: bool = False) -> bytes:
    """UTF-8 CSV (header row, CRLF line ends) of exactly the rows given, safe to open in a spreadsheet;
    with ``bom`` it starts with the UTF-8 byte-order mark (``utf-8-sig``: the Chinese and Russian
    files, which Excel on Windows would otherwise read in the system's code page).

    Text cells beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return get a
    leading ``'`` so that no spreadsheet runs them as a formula. Numbers stored as numbers
    (including negative ones) are written as numbers. List and tuple cells are joined
    with ``;``.
    """
    out = pd.DataFrame({i: _csv_column(frame.iloc[:, i]) for i in range(frame.shape[1])})
    out.columns = [str(_neutralise(c)) for c in csv_headings(list(frame.columns))]
    # CRLF (RFC 4180): with it as the line end, a cell holding \r or \n is quoted and stays one cell
    text = out.to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig" if bom else "utf-8")


def events_export(events: pd.DataFrame, sources: Mapping[str, Mapping[str, Any]]) -> pd.DataFrame:
    """The event rows given, one per event, with readable values and the sources' addresses."""
    columns = [
        "id",
        "date",
        "date_precision",
        "date_shown",
        "end_date",
        "title",
        "category",
        "scope",
        "countries",
        "host_country",
        "city",
        "lat",
        "lon",
        "mechanism_id",
        "direction_ids",
        "status",
        "status_note",
        "summary",
        "source_ids",
        "source_publishers",
        "source_urls",
    ]
    rows = []
    for r in records(events):
        ids = tuple(r.get("source_ids") or ())
        end, host = r.get("end_date"), r.get("host_country")
        rows.append(
            {
                "id": r["id"],
                "date": pd.Timestamp(r["date"]).date().isoformat() if not pd.isna(r["date"]) else None,
                "date_precision": r.get("date_precision"),
                "date_shown": shown_date(r["date"], r.get("date_precision")),
                "end_date": pd.Timestamp(end).date().isoformat() if end is not None and not pd.isna(end) else None,
                "title": r["title"],
                "category": category_label(r["category"]),
                "scope": scope_label(r.get("scope")),
                "countries": "; ".join(country_name(c) for c in (r.get("countries") or ())),
                "host_country": country_name(str(host)) if host else host,
                "city": r.get("city"),
                "lat": r.get("lat"),
                "lon": r.get("lon"),
                "mechanism_id": r.get("mechanism_id"),
                "direction_ids": tuple(r.get("direction_ids") or ()),
                "status": status_label(r["status"]),
                "status_note": r.get("status_note"),
                "summary": r.get("summary"),
                "source_ids": ids,
                "source_publishers": "; ".join(publishers(ids, sources)),
                "source_urls": urls(ids, sources),
            }
        )
    frame = pd.DataFrame(rows, columns=columns)
    for col in ("lat", "lon"):
        frame[col] = pd.to_numeric(frame[col]).astype("float64")
    return frame


def with_source_urls(
    frame: pd.DataFrame, sources: Mapping[str, Mapping[str, Any]], column: str = "source_ids"
) -> pd.DataFrame:
    """A copy of ``frame`` with the publishers and original addresses of ``column``'s sources."""
    out = frame.copy()
    if column not in out.columns:
        return out
    ids = [tuple(v or ()) for v in out[column]]
    out["source_publishers"] = ["; ".join(publishers(i, sources)) for i in ids]
    out["source_urls"] = [urls(i, sources) for i in ids]
    return out


# --------------------------------------------------------------------------- zip

_ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # fixed, so that the same data gives the same bytes


def dataset_zip(data_dir: Path = DATA_DIR) -> bytes:
    """The data package as a zip: every CSV, ``datapackage.json`` and the files in ``geo/``.

    Paths inside the zip are relative to ``data_dir`` (``events.csv``, ``geo/countries.geojson``),
    so that the resource paths in ``datapackage.json`` resolve after unzipping.
    """
    data_dir = Path(data_dir)
    files = sorted(data_dir.glob("*.csv"))
    package = data_dir / PACKAGE_FILE
    if package.is_file():
        files.append(package)
    geo = data_dir / "geo"
    if geo.is_dir():
        files += sorted(
            p for p in geo.rglob("*") if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")
        )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(data_dir).as_posix(), date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    return buf.getvalue()
