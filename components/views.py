"""What a page shows for one view (data state, filters, page choices), computed in one call.

Each ``*_view`` is a plain function of the dataset and the view; the pages call them through
``ui.memo``, which keeps the result per data state and view for every session of the process,
so a rerun of a view already seen (a page revisited, a slide shown again, another user on the
same link) costs only drawing. The results are shared: callers read them, never change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from components import charts, export, maps, panels
from components.data import Dataset, source_lookup
from components.filters import COUNTRY_NAMES, Filters, filter_events
from components.labels import PROJECT_STATUS_LABELS, STATUS_LABELS


@dataclass(frozen=True)
class TimelineView:
    events: pd.DataFrame
    figure: go.Figure | None
    table: pd.DataFrame
    rows: pd.DataFrame  # the download: events with their sources' publishers and addresses


def timeline_view(ds: Dataset, f: Filters, categories: tuple[str, ...] = ()) -> TimelineView:
    src = source_lookup(ds)
    events = filter_events(ds["events"], f)
    if categories:
        events = events[events["category"].isin(categories)].reset_index(drop=True)
    fig = charts.build_timeline(events, src, f.years) if not events.empty else None
    return TimelineView(events, fig, panels.event_table(events, src), export.events_export(events, src))


@dataclass(frozen=True)
class DirectionView:
    info: dict[str, Any]
    countries: list[str]
    commitments: pd.DataFrame  # rows, for the download
    commitment_table: pd.DataFrame
    events_table: pd.DataFrame
    projects_table: pd.DataFrame


def directions_view(ds: Dataset, f: Filters, chosen: tuple[str, ...]) -> tuple[list[DirectionView], pd.DataFrame]:
    """One panel per chosen direction, and the commitments shown (with sources) for the download."""
    src = source_lookup(ds)
    out = []
    for did in chosen:
        p = panels.direction_panel(ds, f, did)
        com, ev, pr = p["commitments"], p["events"], p["projects"]
        out.append(
            DirectionView(
                info=p["info"],
                countries=p["countries"],
                commitments=com,
                commitment_table=panels.commitment_table(com, ds["events"], src) if not com.empty else com,
                events_table=panels.event_table(ev, src)[["Date", "Event", "Place", "Status"]] if not ev.empty else ev,
                projects_table=pr.assign(
                    State=pr["status"].map(PROJECT_STATUS_LABELS), Facts=pr["data_status"].map(STATUS_LABELS)
                )[["name", "State", "milestones", "Facts", "status_note"]].rename(
                    columns={"name": "Project", "milestones": "Milestones", "status_note": "Note"}
                )
                if not pr.empty
                else pr,
            )
        )
    shown = pd.concat([v.commitments for v in out]) if out else ds["commitments"].iloc[0:0]
    return out, export.with_source_urls(shown, src)


@dataclass(frozen=True)
class MechanismsView:
    summary: pd.DataFrame
    table: pd.DataFrame  # the summary as shown (no id column)
    meetings: pd.DataFrame
    figure: go.Figure | None
    rows: pd.DataFrame


def mechanisms_view(ds: Dataset, f: Filters, chosen: tuple[str, ...] = ()) -> MechanismsView:
    src = source_lookup(ds)
    mech = ds["mechanisms"]
    summary = panels.mechanism_summary(ds, f)
    if chosen:
        summary = summary[summary["id"].isin(chosen)]
    meetings = filter_events(ds["events"], f)
    meetings = meetings[meetings["mechanism_id"].notna()]
    if chosen:
        meetings = meetings[meetings["mechanism_id"].isin(chosen)]
    fig = charts.build_mechanism_chart(meetings, mech, f.years) if not meetings.empty else None
    rows = export.with_source_urls(summary.merge(mech[["id", "source_ids"]], on="id", how="left"), src)
    return MechanismsView(summary, summary.drop(columns="id"), meetings, fig, rows)


@dataclass(frozen=True)
class MapPageView:
    map: maps.MapView
    table: pd.DataFrame


def map_view(ds: Dataset, f: Filters, measure: str) -> MapPageView:
    events = filter_events(ds["events"], f)
    view = maps.build_map(
        measure, f, events, ds["trade"], ds["countries"], ds["institutions"], ds["projects"], source_lookup(ds)
    )
    table = pd.DataFrame(
        [
            {
                "Country": COUNTRY_NAMES[c],
                view.measure_label: ("n/a" if v is None else v),
                "Selected": "yes" if c in f.countries else "no",
            }
            for c, v in view.values.items()
        ]
    )
    if isinstance(view.deck, maps.CompactDeck):
        view.deck.freeze()
    return MapPageView(view, table)


@dataclass(frozen=True)
class OverviewView:
    headline: list[panels.Headline]
    latest: pd.DataFrame
    upcoming: pd.DataFrame
    future: pd.DataFrame
    rows: pd.DataFrame


def overview_view(ds: Dataset, f: Filters, today: pd.Timestamp) -> OverviewView:
    src = source_lookup(ds)
    latest, upcoming = panels.latest_and_next(ds, f, today)
    future = panels.beyond_range(ds, f, today)
    return OverviewView(
        headline=list(panels.headline_figures(ds, f)),
        latest=panels.event_table(latest, src)[["Date", "Event", "Place", "Status"]] if not latest.empty else latest,
        upcoming=panels.event_table(upcoming, src)[["Date", "Event", "Status", "Note"]]
        if not upcoming.empty
        else upcoming,
        future=panels.event_table(future, src)[["Date", "Event", "Status", "Note"]] if not future.empty else future,
        rows=export.events_export(filter_events(ds["events"], f), src),
    )


@dataclass(frozen=True)
class CountryView:
    profile: dict[str, Any]  # info, events, hosted, trade (panels.country_profile)
    events_table: pd.DataFrame
    trade_figure: go.Figure | None
    trade_table: pd.DataFrame
    rows: pd.DataFrame


def country_view(ds: Dataset, f: Filters, iso3: str) -> CountryView:
    src = source_lookup(ds)
    p = panels.country_profile(ds, iso3, f)
    ev, tr = p["events"], p["trade"]
    events_table = panels.event_table(ev, src)[["Date", "Event", "Category", "Place", "Status"]] if not ev.empty else ev
    trade_table = (
        tr.assign(
            Status=tr["status"].map(STATUS_LABELS),
            Sources=tr["source_ids"].map(lambda ids: charts.sources_text(tuple(ids), src)),
        )[["year", "flow", "value", "Status", "status_note", "Sources"]].rename(
            columns={"year": "Year", "flow": "Flow", "value": "USD bn", "status_note": "Note"}
        )
        if not tr.empty
        else tr
    )
    return CountryView(
        profile=p,
        events_table=events_table,
        trade_figure=charts.build_trade_chart(tr) if not tr.empty else None,
        trade_table=trade_table,
        rows=export.events_export(ev, src),
    )
