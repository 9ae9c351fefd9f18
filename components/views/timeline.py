"""The Timeline page's view: the events in the filters and categories, their chart and table."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from components.data.dataset import Dataset, source_lookup
from components.data.filters import Filters
from components.data.i18n import N_, _, ngettext
from components.data.labels import day_text
from components.data.selection import filter_events
from components.data.sourcing import ids_in
from components.render import charts, tables
from components.views import panels
from components.views.base import Chart, changed_events, years_text

LEGEND = N_(
    "Marker shape and lane give the category; a filled marker is a confirmed fact, a dotted one "
    "rests on one source, a hollow one is planned or unconfirmed, hollow with a dot means the sources "
    "disagree. Hover for date, place, summary and source. The shaded band marks 2025–2026, the "
    "Years of High-quality Development."
)


@dataclass(frozen=True)
class TimelineView:
    events: pd.DataFrame
    figure: go.Figure | None
    table: pd.DataFrame
    rows: pd.DataFrame  # the download: events with their sources' publishers and addresses
    chart: Chart | None
    heading: str  # "12 events"
    source_ids: tuple[str, ...]
    legend: str = LEGEND  # in the language of the view (timeline_view gives it)
    phone_figure: go.Figure | None = None  # the chart laid out for a phone's width (lanes named above them)


def timeline_view(ds: Dataset, f: Filters, categories: tuple[str, ...] = ()) -> TimelineView:
    src = source_lookup(ds)
    events = filter_events(ds["events"], f)
    if categories:
        events = events[events["category"].isin(categories)].reset_index(drop=True)
    changed = changed_events(ds, f)
    label = _("Changed since {day}").format(day=day_text(f.since)) if f.since else ""
    fig = phone_fig = None
    if not events.empty:
        fig = charts.build_timeline(events, src, f.years, changed=changed, changed_label=label)
        phone_fig = charts.build_timeline(events, src, f.years, changed=changed, changed_label=label, phone=True)
    ids = tuple(ids_in(events))
    n = len(events)
    count = ngettext("{n} event", "{n} events", n).format(n=n)
    chart = None
    if fig is not None:
        title = _("Events by date and category, {years} ({count})").format(years=years_text(f), count=count)
        chart = Chart(title, ids, figure=fig)
    return TimelineView(
        events=events,
        figure=fig,
        table=panels.event_table(events, src, changed),
        rows=tables.events_export(events, src),
        chart=chart,
        heading=count,
        source_ids=ids,
        legend=_(LEGEND),
        phone_figure=phone_fig,
    )
