"""Display names, colours and symbols shared by charts, maps, tables and exports.

Colours are the Okabe–Ito palette (safe for the common forms of colour blindness);
categories are told apart by lane and marker shape as well as colour, and a fact's
status by the marker's fill, so that nothing rests on colour alone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from components.data import i18n
from components.data.i18n import N_, _

if TYPE_CHECKING:
    from components.data.dataset import Dataset

CATEGORY_LABELS: dict[str, str] = {
    "summit": N_("Summit"),
    "foreign_ministers_meeting": N_("Foreign ministers' meeting"),
    "ministerial_meeting": N_("Sectoral ministerial meeting"),
    "forum": N_("Forum"),
    "institution": N_("Institution"),
    "agreement": N_("Agreement"),
    "project_milestone": N_("Project milestone"),
    "economy": N_("Economy and trade"),
    "designation": N_("Designation"),
}

# Okabe-Ito, plus grey for the ninth category.
CATEGORY_COLORS: dict[str, str] = {
    "summit": "#D55E00",
    "foreign_ministers_meeting": "#0072B2",
    "ministerial_meeting": "#56B4E9",
    "forum": "#CC79A7",
    "institution": "#009E73",
    "agreement": "#E69F00",
    "project_milestone": "#000000",
    "economy": "#F0E442",
    "designation": "#999999",
}

CATEGORY_SYMBOLS: dict[str, str] = {
    "summit": "star",
    "foreign_ministers_meeting": "circle",
    "ministerial_meeting": "square",
    "forum": "diamond",
    "institution": "triangle-up",
    "agreement": "pentagon",
    "project_milestone": "hexagon",
    "economy": "triangle-down",
    "designation": "hourglass",
}

STATUS_LABELS: dict[str, str] = {
    "confirmed": N_("Confirmed"),
    "single_source": N_("Single source"),
    "conflicting": N_("Sources disagree"),
    "planned": N_("Planned"),
    "unconfirmed": N_("Unconfirmed"),
}

STATUS_EXPLAINED: dict[str, str] = {
    "confirmed": N_("An official text, or two independent sources, agree."),
    "single_source": N_("Only one source was found; treat with care."),
    "conflicting": N_("Sources disagree; every value found is given in the note."),
    "planned": N_("Announced for the future; has not happened yet."),
    "unconfirmed": N_("No reliable source confirms it; shown only so that it is not mistaken for established."),
}

# Marker fill by status: solid = confirmed; the rest visibly different.
STATUS_SYMBOL_SUFFIX: dict[str, str] = {
    "confirmed": "",
    "single_source": "-dot",
    "conflicting": "-open-dot",
    "planned": "-open",
    "unconfirmed": "-open",
}

DIRECTION_ORDER: tuple[str, ...] = ("trade", "investment", "connectivity", "minerals", "agriculture", "people")

PROJECT_STATUS_LABELS: dict[str, str] = {
    "operating": N_("Operating"),
    "under_construction": N_("Under construction"),
    "planned": N_("Planned"),
    "stalled": N_("Stalled"),
}

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def plotted_day(value: object, precision: object = "day") -> str:
    """Where a dated row is drawn on a time axis: its day; for a row known only by its month or
    its year (stored as the 1st of the month, 1 January), the middle of that month or year, so
    that a year's trade total is not drawn, nor read, as if it were known on New Year's Day (and
    a search's 'newest first' puts a year-only row among that year's, not after its December)."""
    day = pd.Timestamp(value)  # type: ignore[arg-type]
    if precision == "year":
        return f"{day.year:04d}-07-01"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}-15"
    return day.strftime("%Y-%m-%d")


def format_date(value: object, precision: object = "day") -> str:
    """A date as people write it, honest about its precision: 17 June 2025 (English), in the
    current language otherwise (2025年6月17日, 17 июня 2025 г.)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return _("date unknown")
    ts = pd.Timestamp(value)  # type: ignore[arg-type]
    lang = i18n.current()
    if lang != i18n.DEFAULT_LANG:
        if precision == "year":
            return i18n.choose((f"{ts.year}", f"{ts.year}年", f"{ts.year} г."), lang)
        if precision == "month":
            return i18n.format_month(ts, lang)
        return i18n.format_date(ts, lang=lang)
    if precision == "year":
        return f"{ts.year}"
    if precision == "month":
        return f"{MONTHS[ts.month - 1]} {ts.year}"
    return f"{ts.day} {MONTHS[ts.month - 1]} {ts.year}"


