"""Plotly figures. Each ``build_*`` takes frames and returns a ``go.Figure``; no Streamlit.

Only cartesian traces are used: plotly's geographic traces fetch a base map from a
CDN and draw blank offline.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from components.data import i18n
from components.data.dataset import records
from components.data.datatext import is_video
from components.data.filters import YEAR_MAX, YEAR_MIN, country_name
from components.data.i18n import _
from components.data.labels import CATEGORY_COLORS, CATEGORY_LABELS, CATEGORY_SYMBOLS, STATUS_SYMBOL_SUFFIX, esc
from components.data.sourcing import sources_text
from components.render import timelinemarks
from components.render.tables import event_place, number, shown_date, status_label, usd_bn
from components.render.tables import wrap_text as wrap
from components.render.timelinemarks import iso_day, plotted_day, wrap_label

FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=13, color="#222222")
# Chinese needs a face with CJK glyphs (fonts-noto-cjk); DejaVu Sans has Cyrillic.
CJK_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Noto Sans, DejaVu Sans, sans-serif"


def font(size: int = 13) -> dict[str, Any]:
    """The figures' font for the current language (:data:`FONT` but for Chinese)."""
    return {**FONT, "size": size, **({"family": CJK_FAMILY} if i18n.current() == "zh" else {})}


