"""The data changelog (``data/changes.csv``) read as facts: what changed, when, in which row, on
what sources; which rows changed on or after a day; how current each track of the data is.
Pure: no Streamlit."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import date

import pandas as pd

from components.data import i18n
from components.data.dataset import Dataset, records
from components.data.datatext import english_column
from components.data.i18n import N_, _, ngettext
from components.data.labels import category_label, format_date

# A change's kind in words (English, marked for the catalog: ``kind_label`` gives the language's).
KIND_LABELS: dict[str, str] = {
    "added": N_("Added"),
    "revised": N_("Revised"),
    "status_changed": N_("Status changed"),
    "removed": N_("Removed"),
}
# How a row changed on a day, as the "Changed" column and the timeline's hover say it.
KIND_ON_DAY: dict[str, str] = {
    "added": N_("added {day}"),
    "revised": N_("revised {day}"),
    "status_changed": N_("status changed {day}"),
    "removed": N_("removed {day}"),
}
# what each file holds, in words (English, marked: ``file_item`` gives the language's), and the
# column that names a row
FILE_ITEMS: dict[str, tuple[str, str]] = {
    "events.csv": (N_("Event"), "title"),
    "mechanisms.csv": (N_("Mechanism"), "name"),
    "commitments.csv": (N_("Commitment"), "title"),
    "institutions.csv": (N_("Institution"), "name"),
    "projects.csv": (N_("Project"), "name"),
    "countries.csv": (N_("Country"), "name"),
    "directions.csv": (N_("Direction"), "name"),
    "figures.csv": (N_("Figure"), "label"),
    "trade.csv": (N_("Trade figure"), ""),
    "sources.csv": (N_("Source"), "title"),
}


def kind_label(kind: str) -> str:
    """A change's kind in the current language (``status_changed`` → Status changed)."""
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def file_item(file: str) -> str:
    """What a row of ``file`` is, in the current language (``events.csv`` → Event; Row)."""
    return _(FILE_ITEMS[file][0]) if file in FILE_ITEMS else _("Row")


def item_count(file: str, n: int) -> str:
    """``n`` rows of ``file`` in words: 1 event, 5 events (the language's plural forms)."""
    counts = {
        "events.csv": lambda: ngettext("{n} event", "{n} events", n),
        "mechanisms.csv": lambda: ngettext("{n} mechanism", "{n} mechanisms", n),
        "commitments.csv": lambda: ngettext("{n} commitment", "{n} commitments", n),
        "institutions.csv": lambda: ngettext("{n} institution", "{n} institutions", n),
        "projects.csv": lambda: ngettext("{n} project", "{n} projects", n),
        "countries.csv": lambda: ngettext("{n} country", "{n} countries", n),
        "directions.csv": lambda: ngettext("{n} direction", "{n} directions", n),
        "figures.csv": lambda: ngettext("{n} figure", "{n} figures", n),
        "trade.csv": lambda: ngettext("{n} trade figure", "{n} trade figures", n),
        "sources.csv": lambda: ngettext("{n} source", "{n} sources", n),
    }
    word = counts.get(file, lambda: ngettext("{n} row", "{n} rows", n))()
    return word.format(n=n)
# the tracks the Overview reports on (beside the summit, each ministerial mechanism, the Secretariat and
# the business council): event categories, latest dated item of each
TRACKS: tuple[str, ...] = ("forum", "institution", "project_milestone")
# bodies of the mechanism told by the English title of their events (no column names them)
BODIES: tuple[tuple[str, str], ...] = (("Secretariat", N_("China–Central Asia Secretariat")),
                                       ("Business Council", N_("China–Central Asia Business Council")))


@dataclass(frozen=True)
class Change:
    day: date
    file: str
    row_id: str
    kind: str
    what: str
    source_ids: tuple[str, ...]


def changelog(ds: Dataset) -> list[Change]:
    """Every change, newest first."""
    frame = ds.tables.get("changes")
    if frame is None or frame.empty:
        return []
    out = [
        Change(pd.Timestamp(r["date"]).date(), str(r["file"]), str(r["row_id"]), str(r["kind"]), str(r["what"]),
               tuple(r.get("source_ids") or ()))
        for r in records(frame)
    ]
    order = list(FILE_ITEMS)  # facts first, then their sources, as FILE_ITEMS lists them
    out.sort(key=lambda c: (c.file in order and order.index(c.file), c.row_id))
    return sorted(out, key=lambda c: c.day, reverse=True)  # stable: newest day first, facts before sources