def esc(text: object) -> str:
    """Escape data for plotly hover labels, which interpret a subset of HTML."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return html.escape(str(text), quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """Data made safe for Streamlit's Markdown: every Markdown character escaped, so a value
    such as ``![x](http://host/p.png)`` shows as those characters and loads nothing."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    # GitHub-flavoured Markdown turns bare addresses into links even when escaped: a
    # zero-width space before "://" and after "www" keeps them text, and they read the same.
    plain = re.sub(r"(?i)\bwww", lambda m: m.group(0) + "\u200b", str(text).replace("://", "\u200b://"))
    return _MD_SPECIAL.sub(r"\\\1", plain)


def wrap(text: str, width: int = 70) -> list[str]:
    """Break a text into lines of at most ``width`` characters at spaces."""
    words = str(text).split()
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines


# Presentation mode and the briefing deck step through these, in this order.
SLIDES: dict[str, str] = {
    "overview": N_("Overview"),
    "map": N_("Map"),
    "timeline": N_("Timeline"),
    "directions": N_("Priority directions"),
    "mechanisms": N_("Ministerial mechanisms"),
    "sources": N_("Sources"),
}


# --------------------------------------------------------------------------- in the current language
# The dicts above keep English (marked for the catalog); these give the words in the language of
# the view being made. Other modules read the dicts for codes and order, and these for words.


# An event's relation to the mechanism (events.csv ``scope``), in words.
SCOPE_NAMES: dict[str, str] = {"mechanism": N_("Mechanism"), "related": N_("Related")}


def scope_label(code: object) -> str:
    """An event's scope in the current language (``mechanism`` → Mechanism); "" for none."""
    return _(SCOPE_NAMES[str(code)]) if str(code) in SCOPE_NAMES else ("" if code is None else str(code))


def category_label(code: object) -> str:
    """An event category in words (``summit`` → Summit / 峰会 / Саммит); an unknown code as is."""
    return _(CATEGORY_LABELS[str(code)]) if str(code) in CATEGORY_LABELS else str(code)


def category_labels() -> dict[str, str]:
    """Every category, code → label, in the current language (canonical order)."""
    return i18n.translated(CATEGORY_LABELS)


def status_label(code: object) -> str:
    """A fact's status in words (``single_source`` → Single source); an unknown code as is."""
    return _(STATUS_LABELS[str(code)]) if str(code) in STATUS_LABELS else str(code)


def status_labels() -> dict[str, str]:
    return i18n.translated(STATUS_LABELS)


def status_explained(code: object) -> str:
    """What a status means, in a sentence."""
    return _(STATUS_EXPLAINED[str(code)]) if str(code) in STATUS_EXPLAINED else ""


def project_status_label(code: object) -> str:
    """A project's state in words (``under_construction`` → Under construction)."""
    return _(PROJECT_STATUS_LABELS[str(code)]) if str(code) in PROJECT_STATUS_LABELS else str(code)


def project_status_labels() -> dict[str, str]:
    return i18n.translated(PROJECT_STATUS_LABELS)


def slide_title(key: str) -> str:
    """A slide's title (``SLIDES``) in the current language."""
    return _(SLIDES[key]) if key in SLIDES else key


def slide_titles() -> dict[str, str]:
    return i18n.translated(SLIDES)


def day_text(day: date) -> str:
    """A day in prose: as written today in English (``2026-11-25``), in words otherwise
    (2026年11月25日, 25 ноября 2026 г.)."""
    if i18n.current() == i18n.DEFAULT_LANG:
        return day.isoformat()
    return i18n.format_date(day)


def latest_text(ds: Dataset) -> str:
    """The date of the latest sourced item (``Dataset.latest_item``) as its row dates it: what the
    data covers up to."""
    item = ds.latest_item
    return format_date(item.day, item.precision) if item else _("none")


def reviewed_text(ds: Dataset) -> str:
    """The day the data was last reviewed, in words (not its coverage)."""
    try:
        return format_date(date.fromisoformat(ds.reviewed))
    except ValueError:
        return ds.reviewed


def dates_line(ds: Dataset) -> str:
    """The data's two dates in one line, as every page, export and footer gives them (README,
    "Two dates"): the latest sourced item first, then the review day, so that no reader takes the
    review day for coverage."""
    return _("Latest sourced item {latest} · Data reviewed {reviewed}").format(
        latest=latest_text(ds), reviewed=reviewed_text(ds))


def css_colour(rgb: Sequence[int]) -> str:
    """A colour as CSS (``rgb(8,81,156)``), for a legend's swatch cell (built from numbers only)."""
    r, g, b = (max(0, min(255, int(c))) for c in rgb[:3])
    return f"rgb({r},{g},{b})"


def highlight(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` as safe Markdown with the ``spans`` (start, end) in bold: every piece escaped."""
    out, at = [], 0
    for a, b in spans:
        if a < at or b <= a:
            continue
        out.append(md(text[at:a]))
        out.append(f"**{md(text[a:b])}**")
        at = b
    out.append(md(text[at:]))
    return "".join(out)
