"""The map as a static plotly figure, for PNGs and the deck: the same :class:`MapModel` as the
interactive map, drawn with cartesian traces only (plotly's geographic traces fetch a base map
from a CDN and render blank offline). Lon/lat are drawn equirectangular with true shape at
40°N (``scaleanchor``), axes hidden.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from components.data import i18n
from components.data.i18n import _
from components.data.labels import esc
from components.render.charts import TEMPLATE, font
from components.render.mapmodel import (
    CAPITAL_COLOR,
    CITY_COLOR,
    GEO_FILE,
    INSTITUTION_COLOR,
    NO_DATA,
    ROUTE_NOTE,
    MapModel,
    project_status,
)
from components.render.maps import load_boundaries
from components.render.tables import wrap_text as wrap

MAP_LAT0 = 40.0  # standard parallel of the equirectangular projection: true shape around Central Asia
MAP_RANGE_X = (45.0, 136.0)
MAP_RANGE_Y = (17.5, 56.5)
_HALO = "0 0 3px white, 0 0 3px white, 0 0 2px white"  # keeps labels legible on dark fills


def _rgb(color: Sequence[int], alpha: float = 1.0) -> str:
    r, g, b = (int(c) for c in color[:3])
    return f"rgba({r},{g},{b},{alpha:.2f})"


def _rings(geometry: Mapping[str, Any]) -> list[list[list[float]]]:
    """Outer rings and holes of a Polygon/MultiPolygon, as lists of [lon, lat]."""
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    return [ring for polygon in polygons for ring in polygon]


def _path(rings: Sequence[Sequence[Sequence[float]]]) -> tuple[list[float | None], list[float | None]]:
    """One x/y path for a fill trace: rings separated by gaps. The outer ring and its holes wind
    in opposite directions (RFC 7946), so the browser's non-zero fill leaves the holes empty."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in rings:
        if xs:
            xs.append(None)
            ys.append(None)
        xs += [float(p[0]) for p in ring]
        ys += [float(p[1]) for p in ring]
    return xs, ys


@lru_cache(maxsize=2)
def _country_paths(geo_path: str) -> tuple[tuple[str, tuple[float | None, ...], tuple[float | None, ...]], ...]:
    """(iso3, xs, ys) per country of the boundary file, read once."""
    out = []
    for feat in load_boundaries(Path(geo_path)).get("features", []):
        xs, ys = _path(_rings(feat.get("geometry") or {}))
        if xs:
            out.append((str(feat.get("properties", {}).get("iso3")), tuple(xs), tuple(ys)))
    return tuple(out)


def _legend_title(text: str) -> str:
    return "<br>".join(esc(x) for x in wrap(text, 30))


def _markers() -> dict[str, str]:
    """The legend group of the markers, titled in the current language."""
    return {"legendgroup": "markers", "legendgrouptitle_text": _("Markers")}


def _marker_trace(name: str, rank: int, xs: list[float], ys: list[float], marker: dict[str, Any], **kw: Any) -> Any:
    return go.Scatter(
        x=xs,
        y=ys,
        mode=kw.pop("mode", "markers"),
        name=name,
        legendrank=rank,
        marker=marker,
        hoverinfo="skip",
        **_markers(),
        **kw,
    )


