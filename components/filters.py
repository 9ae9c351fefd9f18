"""The filter model shared by every page: parse URL values, apply filters to frames.

Pure functions: no Streamlit. The sidebar (components/ui.py) binds its widgets to the
URL with Streamlit's ``bind="query-params"``; before the widgets are created, the raw
query string is checked here so that a hand-edited or invalid value is dropped with a
notice that says what was wrong, instead of silently or with an exception.

URL parameters (every page):
- ``country``: repeated, a country name as shown (``Kazakhstan``). Another spelling
  (``KAZ``, ``kazakhstan``) is dropped with a notice suggesting the name.
- ``years``: repeated twice, start and end year (``years=2022&years=2023``); any other
  form is dropped with a notice.
- ``lang``: ``en``, ``zh`` or ``ru`` (components/i18n.py); without it the browser's language
  picks. Country names are accepted in any of the three languages (``Казахстан``, ``哈萨克斯坦``),
  so a link keeps its countries when the language changes.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from components import i18n
from components.i18n import N_, PARAM_LANG
from components.notices import (
    DATE_FORM,
    NO_VALUE_LEFT,
    REPEATED,
    UNKNOWN_VALUE,
    YEARS_FORM,
    YEARS_RANGE,
    Notice,
    clip,
)
from components.registry import PARAM_COUNTRY, PARAM_SINCE, PARAM_YEARS

YEAR_MIN = 2020
YEAR_MAX = 2026

COUNTRY_NAMES: dict[str, str] = {
    "CHN": "China",
    "KAZ": "Kazakhstan",
    "KGZ": "Kyrgyzstan",
    "TJK": "Tajikistan",
    "TKM": "Turkmenistan",
    "UZB": "Uzbekistan",
}
ALL_COUNTRIES: tuple[str, ...] = tuple(COUNTRY_NAMES)
# The countries' short names in the other languages (as their foreign ministries write them).
COUNTRY_NAMES_I18N: dict[str, dict[str, str]] = {
    "en": COUNTRY_NAMES,
    "zh": {
        "CHN": "中国",
        "KAZ": "哈萨克斯坦",
        "KGZ": "吉尔吉斯斯坦",
        "TJK": "塔吉克斯坦",
        "TKM": "土库曼斯坦",
        "UZB": "乌兹别克斯坦",
    },
    "ru": {
        "CHN": "Китай",
        "KAZ": "Казахстан",
        "KGZ": "Кыргызстан",
        "TJK": "Таджикистан",
        "TKM": "Туркменистан",
        "UZB": "Узбекистан",
    },
}
NAME_TO_ISO: dict[str, str] = {v: k for names in COUNTRY_NAMES_I18N.values() for k, v in names.items()}


def country_name(iso: str, lang: str | None = None) -> str:
    """A country's short name in the language (the current one unless given)."""
    names = COUNTRY_NAMES_I18N.get(lang or i18n.current(), COUNTRY_NAMES)
    return names.get(iso, COUNTRY_NAMES.get(iso, iso))


def country_names(lang: str | None = None) -> dict[str, str]:
    """ISO3 → name in the language, in the canonical order."""
    return {c: country_name(c, lang) for c in ALL_COUNTRIES}



@dataclass(frozen=True)
class Filters:
    """The view every page shows: which countries, which years, in which language."""

    countries: tuple[str, ...] = ALL_COUNTRIES
    years: tuple[int, int] = (YEAR_MIN, YEAR_MAX)
    since: date | None = None  # mark what the data changed on or after this day
    lang: str = i18n.DEFAULT_LANG  # en, zh or ru: the language the view is shown in

    @property
    def all_countries(self) -> bool:
        return set(self.countries) == set(ALL_COUNTRIES)

    @property
    def all_years(self) -> bool:
        return self.years == (YEAR_MIN, YEAR_MAX)

    def describe(self) -> str:
        """Plain words for titles, exports and slide footers, in the view's language."""
        lang = self.lang
        who = (
            i18n.gettext("all six countries", lang)
            if self.all_countries
            else i18n.list_text((country_name(c, lang) for c in self.countries), lang)
        )
        if not self.countries:
            who = i18n.gettext("no country selected", lang)
        y0, y1 = self.years
        when = f"{y0}" if y0 == y1 else f"{y0}–{y1}"
        sep = "；" if lang == "zh" else "; "  # Chinese text takes the full-width semicolon
        day = "" if not self.since else self.since.isoformat() if lang == i18n.DEFAULT_LANG else i18n.format_date(
            self.since, lang=lang)
        changed = sep + i18n.gettext("changes since {day} marked", lang).format(day=day) if self.since else ""
        return f"{who}{sep}{when}{changed}"

    def to_query(self) -> dict[str, list[str]]:
        """Query parameters that reopen this view (defaults left out, as Streamlit does)."""
        q: dict[str, list[str]] = {}
        if not self.all_countries:
            q[PARAM_COUNTRY] = [COUNTRY_NAMES[c] for c in self.countries]
        if not self.all_years:
            q[PARAM_YEARS] = [str(self.years[0]), str(self.years[1])]
        if self.since:
            q[PARAM_SINCE] = [self.since.isoformat()]
        if self.lang != i18n.DEFAULT_LANG:
            q[PARAM_LANG] = [self.lang]
        return q