def changed_rows(ds: Dataset, file: str, since: date | None) -> dict[str, str]:
    """Row id -> how it changed on or after ``since`` (``'added 2026-11-25'``), for one file."""
    if since is None:
        return {}
    out: dict[str, str] = {}
    for c in changelog(ds):
        if c.file == file and c.day >= since and c.row_id not in out:
            day = c.day.isoformat()
            phrase = _(KIND_ON_DAY[c.kind]) if c.kind in KIND_ON_DAY else c.kind.lower() + " {day}"
            out[c.row_id] = phrase.format(day=day)
    return out


def item_name(ds: Dataset, file: str, row_id: str) -> str:
    """What a changed row is, in words: its title or name, else its id."""
    if row_id == "*":
        return _("every row")
    column = FILE_ITEMS.get(file, ("Row", ""))[1]
    table = ds.tables.get(file.removesuffix(".csv"))
    if column and table is not None and not table.empty and column in table.columns:
        key = "iso3" if file == "countries.csv" else "id"
        hit = table[table[key] == row_id] if key in table.columns else table.iloc[0:0]
        if not hit.empty:
            return str(hit.iloc[0][column])
    return row_id


def latest_release(ds: Dataset) -> date | None:
    """The day of the latest change recorded: the data's current release."""
    log = changelog(ds)
    return log[0].day if log else None


@dataclass(frozen=True)
class TrackLatest:
    track: str  # in words, in the language of the view
    date: str
    title: str
    status: str
    source_ids: tuple[str, ...]
    ago: str = ""  # how long before the view's day the item was dated ("18 months ago"), "" without one
    day: datetime.date | None = None  # the item's day (a trade year: its last day)
    next: str = ""  # the date of the next item announced in the track (planned or dated after the day), in words


def _tracks(ds: Dataset) -> list[tuple[str, pd.Series]]:
    """Each track's name and its rows of events: the summit, each ministerial mechanism (the foreign
    ministers' first, as mechanisms.csv lists them), the Secretariat, the business council, then the
    other kinds of item."""
    ev = ds["events"]
    title_en = english_column(ev, "title").fillna("").str.lower()
    out = [(category_label("summit"), ev["category"] == "summit")]
    out += [(str(m["name"]), ev["mechanism_id"] == m["id"]) for m in records(ds["mechanisms"])]
    out += [(_(label), title_en.str.contains(word.lower(), regex=False)) for word, label in BODIES]
    out += [(category_label(cat), ev["category"] == cat) for cat in TRACKS]
    return out


def currency(ds: Dataset, today: pd.Timestamp) -> tuple[TrackLatest, ...]:
    """For each track, the latest item dated up to today that the data holds, and how long ago that was."""
    ev = ds["events"]
    out = []
    if not ev.empty:
        dated = (ev["date"] <= today) & (ev["status"] != "planned")
        for name, rows_of in _tracks(ds):
            in_track = rows_of.fillna(False).astype(bool)
            rows, ahead = ev[in_track & dated], ev[in_track & ~dated].sort_values("date")
            nxt = _("none in the data") if ahead.empty else format_date(ahead.iloc[0]["date"],
                                                                       ahead.iloc[0]["date_precision"])
            if rows.empty:
                out.append(TrackLatest(name, _("none found"), "", "", (), next=nxt))
                continue
            r = records(rows.sort_values("date").tail(1))[0]
            day = pd.Timestamp(r["date"])
            out.append(TrackLatest(name, format_date(r["date"], r.get("date_precision")), str(r["title"]),
                                   str(r["status"]), tuple(r["source_ids"]), i18n.format_ago(day.date(), today.date()),
                                   day.date(), nxt))
    tr = ds["trade"]
    if not tr.empty:
        last = tr.sort_values("year").iloc[-1]
        end = pd.Timestamp(year=int(last["year"]), month=12, day=31)
        out.append(TrackLatest(_("China customs trade figure"), str(int(last["year"])), _("goods trade, whole year"),
                               str(last["status"]), tuple(last["source_ids"]),
                               i18n.format_ago(end.date(), today.date()), end.date()))
    return tuple(out)
