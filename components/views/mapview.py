"""The Map page's view: one map model (drawn by the interactive map and the static picture),
the values table and the legend."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pandas as pd
import pydeck as pdk

from components.data.dataset import Dataset, source_lookup
from components.data.filters import Filters, country_name
from components.data.i18n import _
from components.data.labels import css_colour
from components.data.selection import filter_events
from components.render import maps
from components.render.mapmodel import MARKER_LEGEND, MapModel, build_model
from components.views.base import Chart, years_text

_PHONE_LOCK = threading.Lock()


@dataclass(frozen=True)
class MapPageView:
    model: MapModel
    deck: pdk.Deck
    table: pd.DataFrame  # one row per country: its value and whether it is selected
    chart: Chart
    caption: str
    legend: pd.DataFrame  # colour (CSS, for a swatch cell: ui.swatch_table) and range of each class
    markers: pd.DataFrame  # colour and meaning of each marker

    @property
    def phone_deck(self) -> pdk.Deck:
        """The same map zoomed out so that all six countries fit a phone: drawn the first time a
        phone asks for this view (most readers never do; it was half the map's drawing on every
        new view), then kept with the view."""
        with _PHONE_LOCK:  # the view is shared by every session: one of them draws it
            kept: pdk.Deck | None = self.__dict__.get("_phone_deck")
            if kept is None:
                kept = maps.draw_deck(self.model, view=maps.PHONE_VIEW)
                kept.freeze()
                self.__dict__["_phone_deck"] = kept  # a frozen dataclass: kept beside its fields
            return kept

    @property
    def source_ids(self) -> tuple[str, ...]:
        return self.model.source_ids


def map_view(ds: Dataset, f: Filters, measure: str) -> MapPageView:
    events = filter_events(ds["events"], f)
    model = build_model(
        measure, f, events, ds["trade"], ds["countries"], ds["institutions"], ds["projects"], source_lookup(ds)
    )
    label = _(model.measure_label)
    table = pd.DataFrame(
        [
            {
                _("Country"): country_name(c),
                label: (_("n/a") if v is None else v if model.measure == "trade" else int(v)),  # a count: 3, not 3.0
                _("Selected"): _("yes") if c in f.countries else _("no"),
            }
            for c, v in model.values.items()
        ]
    )
    deck = maps.draw_deck(model)
    deck.freeze()
    if model.measure == "hosted":
        title = _("Events hosted by each country, {years}").format(years=years_text(f))
    else:
        title = _("{measure}: {years}").format(measure=label, years=years_text(f))
    routes = _(
        "Project routes are schematic lines through sourced waypoints; "
        "a project with a single sourced point is shown as a dot."
    )
    caption = _("{note} {routes}").format(note=_(model.note), routes=routes)
    colour = _("Colour")
    legend = pd.DataFrame([(css_colour(rgb), _(text)) for text, rgb in model.legend], columns=[colour, _("Range")])
    markers = pd.DataFrame([(css_colour(rgb), _(text)) for text, rgb in MARKER_LEGEND],
                           columns=[colour, _("Marker")])
    chart = Chart(title, model.source_ids, map_model=model)
    return MapPageView(model, deck, table, chart, caption, legend, markers)