def draw(model: MapModel, geo_path: Path = GEO_FILE) -> go.Figure:
    """The static map of ``model``: countries shaded exactly as on the interactive map, then
    project routes, meeting cities, institutions and labelled capitals."""
    selected = model.selected
    fig = go.Figure(layout={"template": TEMPLATE})
    for iso, xs, ys in _country_paths(str(geo_path)):
        is_sel = iso in selected
        shade = next((s for s in model.shades if s.iso3 == iso), None)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                name=shade.name if shade else iso,
                showlegend=False,
                fillcolor=_rgb(shade.fill if shade else NO_DATA, 0.92 if is_sel else 0.55),
                line=dict(color="#282828" if is_sel else "#a0a0a0", width=1.4 if is_sel else 0.8),
                hoverinfo="skip",
            )
        )
    title = _legend_title(model.measure_label)
    for label, color in model.legend:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=esc(label),
                legendgroup="measure",
                legendgrouptitle_text=title,
                legendrank=100 + len(fig.data),
                marker=dict(symbol="square", size=15, color=_rgb(color), line=dict(color="#555555", width=1)),
                hoverinfo="skip",
            )
        )
    shown_status: list[str] = []
    for r in (*model.routes, *model.sites):
        first = r.status not in shown_status
        if first:
            shown_status.append(r.status)
        common = dict(
            name=_("Project: {status}").format(status=project_status(r.status).lower()),
            showlegend=first,
            hoverinfo="skip",
            legendrank=310 + len(shown_status),
            **_markers(),
        )
        px, py = [p[0] for p in r.path], [p[1] for p in r.path]
        if len(r.path) > 1:
            fig.add_trace(go.Scatter(x=px, y=py, mode="lines", line=dict(color=_rgb(r.color), width=4), **common))
        else:
            marker = dict(size=11, color=_rgb(r.color), line=dict(color="white", width=2))
            fig.add_trace(go.Scatter(x=px, y=py, mode="markers", marker=marker, **common))
    if model.cities:
        sizes = [10 + 4 * min(p.count, 6) for p in model.cities]
        marker = dict(size=sizes, color=_rgb(CITY_COLOR, 0.9), line=dict(color="rgb(80,50,0)", width=1))
        lons, lats = [p.lon for p in model.cities], [p.lat for p in model.cities]
        fig.add_trace(_marker_trace(_("Meeting city (size = events)"), 303, lons, lats, marker))
    if model.institutions:
        marker = dict(size=12, color=_rgb(INSTITUTION_COLOR), symbol="diamond", line=dict(color="white", width=1.5))
        lons, lats = [p.lon for p in model.institutions], [p.lat for p in model.institutions]
        fig.add_trace(_marker_trace(_("Secretariat, centres, platform"), 302, lons, lats, marker))
    if model.capitals:
        marker = dict(size=10, color="white", line=dict(color=_rgb(CAPITAL_COLOR), width=2))
        lons, lats = [p.lon for p in model.capitals], [p.lat for p in model.capitals]
        fig.add_trace(
            _marker_trace(
                _("Capital"),
                301,
                lons,
                lats,
                marker,
                mode="markers+text",
                text=[esc(p.label) for p in model.capitals],
                textposition="top center",
                textfont=dict(size=13, color=_rgb(CAPITAL_COLOR), shadow=_HALO),
            )
        )
    # two sentences: Chinese sets them without a space between
    notes = ("" if i18n.current() == "zh" else " ").join((model.note, _(ROUTE_NOTE)))
    note = "<br>".join(esc(x) for x in wrap(notes, 95))
    corner = dict(xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="bottom", align="left")
    small = dict(size=11, color="#555555")
    fig.add_annotation(text=note, showarrow=False, font=small, bgcolor="rgba(255,255,255,0.8)", **corner)
    fig.update_layout(
        font=font(),
        plot_bgcolor="white",
        paper_bgcolor="white",
        margin=dict(l=10, r=10, t=10, b=10),
        legend=dict(
            orientation="v",
            x=1.01,
            xanchor="left",
            y=1,
            yanchor="top",
            tracegroupgap=12,
            itemsizing="constant",
            font=dict(size=13, color="#222222"),
        ),
        xaxis=dict(range=list(MAP_RANGE_X), visible=False, showgrid=False, zeroline=False, fixedrange=True),
        yaxis=dict(
            range=list(MAP_RANGE_Y),
            visible=False,
            showgrid=False,
            zeroline=False,
            fixedrange=True,
            scaleanchor="x",
            scaleratio=1 / math.cos(math.radians(MAP_LAT0)),
        ),
        showlegend=True,
    )
    return fig