def _tint(hex_color: str, amount: float = 0.6) -> str:
    """The colour mixed with white: the fill of a single-source marker."""
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    r, g, b = (round(c + (255 - c) * amount) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def _hover(row: Mapping[str, Any], sources: Mapping[str, Mapping[str, Any]], width: int = 70) -> str:
    """An event's hover label, wrapped at ``width`` columns (a phone's at 40: 70 spilt off its sides)."""
    where = event_place(row)
    lines = [f"<b>{esc(x)}</b>" for x in wrap(str(row["title"]), width)]
    lines += [esc(x) for part in (shown_date(row["date"], row.get("date_precision")), where) for x in wrap(part, width)]
    lines.append(esc(_("Status: {status}").format(status=status_label(row["status"]))))
    if row.get("status_note"):
        lines += [esc(x) for x in wrap(_("Note: {note}").format(note=row["status_note"]), width)]
    lines += [esc(x) for x in wrap(str(row.get("summary") or ""), width)]
    source = _("Source: {sources}").format(sources=sources_text(tuple(row["source_ids"]), sources))
    lines += [esc(x) for x in wrap(source, width)]
    return "<br>".join(lines)


# Every figure names its template: Streamlit makes its own plotly's default (placeholder colours
# that only st.plotly_chart replaces), and the page's component, PNGs and deck draw without it.
TEMPLATE = pio.templates["plotly_white"]


def figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    """A figure from plain trace and layout dicts, built without plotly's per-property checks.

    Checking every property costs ~100 ms for the timeline on every rerun; the builders here
    only write literal, known properties, and tests/unit/test_builders.py rebuilds each of
    their figures with the checks on (``go.Figure(fig.to_dict())``), so a wrong property fails
    a test instead of slipping through.
    """
    return go.Figure({"data": data, "layout": {"template": TEMPLATE, **with_automargin(layout)}}, _validate=False)


def with_automargin(layout: dict[str, Any]) -> dict[str, Any]:
    """``layout`` with every axis's ``automargin`` on: plotly.js then widens the margins to the
    axis' tick labels and title as drawn. Set here, not left to the template: Streamlit makes its
    own template (no automargin) the process default, so in the server a 10 px left margin cut the
    lanes' names and the bars' numbers off every picture drawn by kaleido."""
    for key, axis in layout.items():
        if re.fullmatch(r"[xy]axis\d*", key) and isinstance(axis, dict):
            axis.setdefault("automargin", True)
    return layout


def build_timeline(
    events: pd.DataFrame,
    sources: Mapping[str, Mapping[str, Any]],
    years: tuple[int, int] = (YEAR_MIN, YEAR_MAX),
    title: str | None = None,
    font_size: int = 13,
    changed: Mapping[str, str] | None = None,
    changed_label: str = "",
    phone: bool = False,
) -> go.Figure:
    """Every event by date, one lane per category; marker fill shows the fact's status. Events in
    ``changed`` (id -> how) get a ring, named ``changed_label`` in the legend. ``phone``: the lanes
    named above them, the plot the screen's full width."""
    rows = records(events) if not events.empty else []
    present = {r["category"] for r in rows}
    cats = [c for c in CATEGORY_LABELS if c in present]
    lane = {c: _(CATEGORY_LABELS[c]) for c in cats}
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault((r["category"], r["status"]), []).append(r)
    data: list[dict[str, Any]] = []
    for cat in cats:
        for status, suffix in STATUS_SYMBOL_SUFFIX.items():
            sub = groups.get((cat, status))
            if not sub:
                continue
            data.append(
                {
                    "type": "scatter",
                    "x": [plotted_day(r["date"], r.get("date_precision")) for r in sub],
                    "y": [lane[cat]] * len(sub),
                    "mode": "markers",
                    "name": f"{lane[cat]} · {status_label(status)}",
                    "legendgroup": cat,
                    "showlegend": False,
                    "marker": {
                        "symbol": CATEGORY_SYMBOLS[cat] + suffix,
                        "size": 15 if cat == "summit" else 12,
                        "color": _tint(CATEGORY_COLORS[cat]) if status == "single_source" else CATEGORY_COLORS[cat],
                        "line": {"width": 2 if suffix else 1, "color": CATEGORY_COLORS[cat] if suffix else "#333333"},
                        "opacity": 0.55 if status == "unconfirmed" else 1.0,
                    },
                    "customdata": [r["id"] for r in sub],
                    "hovertext": [_hover(r, sources, 40 if phone else 70) for r in sub],
                    "hovertemplate": "%{hovertext}<extra></extra>",
                }
            )
    marked = [r for r in rows if changed and r["id"] in changed]
    if marked:
        data.append(
            {
                "type": "scatter",
                "x": [plotted_day(r["date"], r.get("date_precision")) for r in marked],
                "y": [lane[r["category"]] for r in marked],
                "mode": "markers",
                "name": changed_label or _("Changed"),
                "marker": {"symbol": "circle-open", "size": 24, "color": "#D55E00", "line": {"width": 2.5}},
                "hoverinfo": "skip",
            }
        )
    # Status legend: grey examples of each fill.
    for i, (status, suffix) in enumerate(STATUS_SYMBOL_SUFFIX.items()):
        data.append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "markers",
                "name": status_label(status),
                "legendgroup": "status",
                **({"legendgrouptitle": {"text": _("Status of the fact")}} if i == 0 else {}),
                "marker": {
                    "symbol": "circle" + suffix,
                    "size": 11,
                    "color": _tint("#555555") if status == "single_source" else "#555555",
                    "opacity": 0.55 if status == "unconfirmed" else 1.0,
                    "line": {"width": 2, "color": "#555555"},
                },
                "hoverinfo": "skip",
            }
        )
    x0 = pd.Timestamp(f"{years[0]}-01-01") - pd.Timedelta(days=20)
    x1 = pd.Timestamp(f"{years[1]}-12-31") + pd.Timedelta(days=20)
    shapes, annotations = timelinemarks.band(x0, x1)
    annotations += timelinemarks.milestones(rows, lane, x0, x1, phone)
    if phone:
        annotations += timelinemarks.lane_names({v: esc(v) for v in lane.values()})
    # room for the legend under the plot too: one row on a desk, five on a phone (plotly takes it from the plot)
    height = max(420, 200 + timelinemarks.LABEL_TOP + 56 * len(cats)) * font_size // 13
    top = timelinemarks.LABEL_TOP + (56 if title else 26)
    layout: dict[str, Any] = {
        "font": font(font_size),
        "height": height,
        "margin": {"l": 10, "r": 10, "t": top, "b": 40},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        # the legend starts 64 px under the plot, whatever its height: clear of the years, even when a
        # phone turns them on end (a fixed fraction of a short plot left it over them)
        "legend": {"orientation": "h", "yanchor": "top", "y": -64 / max(height - top - 40, 100), "x": 0},
        "hoverlabel": {"align": "left", "bgcolor": "white", "font": {"size": 11 if phone else 12}},
        "xaxis": {
            "type": "date",
            "range": [iso_day(x0), iso_day(x1)],
            "showgrid": True,
            "gridcolor": "#eeeeee",
            "dtick": "M12",
            "tickformat": "%Y",
            "ticklabelmode": "period",
        },
        "yaxis": {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": list(reversed(list(lane.values()))),
            # long lane names on two lines: on a phone they would take half the width
            "tickmode": "array",
            "tickvals": list(lane.values()),
            "ticktext": [wrap_label(v) for v in lane.values()],
            "showticklabels": not phone,
            "showgrid": True,
            "gridcolor": "#f3f3f3",
        },
        "shapes": shapes,
        "annotations": annotations,
    }
    if title:
        layout["title"] = {"text": esc(title), "x": 0, "xanchor": "left"}
    return figure(data, layout)


