"""The pydeck map: six countries from data/geo, shaded by a measure; markers and routes.

No base-map tiles: ``map_provider=None`` means deck.gl draws only our layers and the
page makes no request to any map host. Tooltips use pydeck's ``text`` form, so data is
shown as text, never interpreted as HTML.
"""

from __future__ import annotations

import json
import math
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from components.charts import sources_text
from components.data import records
from components.filters import ALL_COUNTRIES, COUNTRY_NAMES, Filters
from components.labels import PROJECT_STATUS_LABELS, STATUS_LABELS, format_date

GEO_FILE = Path(__file__).resolve().parent.parent / "data" / "geo" / "countries.geojson"
BOUNDARY_NOTE = (
    "Boundaries from Natural Earth (public domain), drawn de facto; they are illustrative and imply "
    "no position on the legal status of any territory."
)

# pydeck reads a bare string as an accessor expression; a literal string must be quoted ("'pixels'").
MEASURES: dict[str, str] = {
    "hosted": "Events hosted in the selected years",
    "involved": "Events the country took part in, selected years",
    "trade": "Goods trade with China, latest selected year (USD bn, China customs)",
}

# Sequential blues (ColorBrewer Blues, colour-blind safe), light to dark.
SCALE: tuple[tuple[int, int, int], ...] = (
    (222, 235, 247),
    (158, 202, 225),
    (107, 174, 214),
    (49, 130, 189),
    (8, 81, 156),
)
NO_DATA = (235, 235, 235)
UNSELECTED = (245, 245, 245)
CHINA_COLOR = (253, 208, 162)
ROUTE_COLORS: dict[str, tuple[int, int, int]] = {
    "operating": (0, 114, 178),
    "under_construction": (213, 94, 0),
    "planned": (204, 121, 167),
    "stalled": (120, 120, 120),
}
INSTITUTION_COLOR = (0, 158, 115)
CAPITAL_COLOR = (40, 40, 40)
CITY_COLOR = (230, 159, 0)
MARKER_LEGEND: tuple[tuple[int, int, int], ...] = (
    (255, 255, 255),
    INSTITUTION_COLOR,
    CITY_COLOR,
    ROUTE_COLORS["operating"],
    ROUTE_COLORS["under_construction"],
    ROUTE_COLORS["stalled"],
)
MARKER_LABELS: tuple[str, ...] = (
    "Capital (white dot)",
    "Secretariat, centres, platform",
    "Meeting city (size = events)",
    "Project: operating",
    "Project: under construction",
    "Project: stalled",
)


