"""The data changelog (``data/changes.csv``) read as facts: what changed, when, in which row, on
what sources; which rows changed on or after a day; how current each track of the data is.
Pure: no Streamlit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from components.data import Dataset, records
from components.labels import CATEGORY_LABELS, format_date

KIND_LABELS: dict[str, str] = {
    "added": "Added",
    "revised": "Revised",
    "status_changed": "Status changed",
    "removed": "Removed",
}
# what each file holds, in words, and the column that names a row
FILE_ITEMS: dict[str, tuple[str, str]] = {
    "events.csv": ("Event", "title"),
    "mechanisms.csv": ("Mechanism", "name"),
    "commitments.csv": ("Commitment", "title"),
    "institutions.csv": ("Institution", "name"),
    "projects.csv": ("Project", "name"),
    "countries.csv": ("Country", "name"),
    "directions.csv": ("Direction", "name"),
    "figures.csv": ("Figure", "label"),
    "trade.csv": ("Trade figure", ""),
    "sources.csv": ("Source", "title"),
}
# the tracks the Overview reports on: event categories, latest dated item of each
TRACKS: tuple[str, ...] = ("summit", "foreign_ministers_meeting", "ministerial_meeting", "forum", "institution",
                           "project_milestone")


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
            out[c.row_id] = f"{KIND_LABELS.get(c.kind, c.kind).lower()} {c.day.isoformat()}"
    return out


def item_name(ds: Dataset, file: str, row_id: str) -> str:
    """What a changed row is, in words: its title or name, else its id."""
    if row_id == "*":
        return "every row"
    kind, column = FILE_ITEMS.get(file, ("Row", ""))
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
    track: str  # in words
    date: str
    title: str
    status: str
    source_ids: tuple[str, ...]


def currency(ds: Dataset, today: pd.Timestamp) -> tuple[TrackLatest, ...]:
    """For each track, the latest item dated up to today that the data holds."""
    ev = ds["events"]
    out = []
    for cat in TRACKS:
        rows = ev[(ev["category"] == cat) & (ev["date"] <= today) & (ev["status"] != "planned")] if not ev.empty else ev
        if rows.empty:
            out.append(TrackLatest(CATEGORY_LABELS[cat], "none found", "", "", ()))
            continue
        r = records(rows.sort_values("date").tail(1))[0]
        out.append(
            TrackLatest(CATEGORY_LABELS[cat], format_date(r["date"], r.get("date_precision")), str(r["title"]),
                        str(r["status"]), tuple(r["source_ids"]))
        )
    tr = ds["trade"]
    if not tr.empty:
        last = tr.sort_values("year").iloc[-1]
        out.append(TrackLatest("China customs trade figure", str(int(last["year"])), "goods trade, whole year",
                               str(last["status"]), tuple(last["source_ids"])))
    return tuple(out)