def country_from_text(value: str) -> str | None:
    """The ISO3 code for a country name exactly as shown in one of the languages
    (``'Kazakhstan'``, ``'Казахстан'``, ``'哈萨克斯坦'``), else None.

    Links carry the name as the browser writes it; other spellings are reported rather
    than guessed, so that the link and the view never disagree.
    """
    return NAME_TO_ISO.get(value)


def _suggest(value: str) -> str:
    text = value.strip()
    if text.upper() in COUNTRY_NAMES:
        return COUNTRY_NAMES[text.upper()]
    for name in NAME_TO_ISO:
        if name.lower() == text.lower():
            return name
    return ""


def _as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def parse_countries(values: Iterable[str]) -> tuple[tuple[str, ...], list[Notice]]:
    """Valid ISO3 codes in canonical order, plus a notice for each value dropped."""
    chosen: set[str] = set()
    notices: list[Notice] = []
    times: dict[str, int] = {}
    for raw in values:
        iso = country_from_text(raw)
        if iso is not None:
            times[iso] = times.get(iso, 0) + 1
        if iso is None:
            notices.append(
                Notice(
                    UNKNOWN_VALUE,
                    PARAM_COUNTRY,
                    clip(raw),
                    _suggest(raw),
                    tuple(COUNTRY_NAMES.values()),
                    what=N_("country"),
                )
            )
        else:
            chosen.add(iso)
    notices += [Notice(REPEATED, PARAM_COUNTRY, clip(COUNTRY_NAMES[iso]), what=N_("country"), count=k)
                for iso, k in times.items() if k > 1]  # said once, with the count: never 1,000 notices
    return tuple(c for c in ALL_COUNTRIES if c in chosen), notices


def parse_years(values: Iterable[str]) -> tuple[tuple[int, int], list[Notice]]:
    """A (start, end) within 2020–2026 from exactly two year values, plus notices.

    The form is the one the slider writes, ``years=2022&years=2023``; anything else
    (one value, ``2022-2023``, text, years outside the data) is dropped by the slider's
    URL binding, so it is reported here rather than guessed. Two years in the wrong order
    are applied in order (the sidebar sorts them too).
    """
    raw = list(values)
    if not raw:
        return (YEAR_MIN, YEAR_MAX), []
    default = f"{YEAR_MIN}–{YEAR_MAX}"
    given = clip("-".join(raw))
    try:
        years = [int(v.strip()) for v in raw]
    except ValueError:
        years = []
    if len(raw) != 2 or len(years) != 2:
        return (YEAR_MIN, YEAR_MAX), [Notice(YEARS_FORM, PARAM_YEARS, given, what=N_("years"), default=default)]
    if any(y < YEAR_MIN or y > YEAR_MAX for y in years):
        return (YEAR_MIN, YEAR_MAX), [Notice(YEARS_RANGE, PARAM_YEARS, given, what=N_("years"), default=default)]
    start, end = sorted(years)
    return (start, end), []


def parse_lang(values: Sequence[str], default: str = i18n.DEFAULT_LANG) -> tuple[str, list[Notice]]:
    """The language from ``lang=``: one of en, zh, ru; another value is dropped with a notice
    and ``default`` (the browser's language, or English) applies."""
    if not values:
        return default, []
    lang = i18n.lang_from_text(values[0])
    if lang is None or len(values) > 1:
        shown = clip("&".join(values))
        return default, [
            Notice(UNKNOWN_VALUE, PARAM_LANG, shown, allowed=i18n.LANGS, what=N_("language"), default=default)
        ]
    return lang, []