_FROZEN: weakref.WeakKeyDictionary[pdk.Deck, str] = weakref.WeakKeyDictionary()


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation: pydeck pretty-prints, which makes the
    boundary layer travel as ~600 KB on every rerun instead of ~150 KB."""

    def freeze(self) -> CompactDeck:
        """Write the JSON once; later ``to_json`` calls return it (for a deck that no longer changes,
        such as one kept by ui.memo and drawn on every rerun)."""
        _FROZEN[self] = self._encode()
        return self

    def to_json(self) -> str:
        frozen = _FROZEN.get(self)
        return frozen if frozen is not None else self._encode()

    def _encode(self) -> str:
        # pydeck's own serialize() with indent=2 forces json's pure-Python encoder (~45 ms here);
        # without indent the C encoder writes the same JSON in a few ms.
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"), ensure_ascii=False)


@dataclass
class MapView:
    """What the page needs: the deck, the legend rows and the per-country values shown."""

    deck: pdk.Deck
    legend: list[tuple[str, tuple[int, int, int]]]
    values: dict[str, float | None]
    measure_label: str
    note: str


@lru_cache(maxsize=2)
def _load_geojson(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def load_boundaries(path: Path = GEO_FILE) -> dict[str, Any]:
    """The boundary FeatureCollection (cached read): fresh feature and properties dicts, free
    to change, around the shared geometries, which callers must only read."""
    geo = _load_geojson(str(path))
    return {
        **geo,
        "features": [
            {**feat, "properties": dict(feat.get("properties") or {})} for feat in geo.get("features", [])
        ],
    }


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
                last = rows.sort_values("year").iloc[-1]
                values[c] = float(last["value"])
        values["CHN"] = None  # the measure is trade *with* China
    return values


def _bins(vals: list[float], integer: bool) -> list[float]:
    """Upper edges of up to five equal classes from 0 to the largest value."""
    top = max(vals) if vals else 0
    if top <= 0:
        return [0.0]
    if integer:
        step = max(1, math.ceil(top / len(SCALE)))
        return [float(step * i) for i in range(1, len(SCALE) + 1) if step * (i - 1) < top]
    step = top / len(SCALE)
    return [step * i for i in range(1, len(SCALE) + 1)]


def _color_for(value: float | None, bins: list[float]) -> tuple[int, int, int]:
    if value is None:
        return NO_DATA
    if value <= 0:
        return SCALE[0]
    for i, edge in enumerate(bins):
        if value <= edge + 1e-9:
            return SCALE[i]
    return SCALE[len(bins) - 1]


def _fmt(value: float | None, measure: str) -> str:
    if value is None:
        return "no data" if measure != "trade" else "n/a (trade measured with China)"
    return f"USD {value:,.2f} bn" if measure == "trade" else f"{int(value)}"


def legend_rows(measure: str, values: Mapping[str, float | None]) -> list[tuple[str, tuple[int, int, int]]]:
    """(label, colour) for each class actually used, then no-data and not-selected."""
    vals = [v for v in values.values() if v is not None]
    integer = measure != "trade"
    bins = _bins(vals, integer)
    rows: list[tuple[str, tuple[int, int, int]]] = []
    lo = 0.0
    for i, edge in enumerate(bins):
        if edge <= 0:
            rows.append(("0", SCALE[0]))
        elif integer:
            first = 0 if i == 0 else int(lo) + 1
            rows.append((f"{first}–{int(edge)}" if first != int(edge) else f"{first}", SCALE[i]))
        else:
            rows.append((f"{lo:,.1f}–{edge:,.1f}", SCALE[i]))
        lo = edge
    rows.append(("No data / n.a.", NO_DATA))
    rows.append(("Not selected", UNSELECTED))
    return rows


def placed_events(events: pd.DataFrame) -> pd.DataFrame:
    """Events held at a place on the map: with coordinates, and not a video conference."""
    placed = events.dropna(subset=["lat", "lon"])
    return placed[placed["city"].fillna("") != "Video"]


def _measure_source(
    measure: str, iso: str, trade: pd.DataFrame, f: Filters, sources: Mapping[str, Mapping[str, Any]]
) -> str:
    """The source line of a country's figure in the tooltip."""
    if measure != "trade":
        return "Source: the events in the selection (each event's source is on the Timeline)"
    tot = trade[(trade["flow"] == "total") & (trade["partner"] == iso) & trade["year"].between(*f.years)]
    if tot.empty:
        return "Source: none (no China-customs figure for this country in these years)"
    last = tot.sort_values("year").iloc[-1]
    return f"Source: {sources_text(tuple(last['source_ids']), sources)} (China customs, {int(last['year'])})"


def _route_points(route: str) -> list[list[float]]:
    pts = []
    for part in str(route).split(";"):
        lat, lon = part.split()
        pts.append([float(lon), float(lat)])
    return pts