def build_trade_chart(trade: pd.DataFrame, title: str | None = None) -> go.Figure:
    """China's goods trade with each partner (bars) and with the five together (line), USD bn."""
    rows = records(trade[trade["flow"] == "total"]) if not trade.empty else []
    by_partner: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_partner.setdefault(str(r["partner"]), []).append(r)
    scale = i18n.usd_bn_scale()  # the values in the unit the axis names: 亿美元 in Chinese
    palette = {"KAZ": "#0072B2", "KGZ": "#E69F00", "TJK": "#009E73", "TKM": "#CC79A7", "UZB": "#56B4E9"}
    data: list[dict[str, Any]] = []
    for p in ("KAZ", "KGZ", "TJK", "TKM", "UZB"):
        sub = by_partner.get(p)
        if not sub:
            continue
        data.append(
            {
                "type": "bar",
                "x": [int(r["year"]) for r in sub],
                "y": [float(r["value"]) * scale for r in sub],
                "name": country_name(p),
                "marker": {"color": palette[p]},
                "hovertext": [
                    esc(_("{country} {year}: {amount}").format(country=country_name(p), year=int(r["year"]),
                                                             amount=usd_bn(r["value"], 2)))
                    + "<br>" + esc(_("Status: {status}").format(status=status_label(r["status"])))
                    for r in sub
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    c5 = by_partner.get("C5")
    if c5:
        data.append(
            {
                "type": "scatter",
                "x": [int(r["year"]) for r in c5],
                "y": [float(r["value"]) * scale for r in c5],
                "name": _("All five (total)"),
                "mode": "lines+markers+text",
                "line": {"color": "#333333", "width": 2},
                "marker": {"size": 8},
                "text": [number(float(r["value"]) * scale, 0 if scale > 1 else 1) for r in c5],
                "textposition": "top center",
                "hovertext": [
                    esc(_("Central Asia total {year}: {amount}").format(year=int(r["year"]),
                                                                        amount=usd_bn(r["value"], 2)))
                    + "<br>" + esc(_("Status: {status}").format(status=status_label(r["status"])))
                    for r in c5
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    layout: dict[str, Any] = {
        "font": font(),
        "barmode": "group",
        "height": 380,
        "margin": {"l": 10, "r": 10, "t": 50 if title else 20, "b": 40},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "yaxis": {"title": {"text": _("USD bn (China customs)")}, "gridcolor": "#eeeeee", "rangemode": "tozero"},
        "xaxis": {"dtick": 1},
        "legend": {"orientation": "h", "y": -0.15},
    }
    if title:
        layout["title"] = {"text": esc(title), "x": 0}
    return figure(data, layout)


def _label_sides(dates: list[Any], near_days: int = 450, edges: tuple[int, int] | None = None) -> list[str]:
    """Above the marker, or below it when the previous meeting in the row is close enough in time
    for the two city labels to overlap (alternating through a run of close meetings). With ``edges``
    (the years shown: a phone), a label in the first or last tenth reaches inwards from its marker."""
    sides: list[str] = []
    previous: pd.Timestamp | None = None
    for d in dates:
        when = pd.Timestamp(d)
        close = previous is not None and abs((when - previous).days) < near_days
        sides.append(("bottom center" if sides[-1].startswith("top") else "top center") if close else "top center")
        previous = when
        if edges:
            where = (when.year + when.day_of_year / 366 - edges[0]) / (edges[1] + 1 - edges[0])
            inwards = " right" if where < 0.1 else " left" if where > 0.9 else " center"
            sides[-1] = sides[-1].split()[0] + inwards
    return sides


def build_mechanism_chart(
    meetings: pd.DataFrame,
    mechanisms: pd.DataFrame,
    years: tuple[int, int] = (YEAR_MIN, YEAR_MAX),
    font_size: int = 13,
    phone: bool = False,
) -> go.Figure:
    """One row per mechanism, a marker per meeting, labelled with the host city. ``phone``: lanes
    named above them, farther apart, and neighbours' city labels above and below in turn."""
    # names become category-axis labels, where plotly reads its HTML subset: escape them
    names = dict(zip(mechanisms["id"], map(esc, mechanisms["name"]), strict=True)) if not mechanisms.empty else {}
    by_mech: dict[str, list[dict[str, Any]]] = {}
    for r in records(meetings.sort_values("date")) if not meetings.empty else []:
        by_mech.setdefault(r["mechanism_id"], []).append(r)
    order = [m for m in names if m in by_mech]
    lanes = _mechanism_lanes(mechanisms, order)
    data: list[dict[str, Any]] = []
    for mid in order:
        sub = by_mech[mid]
        xs = [plotted_day(r["date"], r.get("date_precision")) for r in sub]
        data.append(
            {
                "type": "scatter",
                "x": xs,
                "y": [names[mid]] * len(sub),
                "mode": "markers+text",
                "name": names[mid],
                "showlegend": False,
                "marker": {
                    "size": 13,
                    "color": "#0072B2",
                    "symbol": ["circle" + STATUS_SYMBOL_SUFFIX[str(r["status"])] for r in sub],
                    "line": {"width": 2, "color": "#0072B2"},
                },
                # a phone: long names on two lines ("Nur-Sultan<br>(now Astana)"), clear of their neighbours
                "text": [(esc(_("Video")) if is_video(r) else wrap_label(str(r["city"] or ""), 12)) if phone
                         else esc(r["city"] or "") for r in sub],
                "textposition": _label_sides(xs, 1000 if phone else 450, years if phone else None),
                "textfont": {"size": 9 if phone else 11},
                "hovertext": [
                    f"<b>{esc(r['title'])}</b><br>{names[mid]}<br>"
                    + esc(_("{date}, {city}").format(date=shown_date(r["date"], r["date_precision"]),
                                                     city=r["city"] or ""))
                    + "<br>" + esc(_("Status: {status}").format(status=status_label(r["status"])))
                    for r in sub
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    x0 = pd.Timestamp(f"{years[0]}-01-01") - pd.Timedelta(days=30)
    x1 = pd.Timestamp(f"{years[1]}-12-31") + pd.Timedelta(days=30)
    layout = {
        "font": font(font_size),
        "height": max(240, 70 + (96 if phone else 48) * len(order)) * font_size // 13,
        "margin": {"l": 10, "r": 10, "t": 20, "b": 30},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "xaxis": {
            "type": "date",
            "range": [iso_day(x0), iso_day(x1)],
            "dtick": "M12",
            "tickformat": "%Y",
            "ticklabelmode": "period",  # each year's name under its year: no "2027" at the range's end
            "gridcolor": "#eeeeee",
        },
        "yaxis": {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [names[m] for m in reversed(order)],
            # the lanes are named by sector, on two lines when long: the full names (up to 90 characters
            # in Russian) left the plot a sliver; the name is in each meeting's hover
            "tickmode": "array",
            "tickvals": [names[m] for m in order],
            "ticktext": [lanes[m] for m in order],
            "showticklabels": not phone,
        },
    }
    if phone:
        # above the city labels over the markers (two lines: the first ~34 px)
        layout["annotations"] = timelinemarks.lane_names(
            {names[m]: lanes[m] if len(lanes[m]) > 48 else lanes[m].replace("<br>", " ") for m in order}, above=38)
    return figure(data, layout)


def _mechanism_lanes(mechanisms: pd.DataFrame, order: list[str]) -> dict[str, str]:
    """Each mechanism's lane label, escaped: its sector ("Foreign affairs"), or its name when the
    sector is blank or shared with another mechanism shown."""
    rows = {str(r["id"]): r for r in records(mechanisms)}
    sectors = {m: str(rows[m].get("sector") or "").strip() for m in order}
    shared = {s for s in sectors.values() if list(sectors.values()).count(s) > 1}
    return {
        m: wrap_label(sector[:1].upper() + sector[1:] if sector and sector not in shared else str(rows[m]["name"]))
        for m, sector in sectors.items()
    }
