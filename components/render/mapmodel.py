"""What the map shows for a view, drawn by both renderers: the interactive pydeck map
(``maps.py``) and the static picture for PNGs and the deck (``staticmap.py``).

Values per country for the chosen measure, their colour classes and legend, and the markers
(capitals, institutions, meeting cities, one-point projects) and routes on top, each with its
tooltip and the sources behind it. A change to what the map shows is a change here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from components import PROJECT_ROOT
from components.data import i18n
from components.data.dataset import records
from components.data.datatext import VIDEO, english_column
from components.data.filters import ALL_COUNTRIES, Filters, country_name
from components.data.i18n import N_, _, ngettext
from components.data.labels import PROJECT_STATUS_LABELS
from components.data.selection import filter_by_countries
from components.data.sourcing import sources_text
from components.render.tables import number, shown_date, status_label, usd_bn

RGB = tuple[int, int, int]

GEO_FILE = PROJECT_ROOT / "data" / "geo" / "countries.geojson"
# Marked with N_: translated with _() where shown (MapModel.note and measure_label already are).
BOUNDARY_NOTE = N_(
    "Boundaries from Natural Earth (public domain), drawn de facto; they are illustrative and imply "
    "no position on the legal status of any territory."
)
ROUTE_NOTE = N_("Project routes are schematic lines through sourced waypoints.")
SINGLE_POINT_NOTE = N_("a project with a single sourced point is shown as a dot.")
CITY_TIP_EVENTS = 6  # a city's tooltip lists its latest six events, under a count of the earlier ones

MEASURES: dict[str, str] = {
    "hosted": N_("Events hosted in the selected years"),
    "involved": N_("Events the country took part in, selected years"),
    "trade": N_("Goods trade with China, latest selected year (USD bn, China customs)"),
}
DEFAULT_MEASURE = "hosted"

# Sequential blues (ColorBrewer Blues, colour-blind safe), light to dark.
SCALE: tuple[RGB, ...] = ((222, 235, 247), (158, 202, 225), (107, 174, 214), (49, 130, 189), (8, 81, 156))
NO_DATA: RGB = (235, 235, 235)
UNSELECTED: RGB = (245, 245, 245)
CHINA_COLOR: RGB = (253, 208, 162)
ROUTE_COLORS: dict[str, RGB] = {
    "operating": (0, 114, 178),
    "under_construction": (213, 94, 0),
    "planned": (204, 121, 167),
    "stalled": (120, 120, 120),
}
OTHER_ROUTE: RGB = (90, 90, 90)
INSTITUTION_COLOR: RGB = (0, 158, 115)
CAPITAL_COLOR: RGB = (40, 40, 40)
CITY_COLOR: RGB = (230, 159, 0)
DRAFT_COLOR: RGB = (204, 0, 153)  # the curator's unsaved row; no data colour uses magenta
MARKER_LEGEND: tuple[tuple[str, RGB], ...] = (
    (N_("Capital (white dot)"), (255, 255, 255)),
    (N_("Secretariat, centres, platform"), INSTITUTION_COLOR),
    (N_("Meeting city (size = events)"), CITY_COLOR),
    (N_("Project: operating"), ROUTE_COLORS["operating"]),
    (N_("Project: under construction"), ROUTE_COLORS["under_construction"]),
    (N_("Project: stalled"), ROUTE_COLORS["stalled"]),
)


def marker_legend() -> tuple[tuple[str, RGB], ...]:
    """:data:`MARKER_LEGEND` in the current language."""
    return tuple((_(label), rgb) for label, rgb in MARKER_LEGEND)


def project_status(status: str) -> str:
    """A project's state (operating, under construction, …) in the current language."""
    return _(PROJECT_STATUS_LABELS[status]) if status in PROJECT_STATUS_LABELS else status


@dataclass(frozen=True)
class Shade:
    """One country as the map fills it."""

    iso3: str
    name: str
    value: float | None
    fill: RGB
    selected: bool
    tooltip: str


@dataclass(frozen=True)
class Point:
    """A marker: capital, institution, meeting city or one-point project."""

    lon: float
    lat: float
    label: str
    tooltip: str
    count: int = 1  # events at a meeting city
    color: RGB = CITY_COLOR


@dataclass(frozen=True)
class Route:
    """A project drawn as a line through its sourced waypoints."""

    name: str
    status: str
    path: tuple[tuple[float, float], ...]
    color: RGB
    tooltip: str


@dataclass(frozen=True)
class MapModel:
    measure: str
    measure_label: str
    values: dict[str, float | None]
    shades: tuple[Shade, ...]
    legend: tuple[tuple[str, RGB], ...]
    capitals: tuple[Point, ...]
    institutions: tuple[Point, ...]
    cities: tuple[Point, ...]
    routes: tuple[Route, ...]
    sites: tuple[Route, ...]  # projects with a single point
    source_ids: tuple[str, ...] = field(default=())
    note: str = BOUNDARY_NOTE
    drafts: tuple[Point, ...] = ()  # rows a curator has not saved: ringed and labelled (the workspace's preview)

    @property
    def selected(self) -> frozenset[str]:
        return frozenset(s.iso3 for s in self.shades if s.selected)

    def fill(self, iso3: str) -> RGB:
        return next((s.fill for s in self.shades if s.iso3 == iso3), NO_DATA)


