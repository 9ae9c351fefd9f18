"""The Ministerial mechanisms page's view: the official count, each mechanism with its meetings
in the filters, the meetings chart."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from components.data.dataset import Dataset, records, source_lookup
from components.data.filters import Filters
from components.data.i18n import N_, _
from components.data.selection import filter_events
from components.data.sourcing import ids_in, sources_text
from components.render import charts, tables
from components.views import panels
from components.views.base import Chart, MechanismCount, mechanism_count

CHART_NOTE = N_(
    "Each marker is a meeting, labelled with its host city; a filled marker is confirmed, a dotted one rests "
    "on one source, a hollow one is planned or unconfirmed, hollow with a dot means the sources disagree."
)


@dataclass(frozen=True)
class MechanismDetail:
    id: str
    name: str
    sector: str
    notes: str
    status_note: str
    sources: str  # as a line


@dataclass(frozen=True)
class MechanismsView:
    count: MechanismCount
    summary: pd.DataFrame
    table: pd.DataFrame  # the summary as shown (no id column)
    meetings: pd.DataFrame
    figure: go.Figure | None
    rows: pd.DataFrame
    details: tuple[MechanismDetail, ...]
    chart: Chart | None
    source_ids: tuple[str, ...]
    chart_note: str = CHART_NOTE  # in the language of the view (mechanisms_view gives it)
    phone_figure: go.Figure | None = None  # the chart laid out for a phone's width


def mechanisms_view(ds: Dataset, f: Filters, chosen: tuple[str, ...] = ()) -> MechanismsView:
    src = source_lookup(ds)
    mech = ds["mechanisms"]
    summary = panels.mechanism_summary(ds, f)
    meetings = filter_events(ds["events"], f)
    meetings = meetings[meetings["mechanism_id"].notna()] if not meetings.empty else meetings
    shown = mech
    if chosen:
        summary = summary[summary["id"].isin(chosen)]
        meetings = meetings[meetings["mechanism_id"].isin(chosen)]
        shown = mech[mech["id"].isin(chosen)]
    fig = charts.build_mechanism_chart(meetings, mech, f.years) if not meetings.empty else None
    phone_fig = charts.build_mechanism_chart(meetings, mech, f.years, phone=True) if not meetings.empty else None
    rows = tables.with_source_urls(summary.merge(mech[["id", "source_ids"]], on="id", how="left"), src)
    count = mechanism_count(ds, src)
    details = tuple(
        MechanismDetail(
            str(m["id"]),
            str(m["name"]),
            str(m["sector"]),
            str(m.get("notes") or ""),
            str(m.get("status_note") or ""),
            sources_text(tuple(m["source_ids"]), src),
        )
        for m in records(shown)
    )
    ids = tuple(ids_in(shown) + ids_in(meetings)) + count.source_ids
    title = _("Ministerial meeting mechanisms: meetings")
    chart = Chart(title, tuple(ids_in(meetings)), figure=fig) if fig else None
    return MechanismsView(
        count, summary, summary.drop(columns="id"), meetings, fig, rows, details, chart, ids, _(CHART_NOTE), phone_fig
    )
