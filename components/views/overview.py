"""The Overview's view: what the mechanism is, headline figures, the official count, the latest
and the planned items."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.data import i18n
from components.data.changes import TrackLatest, changelog, currency, item_count, kind_label, latest_release
from components.data.dataset import Dataset, records, source_lookup
from components.data.filters import Filters
from components.data.i18n import _
from components.data.labels import day_text, format_date, latest_text, reviewed_text, status_label
from components.data.selection import filter_events
from components.data.sourcing import ids_in
from components.render import tables
from components.views import panels
from components.views.base import MechanismCount, changed_events, mechanism_count, pick


@dataclass(frozen=True)
class EventItem:
    """One event as a line: date, title, status, and its sources."""

    date: str
    title: str
    status: str  # in words
    confirmed: bool
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class OverviewView:
    about: str
    headline: tuple[panels.Headline, ...]
    headline_source_ids: tuple[str, ...]  # the events counted and the trade figures shown
    count: MechanismCount
    latest: pd.DataFrame
    upcoming: pd.DataFrame
    future: pd.DataFrame
    latest_items: tuple[EventItem, ...]
    upcoming_items: tuple[EventItem, ...]
    rows: pd.DataFrame
    currency: tuple[TrackLatest, ...]  # the latest item the data holds in each track
    release: str  # what the latest data release changed, in a sentence ("" without a changelog)
    currency_table: pd.DataFrame  # the same as a table: track, latest date, how long ago, item
    coverage: str = ""  # the latest sourced item: its date and what it is (README, "Two dates")
    reviewed: str = ""  # the day the data was last reviewed, said not to be its coverage


def _items(events: pd.DataFrame) -> tuple[EventItem, ...]:
    return tuple(
        EventItem(
            format_date(r["date"], r.get("date_precision")),
            str(r["title"]),
            status_label(r["status"]),
            r["status"] == "confirmed",
            tuple(r["source_ids"]),
        )
        for r in records(events)
    )


def overview_view(ds: Dataset, f: Filters, today: pd.Timestamp) -> OverviewView:
    src = source_lookup(ds)
    events = filter_events(ds["events"], f)
    latest, upcoming = panels.latest_and_next(ds, f, today)
    future = panels.beyond_range(ds, f, today)
    counted = events[events["status"] != "planned"] if not events.empty else events
    changed = changed_events(ds, f)
    tracks = currency(ds, today)
    return OverviewView(
        about=_(panels.ABOUT),
        headline=tuple(panels.headline_figures(ds, f)),
        headline_source_ids=tuple(ids_in(counted) + ids_in(panels.headline_trade_rows(ds, f))),
        count=mechanism_count(ds, src),
        latest=pick(panels.event_table(latest, src, changed), ["Date", "Event", "Place", "Status"])
        if not latest.empty
        else latest,
        upcoming=pick(panels.event_table(upcoming, src, changed), ["Date", "Event", "Status", "Note"])
        if not upcoming.empty
        else upcoming,
        future=pick(panels.event_table(future, src, changed), ["Date", "Event", "Status", "Note"])
        if not future.empty
        else future,
        latest_items=_items(latest),
        upcoming_items=_items(upcoming),
        rows=tables.events_export(events, src),
        currency=tracks,
        release=release_sentence(ds),
        currency_table=pd.DataFrame(
            [(t.track, t.date, t.ago, t.next, t.title) for t in tracks],  # the long text last: on a phone the
            columns=[_("Track"), _("Latest date"), _("Since"), _("Next announced"), _("Item")],  # dates show
        ),
        coverage=coverage_sentence(ds),
        reviewed=_("Data last reviewed {day}: the day the sources were last checked, not a date the data covers "
                   "up to.").format(day=reviewed_text(ds)),
    )


def coverage_sentence(ds: Dataset) -> str:
    """The latest sourced item in a sentence: its date and its name."""
    item = ds.latest_item
    if item is None:
        return _("The data holds no dated item.")
    frame = ds[item.table]
    name = ""
    if item.table in ("events", "figures") and not frame.empty:
        hit = frame[frame["id"] == item.row_id]
        name = str(hit.iloc[0]["title" if item.table == "events" else "label"]) if not hit.empty else ""
    else:
        name = _("trade figures for {year}").format(year=item.day.year)
    return _("The latest sourced item is dated {day}: {item}.").format(day=latest_text(ds), item=name)


def release_sentence(ds: Dataset) -> str:
    """What the latest release changed: 'Data release of 2026-11-25: 5 events added, 1 figure revised.'"""
    day = latest_release(ds)
    if day is None:
        return ""
    counts: dict[tuple[str, str], int] = {}
    for c in changelog(ds):
        if c.day == day:
            counts[(c.file, c.kind)] = counts.get((c.file, c.kind), 0) + 1
    parts = [
        _("{items} {kind}").format(items=item_count(file, n), kind=kind_label(kind).lower())
        for (file, kind), n in counts.items()
    ]
    return _("Data release of {day}: {changes}.").format(day=day_text(day), changes=i18n.list_text(parts))
