"""The timeline's marks beside its markers: the band of the Years of High-quality Development and
its label, the milestones' labels (summits, the Secretariat's launch), the lanes' names on two
lines. Placed so that a narrow figure (a phone, ~200 px of plot) keeps them readable: milestones of
a lane take three heights in date order and reach inwards near either end; the band's label sits
above them and ends where the band ends."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from components.data.datatext import english, is_secretariat_launch, is_video, summit_ordinal
from components.data.i18n import N_, _
from components.data.labels import esc, plotted_day

HQD_BAND = ("2025-01-01", "2026-12-31")
HQD_LABEL = N_("Years of High-quality Development")
HQD_SHORT = N_("High-quality Development")
LABEL_TOP = 38  # px above the plot: the band's label, clear of the milestones' labels (three heights)


def iso_day(value: Any) -> str:
    """A date as the figures' x values take it: 2025-06-17."""
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def band(x0: pd.Timestamp, x1: pd.Timestamp) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The shaded band (shapes) and its label (annotations), clipped to the range; none outside it."""
    band0, band1 = max(pd.Timestamp(HQD_BAND[0]), x0), min(pd.Timestamp(HQD_BAND[1]), x1)
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    if band0 < band1:
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "y domain",
                "x0": iso_day(band0),
                "x1": iso_day(band1),
                "y0": 0,
                "y1": 1,
                "fillcolor": "#009E73",
                "opacity": 0.10,
                "line": {"width": 0},
                "layer": "below",
            }
        )
        annotations.append(
            {  # above the milestones' labels, ending where the band ends: it stays inside a narrow figure
                "x": iso_day(band1),
                "y": 1.0,
                "yref": "paper",
                "yanchor": "bottom",
                "yshift": LABEL_TOP,
                "xanchor": "right",
                "text": _(HQD_LABEL) if (band1 - band0).days > 500 else _(HQD_SHORT),
                "showarrow": False,
                "font": {"size": 11, "color": "#00664a"},
            }
        )
    return shapes, annotations


def milestones(rows: Sequence[Mapping[str, Any]], lane: Mapping[str, str], x0: pd.Timestamp,
               x1: pd.Timestamp, phone: bool = False) -> list[dict[str, Any]]:
    """Labels with a stem for the key milestones: the summits and the Secretariat's launch. On a
    phone every label ends at its stem and later ones stand higher: a label reaches left only over
    the shorter stems of earlier milestones, never across a stem."""
    annotations: list[dict[str, Any]] = []
    # Neighbours take three heights in turn; a label near either end of the range reaches inwards
    # from its marker, so that a narrow figure (a phone) does not cut it or push it over the lanes' names.
    def drawn(r: Mapping[str, Any]) -> str:  # where its marker is (a planned summit's year: mid-year)
        return plotted_day(r["date"], r.get("date_precision"))

    key = sorted((r for r in rows if r["category"] == "summit" or is_secretariat_launch(r)), key=drawn)
    span = (x1 - x0).days or 1
    for n, r in enumerate(key):
        i = sum(1 for k in key[:n] if k["category"] == r["category"])  # its place in its own lane
        where = (pd.Timestamp(drawn(r)) - x0).days / span
        annotations.append(
            {
                "x": drawn(r),
                "y": lane[r["category"]],
                "text": esc(short_label(r)),
                "showarrow": True,
                "arrowhead": 0,
                "ax": 0,
                "ay": -28 - 14 * (i % 3),
                "xanchor": "right" if phone or where > 0.7 else "left" if where < 0.3 else "center",
                "font": {"size": 10 if phone else 11},
                "bgcolor": "rgba(255,255,255,0.6)",  # light: on a phone a label lies over a neighbouring lane
            }
        )
    return annotations


def wrap_label(text: str, width: int = 16) -> str:
    """An axis label escaped, on two lines (plotly's ``<br>``) when longer than ``width`` and it has
    a space to break at, the one nearest the middle: "Sectoral ministerial<br>meeting"; on three
    when even the halves would be long (Russian sector names of 50 characters and more)."""
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    if len(text) <= width or not spaces:
        return esc(text)
    if len(text) > 2.5 * width:
        lines = textwrap.wrap(text, width=-(-len(text) // 3) + 6, break_long_words=False)
        if len(lines) <= 3:
            return "<br>".join(esc(line) for line in lines)
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return esc(text[:cut]) + "<br>" + esc(text[cut + 1:])


def short_label(row: Mapping[str, Any]) -> str:
    """A milestone's label on the timeline, short so that neighbours overlap less: "2nd summit ·
    Astana 2025", "Video summit 2022", "Secretariat · Xi'an 2024" (the hover has the full title).
    The ordinal is read from the English title (kept beside a translated one: ``title_en``)."""
    title = str(row["title"])
    year, city = pd.Timestamp(row["date"]).year, str(row.get("city") or "").strip()
    if row.get("category") == "summit":
        ordinal = summit_ordinal(str(english(row, "title") or ""))
        if is_video(row):
            if ordinal:
                return _("{ordinal} video summit {year}").format(ordinal=ordinal, year=year)
            return _("Video summit {year}").format(year=year)
        if ordinal:
            text = _("{ordinal} summit · {city} {year}") if city else _("{ordinal} summit {year}")
            return text.format(ordinal=ordinal, city=city, year=year)
        return (_("summit · {city} {year}") if city else _("summit {year}")).format(city=city, year=year)
    if is_secretariat_launch(row):
        return (_("Secretariat · {city} {year}") if city else _("Secretariat {year}")).format(city=city, year=year)
    return title if len(title) <= 34 else title[:33] + "…"


def lane_names(lanes: Mapping[str, str], size: int = 10, above: int = 8) -> list[dict[str, Any]]:
    """A phone's lane names: each written small above its lane, from the plot's left edge, instead of
    beside it (where the names took half of a 390 px screen). ``lanes``: the lane's axis value ->
    its name (escaped); ``above``: px between the lane's line and the name."""
    return [
        {"x": 0, "xref": "paper", "y": value, "yref": "y", "yshift": above, "xanchor": "left", "yanchor": "bottom",
         "text": name, "showarrow": False, "align": "left", "font": {"size": size, "color": "#555555"},
         "bgcolor": "rgba(255,255,255,0.7)"}
        for value, name in lanes.items()
    ]