def measure_values(measure: str, events: pd.DataFrame, trade: pd.DataFrame, f: Filters) -> dict[str, float | None]:
    """Per-country value of the chosen measure, for the selected years (events already filtered)."""
    values: dict[str, float | None] = {c: None for c in ALL_COUNTRIES}
    if measure == "hosted":
        counts = events["host_country"].value_counts() if not events.empty else pd.Series(dtype=int)
        values = {c: float(counts.get(c, 0)) for c in ALL_COUNTRIES}
    elif measure == "involved":
        values = {
            c: float(sum(c in cs for cs in events["countries"])) if not events.empty else 0.0 for c in ALL_COUNTRIES
        }
    elif measure == "trade":
        tot = trade[(trade["flow"] == "total") & trade["year"].between(*f.years)] if not trade.empty else trade
        for c in ALL_COUNTRIES:
            rows = tot[tot["partner"] == c] if not tot.empty else tot
            if not rows.empty:
                values[c] = float(rows.sort_values("year").iloc[-1]["value"])
        values["CHN"] = None  # the measure is trade *with* China
    return values


def bins(vals: list[float], integer: bool) -> list[float]:
    """Upper edges of up to five equal classes from 0 to the largest value."""
    top = max(vals) if vals else 0
    if top <= 0:
        return [0.0]
    if integer:
        step = max(1, math.ceil(top / len(SCALE)))
        return [float(step * i) for i in range(1, len(SCALE) + 1) if step * (i - 1) < top]
    width = top / len(SCALE)
    return [width * i for i in range(1, len(SCALE) + 1)]


def color_for(value: float | None, edges: list[float]) -> RGB:
    if value is None:
        return NO_DATA
    if value <= 0:
        return SCALE[0]
    for i, edge in enumerate(edges):
        if value <= edge + 1e-9:
            return SCALE[i]
    return SCALE[len(edges) - 1]


def format_value(value: float | None, measure: str) -> str:
    if value is None:
        return _("no data") if measure != "trade" else _("n/a (trade measured with China)")
    return usd_bn(value, 2) if measure == "trade" else f"{int(value)}"


def legend_rows(measure: str, values: Mapping[str, float | None]) -> list[tuple[str, RGB]]:
    """(label, colour) for each class actually used, then no-data and not-selected."""
    integer = measure != "trade"
    edges = bins([v for v in values.values() if v is not None], integer)
    rows: list[tuple[str, RGB]] = []
    lo = 0.0
    for i, edge in enumerate(edges):
        if edge <= 0:
            rows.append(("0", SCALE[0]))
        elif integer:
            first = 0 if i == 0 else int(lo) + 1
            rows.append((f"{first}–{int(edge)}" if first != int(edge) else f"{first}", SCALE[i]))
        else:
            k = i18n.usd_bn_scale()  # in the unit the legend's title names (亿美元 in Chinese)
            rows.append((f"{number(lo * k, 0 if k > 1 else 1)}–{number(edge * k, 0 if k > 1 else 1)}", SCALE[i]))
        lo = edge
    rows.append((_("No data / n.a."), NO_DATA))
    rows.append((_("Not selected"), UNSELECTED))
    return rows


def placed_events(events: pd.DataFrame) -> pd.DataFrame:
    """Events held at a place on the map: with coordinates, and not a video conference."""
    placed = events.dropna(subset=["lat", "lon"])
    return placed[english_column(placed, "city").fillna("") != VIDEO]


def route_points(route: str) -> list[tuple[float, float]]:
    """``'lat lon;lat lon'`` -> [(lon, lat), …]."""
    pts = []
    for part in str(route).split(";"):
        lat, lon = part.split()
        pts.append((float(lon), float(lat)))
    return pts


def _measure_source(measure: str, iso: str, trade: pd.DataFrame, f: Filters, src: Mapping[str, Any]) -> str:
    if measure != "trade":
        return _("Source: the events in the selection (each event's source is on the Timeline)")
    tot = trade[(trade["flow"] == "total") & (trade["partner"] == iso) & trade["year"].between(*f.years)]
    if tot.empty:
        return _("Source: none (no China-customs figure for this country in these years)")
    last = tot.sort_values("year").iloc[-1]
    return _("Source: {sources} (China customs, {year})").format(
        sources=sources_text(tuple(last["source_ids"]), src), year=int(last["year"])
    )


def _ids(*frames: pd.DataFrame) -> tuple[str, ...]:
    return tuple(i for fr in frames if not fr.empty and "source_ids" in fr.columns for c in fr["source_ids"] for i in c)


