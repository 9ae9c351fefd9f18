"""The Map page's view: one map model (drawn by the interactive map and the static picture),
the values table and the legend."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pydeck as pdk

from components import maps
from components.data import Dataset, source_lookup
from components.filters import COUNTRY_NAMES, Filters, filter_events
from components.labels import swatch
from components.mapmodel import MARKER_LEGEND, ROUTE_NOTE, SINGLE_POINT_NOTE, MapModel, build_model
from components.views.base import Chart, years_text


@dataclass(frozen=True)
class MapPageView:
    model: MapModel
    deck: pdk.Deck
    table: pd.DataFrame  # one row per country: its value and whether it is selected
    chart: Chart
    caption: str
    legend: pd.DataFrame  # colour swatch (an SVG data URL) and range of each class
    markers: pd.DataFrame  # colour swatch and meaning of each marker

    @property
    def source_ids(self) -> tuple[str, ...]:
        return self.model.source_ids


def map_view(ds: Dataset, f: Filters, measure: str) -> MapPageView:
    events = filter_events(ds["events"], f)
    model = build_model(
        measure, f, events, ds["trade"], ds["countries"], ds["institutions"], ds["projects"], source_lookup(ds)
    )
    label = model.measure_label
    table = pd.DataFrame(
        [
            {
                "Country": COUNTRY_NAMES[c],
                label: ("n/a" if v is None else v),
                "Selected": "yes" if c in f.countries else "no",
            }
            for c, v in model.values.items()
        ]
    )
    deck = maps.draw_deck(model)
    deck.freeze()
    title = (
        f"Events hosted by each country, {years_text(f)}" if model.measure == "hosted" else f"{label}: {years_text(f)}"
    )
    caption = f"{model.note} {ROUTE_NOTE[:-1]}; {SINGLE_POINT_NOTE}"
    legend = pd.DataFrame([(swatch(rgb), label) for label, rgb in model.legend], columns=["Colour", "Range"])
    markers = pd.DataFrame([(swatch(rgb), label) for label, rgb in MARKER_LEGEND], columns=["Colour", "Marker"])
    chart = Chart(title, model.source_ids, map_model=model)
    return MapPageView(model, deck, table, chart, caption, legend, markers)