def build_map(
    measure: str,
    f: Filters,
    events: pd.DataFrame,
    trade: pd.DataFrame,
    countries: pd.DataFrame,
    institutions: pd.DataFrame,
    projects: pd.DataFrame,
    sources: Mapping[str, Mapping[str, Any]],
    geo_path: Path = GEO_FILE,
) -> MapView:
    """The deck for the current filters. ``events`` must already be filtered."""
    measure = measure if measure in MEASURES else "hosted"
    values = measure_values(measure, events, trade, f)
    selected = set(f.countries)
    bins = _bins([v for c, v in values.items() if v is not None and c in selected], measure != "trade")
    geo = load_boundaries(geo_path)
    for feat in geo["features"]:
        iso = feat["properties"].get("iso3")
        v = values.get(iso)
        is_sel = iso in selected
        color = _color_for(v, bins) if is_sel else UNSELECTED
        if measure == "trade" and iso == "CHN" and is_sel:
            color = CHINA_COLOR
        feat["properties"]["fill"] = [*color, 235 if is_sel else 140]
        feat["properties"]["line"] = [40, 40, 40, 255] if is_sel else [160, 160, 160, 200]
        feat["properties"]["width"] = 2 if is_sel else 1
        name = COUNTRY_NAMES.get(iso, iso)
        feat["properties"]["tooltip"] = (
            f"{name}\n{MEASURES[measure]}: {_fmt(v, measure)}\n{_measure_source(measure, iso, trade, f, sources)}"
            + ("" if is_sel else "\n(not in the selection)")
        )
    layers: list[pdk.Layer] = [
        pdk.Layer(
            "GeoJsonLayer",
            geo,
            id="countries",
            pickable=True,
            stroked=True,
            filled=True,
            get_fill_color="properties.fill",
            get_line_color="properties.line",
            get_line_width="properties.width",
            line_width_units="'pixels'",
        )
    ]
    # Connectivity projects: routes through sourced waypoints; one-point projects as markers.
    routes: list[dict[str, Any]] = []
    sites: list[dict[str, Any]] = []
    for r in records(projects) if not projects.empty else []:
        if not (set(r["countries"]) & selected):
            continue
        item = {
            "path": _route_points(r["route"]),
            "color": [*ROUTE_COLORS.get(r["status"], (90, 90, 90)), 230],
            "tooltip": f"{r['name']}\n{PROJECT_STATUS_LABELS.get(r['status'], r['status'])}"
            f"\nFacts: {STATUS_LABELS.get(r['data_status'], r['data_status'])}"
            f"\nSource: {sources_text(tuple(r['source_ids']), sources)}",
        }
        if len(item["path"]) > 1:
            item["tooltip"] += "\n(route schematic)"
            routes.append(item)
        else:
            item["position"] = item["path"][0]
            sites.append(item)
    # Meeting cities: events in the selection with a place, counted by city.
    cities: list[dict[str, Any]] = []
    if not events.empty:
        for (city, lat, lon), grp in placed_events(events).groupby(["city", "lat", "lon"], sort=True):
            titles = [
                f"{format_date(d, p)}: {t}"
                for d, p, t in zip(grp["date"], grp["date_precision"], grp["title"], strict=True)
            ]
            cities.append(
                {
                    "position": [float(lon), float(lat)],
                    "count": len(grp),
                    "radius": 6 + 3 * min(len(grp), 6),
                    "tooltip": f"{city}: {len(grp)} event(s)\n"
                    + "\n".join(titles[:8])
                    + ("\n…" if len(titles) > 8 else "")
                    + "\nSource: "
                    + sources_text(tuple(dict.fromkeys(i for ids in grp["source_ids"] for i in ids)), sources)[:300],
                }
            )
    if cities:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                cities,
                id="cities",
                pickable=True,
                get_position="position",
                get_radius="radius",
                radius_units="'pixels'",
                get_fill_color=[*CITY_COLOR, 200],
                get_line_color=[80, 50, 0, 255],
                line_width_min_pixels=1,
                stroked=True,
            )
        )
    # Capitals.
    caps = []
    for r in records(countries) if not countries.empty else []:
        caps.append(
            {
                "position": [float(r["capital_lon"]), float(r["capital_lat"])],
                "name": r["capital"],
                "tooltip": f"{r['capital']}, capital of {r['name']}\nHead of state: {r['head_of_state']}"
                f"\nSource: {sources_text(tuple(r['source_ids']), sources)}",
            }
        )
    if caps:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                caps,
                id="capitals",
                pickable=True,
                get_position="position",
                get_radius=5,
                radius_units="'pixels'",
                get_fill_color=[255, 255, 255, 255],
                get_line_color=[*CAPITAL_COLOR, 255],
                line_width_min_pixels=2,
                stroked=True,
            )
        )
        layers.append(
            pdk.Layer(
                "TextLayer",
                caps,
                id="capital-labels",
                get_position="position",
                get_text="name",
                get_size=13,
                get_color=[*CAPITAL_COLOR, 255],
                get_pixel_offset=[0, -14],
                font_family="'DejaVu Sans, Arial, sans-serif'",
                character_set="'auto'",
            )
        )
    # Institutions.
    inst = []
    for r in records(institutions) if not institutions.empty else []:
        if r.get("lat") is None or pd.isna(r.get("lat")):
            continue
        inst.append(
            {
                "position": [float(r["lon"]), float(r["lat"])],
                "tooltip": f"{r['name']}\n{r['city'] or ''}, opened {format_date(r['opened'], r['opened_precision'])}"
                f"\nStatus: {STATUS_LABELS.get(r['status'], r['status'])}"
                + (f"\nNote: {r['status_note']}" if r.get("status_note") else "")
                + f"\nSource: {sources_text(tuple(r['source_ids']), sources)}",
            }
        )
    if inst:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                inst,
                id="institutions",
                pickable=True,
                get_position="position",
                get_radius=7,
                radius_units="'pixels'",
                get_fill_color=[*INSTITUTION_COLOR, 255],
                get_line_color=[255, 255, 255, 255],
                line_width_min_pixels=2,
                stroked=True,
            )
        )
    if routes:
        layers.append(
            pdk.Layer(
                "PathLayer",
                routes,
                id="projects",
                pickable=True,
                get_path="path",
                get_color="color",
                width_units="'pixels'",
                get_width=5,
                cap_rounded=True,
                joint_rounded=True,
            )
        )
    if sites:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                sites,
                id="project-sites",
                pickable=True,
                get_position="position",
                get_radius=6,
                radius_units="'pixels'",
                get_fill_color="color",
                get_line_color=[255, 255, 255, 255],
                line_width_min_pixels=2,
                stroked=True,
            )
        )
    deck = CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(latitude=38.5, longitude=89.0, zoom=2.35, min_zoom=1.5, max_zoom=8),
        map_provider=None,
        tooltip={"text": "{tooltip}"},
    )
    return MapView(
        deck,
        legend_rows(measure, {c: v for c, v in values.items() if c in selected}),
        values,
        MEASURES[measure],
        BOUNDARY_NOTE,
    )