def parse_query(
    params: Mapping[str, str | Sequence[str]], default_lang: str = i18n.DEFAULT_LANG
) -> tuple[Filters, list[Notice]]:
    """Filters from a query string mapping (``{'country': ['KAZ'], 'years': ['2022', '2023']}``);
    ``default_lang`` applies when the link names no language."""
    notices: list[Notice] = []
    countries = ALL_COUNTRIES
    raw_c = _as_list(params.get(PARAM_COUNTRY))
    if raw_c:
        countries, n = parse_countries(raw_c)
        notices += n
        if not countries:
            countries = ALL_COUNTRIES
            notices.append(Notice(NO_VALUE_LEFT, PARAM_COUNTRY, what=N_("country"), default=N_("all six")))
    years, n = parse_years(_as_list(params.get(PARAM_YEARS)))
    notices += n
    since, n = parse_since(_as_list(params.get(PARAM_SINCE)))
    notices += n
    lang, n = parse_lang(_as_list(params.get(PARAM_LANG)), default_lang)
    notices += n
    return Filters(countries, years, since, lang), notices


SINCE_MIN = date(YEAR_MIN, 1, 1)


def parse_since(values: Sequence[str]) -> tuple[date | None, list[Notice]]:
    """The day from which changes are marked (``since=2026-11-01``): one date, from 2020 on."""
    if not values:
        return None, []
    text = values[0].strip()
    try:
        day = date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        day = None
    if day is None or day < SINCE_MIN or day > date.today() or len(values) > 1:
        shown = clip("&".join(values))
        allowed = f"from {SINCE_MIN.isoformat()} to today"
        return None, [Notice(DATE_FORM, PARAM_SINCE, shown, what=N_("since"), default=allowed)]
    return day, []


def parse_choices(
    values: Iterable[str], allowed: Mapping[str, str], param: str, what: str
) -> tuple[tuple[str, ...], list[Notice]]:
    """A page filter from the URL: labels (exactly as shown) to ids; a notice for the rest.

    ``allowed`` maps id -> label.
    """
    by_label = {v: k for k, v in allowed.items()}
    chosen: list[str] = []
    notices: list[Notice] = []
    for raw in values:
        key = by_label.get(raw)
        if key is None:
            notices.append(Notice(UNKNOWN_VALUE, param, clip(raw), allowed=tuple(allowed.values()), what=what))
        elif key not in chosen:
            chosen.append(key)
    return tuple(chosen), notices


# --------------------------------------------------------------------------- applying


def _involves(cell: tuple[str, ...] | None, countries: set[str]) -> bool:
    return bool(set(cell or ()) & countries)


# Filtered events kept per events frame (by identity, while it lives) and selection: most views
# of a rerun start from the same selection. pandas' copy-on-write keeps the kept frames safe
# from a caller that changes its copy.
_FILTERED: dict[int, tuple[weakref.ref[pd.DataFrame], OrderedDict[tuple[Any, ...], pd.DataFrame]]] = {}
_FILTERED_LOCK = threading.Lock()
FILTERED_KEEP = 256  # selections kept per events frame


def filter_events(events: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Events that involve at least one selected country and fall in the year range."""
    if events.empty:
        return events
    key = (f.countries, f.years)
    with _FILTERED_LOCK:
        slot = _FILTERED.get(id(events))
        if slot is None or slot[0]() is not events:
            for k in [k for k, (ref, _) in _FILTERED.items() if ref() is None]:
                del _FILTERED[k]
            slot = (weakref.ref(events), OrderedDict())
            _FILTERED[id(events)] = slot
        kept = slot[1].get(key)
        if kept is not None:
            slot[1].move_to_end(key)
            return kept
    sel = set(f.countries)
    in_years = events["date"].dt.year.between(f.years[0], f.years[1])
    involves = events["countries"].map(lambda c: _involves(c, sel))
    out = events[in_years & involves].sort_values(["date", "id"]).reset_index(drop=True)
    with _FILTERED_LOCK:
        slot[1][key] = out
        while len(slot[1]) > FILTERED_KEEP:
            slot[1].popitem(last=False)
    return out


def filter_by_countries(frame: pd.DataFrame, f: Filters, column: str = "countries") -> pd.DataFrame:
    """Rows whose ``column`` (a tuple of ISO3) meets the selection."""
    if frame.empty:
        return frame
    sel = set(f.countries)
    return frame[frame[column].map(lambda c: _involves(c, sel))].reset_index(drop=True)


def filter_trade(trade: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Trade rows for the year range; per-partner rows for selected partners, plus C5 totals."""
    if trade.empty:
        return trade
    in_years = trade["year"].between(f.years[0], f.years[1])
    partner_ok = trade["partner"].eq("C5") | trade["partner"].isin(f.countries)
    return trade[in_years & partner_ok].sort_values(["year", "partner", "flow"]).reset_index(drop=True)
