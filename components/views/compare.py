"""The Compare page's view: two to six countries side by side over the filtered years: meetings
hosted and attended, mechanisms met in, commitments, projects, key dates, trade with China (one
chart, one scale)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from components.data import i18n
from components.data.dataset import Dataset, records
from components.data.datatext import EN_SUFFIX, VIDEO
from components.data.filters import COUNTRY_NAMES, Filters, country_name
from components.data.i18n import N_, _
from components.data.labels import format_date
from components.data.selection import filter_events
from components.data.sourcing import ids_in
from components.render import charts
from components.views import panels
from components.views.base import Chart, years_text

# The rows of the table (English, marked): shown in the language of the view.
MEASURES = (
    N_("Events taken part in"),
    N_("Meetings attended"),
    N_("Meetings hosted"),
    N_("Mechanisms met in"),
    N_("Commitments naming it"),
    N_("Connectivity projects"),
    N_("First meeting"),
    N_("Latest meeting"),
    N_("Trade with China (latest year)"),
)


@dataclass(frozen=True)
class CompareView:
    countries: tuple[str, ...]
    table: pd.DataFrame  # one row per measure, one column per country
    rows: pd.DataFrame  # the download: one row per country
    trade_figure: go.Figure | None
    chart: Chart | None
    source_ids: tuple[str, ...]
    note: str
    trade_gaps: str = ""  # the years the chart shows for some countries but the data lacks for others


def _meeting_text(r: Mapping[str, Any]) -> str:
    """17 June 2025 (Astana); a meeting by video says so inside the line: (video conference) in
    Russian lower case, not (Видеоконференция)."""
    city = str(r.get("city") or "")
    if str(r.get("city" + EN_SUFFIX, city)) == VIDEO:
        city = i18n.midline(city)
    day = format_date(r["date"], r["date_precision"])
    if city.endswith(("）", ")")):  # Nur-Sultan (now Astana): no brackets inside brackets
        return _("{date}, {city}").format(date=day, city=city)
    return _("{date} ({city})").format(date=day, city=city)


def _column(ds: Dataset, f: Filters, iso: str) -> tuple[list[str], list[str]]:
    """(values in MEASURES order, source ids) for one country."""
    ev = filter_events(ds["events"], replace(f, countries=(iso,)))
    done = ev[ev["status"] != "planned"] if not ev.empty else ev
    meetings = done[done["category"].isin(panels.MEETING_CATEGORIES)] if not done.empty else done
    hosted = meetings[meetings["host_country"] == iso] if not meetings.empty else meetings
    mechs = sorted(set(meetings["mechanism_id"].dropna())) if not meetings.empty else []
    com = ds["commitments"]
    dates = dict(zip(ds["events"]["id"], ds["events"]["date"], strict=True))
    com = com[com["countries"].map(lambda cs: iso in cs) & com["event_id"].map(
        lambda e: e in dates and f.years[0] <= dates[e].year <= f.years[1])] if not com.empty else com
    projects = ds["projects"]
    projects = projects[projects["countries"].map(lambda cs: iso in cs)] if not projects.empty else projects
    first = latest = "—"
    if not meetings.empty:
        ordered = meetings.sort_values("date")
        a, b = records(ordered.head(1))[0], records(ordered.tail(1))[0]
        first, latest = _meeting_text(a), _meeting_text(b)
    tr = ds["trade"]
    tr = tr[(tr["partner"] == iso) & (tr["flow"] == "total") & tr["year"].between(*f.years)] if not tr.empty else tr
    trade = _("n/a (China)") if iso == "CHN" else "—"
    if not tr.empty:
        last = tr.sort_values("year").iloc[-1]
        # the amount as the Overview writes it (USD 48.6 bn / 486亿美元 / 48,6 млрд долл. США): one unit everywhere
        year = int(last["year"])
        when = i18n.choose((f"{year}", f"{year}年", f"{year}"))
        trade = i18n.format_usd(float(last["value"]) * 1e9) + i18n.aside(when)
    values = [str(len(done)), str(len(meetings)), str(len(hosted)), str(len(mechs)), str(len(com)),
              str(len(projects)), first, latest, trade]
    return values, ids_in(done) + ids_in(com) + ids_in(projects) + ids_in(tr)


CENTRAL_ASIA = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
PARAM_COMPARE = "compare"


def default_countries(f: Filters) -> tuple[str, ...]:
    """What the page compares before a reader chooses: the Central Asian countries in the filter
    (all selected countries when none is Central Asian)."""
    return tuple(c for c in CENTRAL_ASIA if c in f.countries) or tuple(f.countries)


def compare_query(countries: tuple[str, ...]) -> dict[str, list[str]]:
    """The page's own URL parameter for these countries (``compare=Kazakhstan&compare=…``), in
    the order the page shows them; names in the current language, as the page's choice shows them)."""
    return {PARAM_COMPARE: [country_name(c) for c in COUNTRY_NAMES if c in countries]}


def compare_view(ds: Dataset, f: Filters, chosen: tuple[str, ...]) -> CompareView:
    countries = tuple(c for c in COUNTRY_NAMES if c in chosen)
    columns: dict[str, list[str]] = {}
    ids: list[str] = []
    for iso in countries:
        values, cited = _column(ds, f, iso)
        columns[country_name(iso)] = values
        ids += cited
    measure = _("Measure")
    table = pd.DataFrame({measure: [_(m) for m in MEASURES], **columns})
    rows = table.set_index(measure).T.rename_axis(_("Country")).reset_index()
    tr = ds["trade"]
    partners = [c for c in countries if c != "CHN"]
    tr = tr[tr["partner"].isin(partners) & tr["year"].between(*f.years)] if not tr.empty else tr
    fig = charts.build_trade_chart(tr) if not tr.empty else None
    title = _("Goods trade with China, {countries}, {years} (USD bn)").format(
        countries=i18n.list_text([country_name(c) for c in partners]), years=years_text(f)
    )
    chart = Chart(title, tuple(ids_in(tr)), figure=fig) if fig is not None else None
    note = _(
        "Counts are of events in the selected years that the country took part in (planned ones left out); "
        "meetings are summits, foreign ministers' and sectoral ministerial meetings. Trade is China's customs "
        "figure with each country, all on one scale."
    )
    return CompareView(countries, table, rows, fig, chart, tuple(ids), note, _gaps(tr, partners))


def _gaps(trade: pd.DataFrame, partners: list[str]) -> str:
    """'No China-customs figure in the data for: Kyrgyzstan 2022, …' for bars the chart lacks."""
    totals = trade[trade["flow"] == "total"] if not trade.empty else trade
    have = {(str(p), int(y)) for p, y in zip(totals["partner"], totals["year"], strict=True)}
    years = sorted({y for _p, y in have})
    missing = [f"{country_name(c)} {y}" for c in partners for y in years if (c, y) not in have]
    if not missing:
        return ""
    return _("No China-customs figure in the data for: {missing}.").format(missing=i18n.list_text(missing))
