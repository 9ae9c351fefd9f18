"""The filter model shared by every page: parse URL values, apply filters to frames.

Pure functions: no Streamlit. The sidebar (components/web/ui.py) binds its widgets to the
URL with Streamlit's ``bind="query-params"``; before the widgets are created, the raw
query string is checked here so that a hand-edited or invalid value is dropped with a
notice that says what was wrong, instead of silently or with an exception.

URL parameters (every page):
- ``country``: repeated, a country name as shown (``Kazakhstan``). Another spelling
  (``KAZ``, ``kazakhstan``) is dropped with a notice suggesting the name.
- ``years``: repeated twice, start and end year (``years=2022&years=2023``); any other
  form is dropped with a notice.
- ``scope``: which events, by their relation to the mechanism (the ``scope`` column of
  events.csv): ``Mechanism only`` (its summits, ministerial tracks, bodies, documents), ``Related
  only`` (milestones carrying out its agenda: the railway, trade figures, other forums); absent for
  both. The label is accepted in any of the three languages and as the id (``mechanism``).
- ``lang``: ``en``, ``zh`` or ``ru`` (components/data/i18n.py); without it the browser's language
  picks. Country names are accepted in any of the three languages (``Казахстан``, ``哈萨克斯坦``),
  so a link keeps its countries when the language changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from components.data import i18n, notices
from components.data.i18n import N_, PARAM_LANG
from components.data.notices import (
    DATE_FORM,
    NO_VALUE_LEFT,
    REPEATED,
    UNKNOWN_VALUE,
    YEARS_FORM,
    YEARS_RANGE,
    Notice,
    clip,
)
from components.data.registry import PARAM_COUNTRY, PARAM_SCOPE, PARAM_SINCE, PARAM_YEARS

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

# The scope filter: every event (the default, not written in links), or one value of the events'
# ``scope`` column. The labels are what the sidebar shows and the link carries.
SCOPE_ALL = "all"
SCOPES: dict[str, str] = {
    SCOPE_ALL: N_("Mechanism and related"),
    "mechanism": N_("Mechanism only"),
    "related": N_("Related only"),
}
SCOPE_HELP = N_(
    "Mechanism only: the C+C5 mechanism's own acts (summits, ministerial meetings, its bodies and documents). "
    "Related only: milestones that carry out its agenda (the railway, trade figures, other forums)."
)


def scope_labels(lang: str | None = None) -> dict[str, str]:
    """Scope id → label in the language (the current one unless given)."""
    return {k: i18n.gettext(v, lang or i18n.current()) for k, v in SCOPES.items()}


def scope_by_label() -> dict[str, str]:
    """Label in any language (and the id itself) → scope id: a link keeps its scope across languages."""
    out = {k: k for k in SCOPES}
    for lang in i18n.LANGS:
        out.update({label: k for k, label in scope_labels(lang).items()})
    return out


def country_name(iso: str, lang: str | None = None) -> str:
    """A country's short name in the language (the current one unless given)."""
    names = COUNTRY_NAMES_I18N.get(lang or i18n.current(), COUNTRY_NAMES)
    return names.get(iso, COUNTRY_NAMES.get(iso, iso))


def _country_word(value: str) -> str:
    """A country named in a notice (allowed, or suggested) in the page's language."""
    iso = NAME_TO_ISO.get(value)
    return country_name(iso) if iso else value


notices.SHOWN[PARAM_COUNTRY] = _country_word


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
    scope: str = SCOPE_ALL  # every event, or only the mechanism's own ("mechanism") or related ones

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
        when = i18n.year_range(y0, y1, lang)
        sep = "；" if lang == "zh" else "; "  # Chinese text takes the full-width semicolon
        day = "" if not self.since else self.since.isoformat() if lang == i18n.DEFAULT_LANG else i18n.format_date(
            self.since, lang=lang)
        changed = sep + i18n.gettext("changes since {day} marked", lang).format(day=day) if self.since else ""
        scope = sep + scope_labels(lang)[self.scope].lower() if self.scope != SCOPE_ALL else ""
        return f"{who}{sep}{when}{scope}{changed}"

    def to_query(self) -> dict[str, list[str]]:
        """Query parameters that reopen this view, written as the page writes its own address
        (defaults left out, as Streamlit does; country names in the view's language):
        ``{"country": ["Казахстан"], "lang": ["ru"]}``. The one canonical form of the filters,
        used by the page's address, its downloads, citation, embed code and briefings."""
        q: dict[str, list[str]] = {}
        if not self.all_countries:  # named in the view's language, as its page's sidebar writes them
            q[PARAM_COUNTRY] = [country_name(c, self.lang) for c in self.countries]
        if not self.all_years:
            q[PARAM_YEARS] = [str(self.years[0]), str(self.years[1])]
        if self.scope != SCOPE_ALL:
            q[PARAM_SCOPE] = [scope_labels(self.lang)[self.scope]]
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
    scope, n = parse_scope(_as_list(params.get(PARAM_SCOPE)))
    notices += n
    return Filters(countries, years, since, lang, scope), notices


def parse_scope(values: Sequence[str]) -> tuple[str, list[Notice]]:
    """The scope from ``scope=``: a label in any language (``Mechanism only``) or an id; another
    value is dropped with a notice and every event is shown."""
    if not values:
        return SCOPE_ALL, []
    scope = scope_by_label().get(values[0].strip())
    if scope is None or len(values) > 1:
        shown = clip("&".join(values))
        return SCOPE_ALL, [Notice(UNKNOWN_VALUE, PARAM_SCOPE, shown, allowed=tuple(SCOPES.values()),
                                  what=N_("scope"), default=SCOPES[SCOPE_ALL])]
    return scope, []


def canonical_address(params: Mapping[str, Sequence[str]], lang: str) -> dict[str, list[str]]:
    """The address's query with its filters written as a page in ``lang`` writes them
    (:meth:`Filters.to_query`): a country named in any language by its name in ``lang``, in the
    canonical order; two years in order; a default (all six, 2020–2026) left out. A value that
    names nothing is kept as given (the page drops it with a notice); other parameters are kept."""
    out = {k: list(v) for k, v in params.items()}
    raw = out.pop(PARAM_COUNTRY, [])
    known = {NAME_TO_ISO[v] for v in raw if v in NAME_TO_ISO}
    unknown = [v for v in dict.fromkeys(raw) if v not in NAME_TO_ISO]
    if unknown or (known and known != set(ALL_COUNTRIES)):
        out[PARAM_COUNTRY] = [country_name(c, lang) for c in ALL_COUNTRIES if c in known] + unknown
    years, bad = parse_years(out.pop(PARAM_YEARS, []))
    if bad:
        out[PARAM_YEARS] = list(params[PARAM_YEARS])
    elif years != (YEAR_MIN, YEAR_MAX):
        out[PARAM_YEARS] = [str(years[0]), str(years[1])]
    return out


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
    times: dict[str, int] = {}
    for raw in values:
        key = by_label.get(raw)
        if key is None:
            notices.append(Notice(UNKNOWN_VALUE, param, clip(raw), allowed=tuple(allowed.values()), what=what))
            continue
        times[key] = times.get(key, 0) + 1
        if key not in chosen:
            chosen.append(key)
    notices += [Notice(REPEATED, param, clip(allowed[k]), what=what, count=n) for k, n in times.items() if n > 1]
    return tuple(chosen), notices