def build_model(
    measure: str,
    f: Filters,
    events: pd.DataFrame,
    trade: pd.DataFrame,
    countries: pd.DataFrame,
    institutions: pd.DataFrame,
    projects: pd.DataFrame,
    src: Mapping[str, Mapping[str, Any]],
) -> MapModel:
    """The map for the filters. ``events`` must already be filtered."""
    measure = measure if measure in MEASURES else DEFAULT_MEASURE
    values = measure_values(measure, events, trade, f)
    selected = set(f.countries)
    edges = bins([v for c, v in values.items() if v is not None and c in selected], measure != "trade")
    shades = []
    for iso in ALL_COUNTRIES:
        v, is_sel = values.get(iso), iso in selected
        fill = color_for(v, edges) if is_sel else UNSELECTED
        if measure == "trade" and iso == "CHN" and is_sel:
            fill = CHINA_COLOR
        value_line = _("{measure}: {value}").format(measure=_(MEASURES[measure]), value=format_value(v, measure))
        tip = f"{country_name(iso)}\n{value_line}\n"
        tip += _measure_source(measure, iso, trade, f, src) + ("" if is_sel else "\n" + _("(not in the selection)"))
        shades.append(Shade(iso, country_name(iso), v, fill, is_sel, tip))
    legend = legend_rows(measure, {c: v for c, v in values.items() if c in selected})
    if measure == "trade" and "CHN" in selected:
        legend.insert(len(legend) - 2, (_("China (the partner)"), CHINA_COLOR))

    shown_projects = filter_by_countries(projects, f)
    routes, sites = [], []
    for r in records(shown_projects):
        status = str(r["status"])
        tip = "\n".join((
            str(r["name"]),
            project_status(status),
            _("Reliability of the facts: {status}").format(status=status_label(r["data_status"])),
            _("Source: {sources}").format(sources=sources_text(tuple(r["source_ids"]), src)),
        ))
        path = tuple(route_points(r["route"]))
        item = Route(str(r["name"]), status, path, ROUTE_COLORS.get(status, OTHER_ROUTE), tip)
        if len(path) > 1:
            routes.append(Route(item.name, status, path, item.color, tip + "\n" + _("(route schematic)")))
        else:
            sites.append(item)

    cities = []
    placed = placed_events(events) if not events.empty else events
    for (city, lat, lon), grp in placed.groupby(["city", "lat", "lon"], sort=True) if not placed.empty else []:
        titles = [
            _("{date}: {title}").format(date=shown_date(d, p), title=t)
            for d, p, t in zip(grp["date"], grp["date_precision"], grp["title"], strict=True)
        ]
        ids = tuple(dict.fromkeys(i for cell in reversed(list(grp["source_ids"])) for i in cell))  # latest first
        head = ngettext("{city}: {n} event", "{city}: {n} events", len(grp)).format(city=city, n=len(grp))
        earlier = len(titles) - CITY_TIP_EVENTS  # the latest first seen: a briefing asks what is new
        lines = ([ngettext("… {n} earlier event", "… {n} earlier events", earlier).format(n=earlier)]
                 if earlier > 0 else []) + titles[-CITY_TIP_EVENTS:]
        tip = head + "\n" + "\n".join(lines)
        tip += "\n" + _("Source: {sources}").format(sources=sources_text(ids, src, limit=200))
        cities.append(Point(float(str(lon)), float(str(lat)), str(city), tip, count=len(grp)))

    capitals = tuple(
        Point(
            float(r["capital_lon"]),
            float(r["capital_lat"]),
            str(r["capital"]),
            "\n".join((
                _("{capital}, capital of {country}").format(capital=r["capital"], country=country_name(r["iso3"])),
                _("Head of state: {name}").format(name=r["head_of_state"]),
                _("Source: {sources}").format(sources=sources_text(tuple(r["source_ids"]), src)),
            )),
            color=CAPITAL_COLOR,
        )
        for r in records(countries)
    )
    insts = []
    for r in records(institutions):
        if r.get("lat") is None or pd.isna(r.get("lat")):
            continue
        opened = shown_date(r["opened"], r["opened_precision"])
        tip = (
            f"{r['name']}\n" + _("{city}, opened {date}").format(city=r["city"] or "", date=opened)
            + "\n" + _("Status: {status}").format(status=status_label(r["status"]))
            + ("\n" + _("Note: {note}").format(note=r["status_note"]) if r.get("status_note") else "")
            + "\n" + _("Source: {sources}").format(sources=sources_text(tuple(r["source_ids"]), src))
        )
        insts.append(Point(float(r["lon"]), float(r["lat"]), str(r["name"]), tip, color=INSTITUTION_COLOR))
    return MapModel(
        measure=measure,
        measure_label=_(MEASURES[measure]),
        values=values,
        shades=tuple(shades),
        legend=tuple(legend),
        capitals=capitals,
        institutions=tuple(insts),
        cities=tuple(cities),
        routes=tuple(routes),
        sites=tuple(sites),
        source_ids=_ids(events, countries, institutions, shown_projects),
        note=_(BOUNDARY_NOTE),
    )
