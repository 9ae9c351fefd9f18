"""The Priority directions page's view: one panel per direction, with its commitments, events
and projects in the filters."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.data.dataset import Dataset, records, source_lookup
from components.data.filters import Filters
from components.data.i18n import N_, _
from components.data.labels import project_status_labels, status_label, status_labels
from components.data.sourcing import ids_in
from components.render import tables
from components.views import panels
from components.views.base import changed_events, pick

INTRO = N_(
    "At the Astana summit on 17 June 2025 the six countries named six priority directions for their "
    "cooperation. Each panel lists the commitments and instruments tied to it, the related events and "
    "the countries involved, within the filters."
)


@dataclass(frozen=True)
class Example:
    title: str
    status: str  # in words
    confirmed: bool


@dataclass(frozen=True)
class DirectionPanel:
    id: str
    name: str
    description: str
    countries: tuple[str, ...]
    commitments: pd.DataFrame  # rows, for the download
    commitment_table: pd.DataFrame
    events_table: pd.DataFrame
    projects_table: pd.DataFrame
    examples: tuple[Example, ...]  # the first commitments, for slides
    source_ids: tuple[str, ...]

    @property
    def n_commitments(self) -> int:
        return len(self.commitments)

    @property
    def n_events(self) -> int:
        return len(self.events_table)


@dataclass(frozen=True)
class DirectionsView:
    panels: tuple[DirectionPanel, ...]
    rows: pd.DataFrame
    intro: str = INTRO  # in the language of the view (directions_view gives it)

    @property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(i for p in self.panels for i in p.source_ids)


def _projects(pr: pd.DataFrame) -> pd.DataFrame:
    if pr.empty:
        return pr
    shown = pr.assign(State=pr["status"].map(project_status_labels()), Facts=pr["data_status"].map(status_labels()))
    return shown[["name", "State", "milestones", "Facts", "status_note"]].rename(
        columns={"name": _("Project"), "State": _("State"), "milestones": _("Milestones"), "Facts": _("Facts"),
                 "status_note": _("Note")}
    )


def directions_view(ds: Dataset, f: Filters, chosen: tuple[str, ...] = ()) -> DirectionsView:
    """One panel per chosen direction (every direction when none is chosen)."""
    src = source_lookup(ds)
    dirs = ds["directions"]
    changed = changed_events(ds, f)
    out = []
    for did in chosen or tuple(panels.direction_ids(ds)):
        p = panels.direction_panel(ds, f, did)
        com, ev = p["commitments"], p["events"]
        own = dirs[dirs["id"] == did] if not dirs.empty else dirs
        examples = tuple(
            Example(str(r["title"]), status_label(r["status"]), r["status"] == "confirmed")
            for r in records(com.head(2))
        )
        out.append(
            DirectionPanel(
                id=did,
                name=str(p["info"]["name"]),
                description=str(p["info"].get("description") or ""),
                countries=tuple(p["countries"]),
                commitments=com,
                commitment_table=panels.commitment_table(com, ds["events"], src) if not com.empty else com,
                events_table=pick(panels.event_table(ev, src, changed), ["Date", "Event", "Place", "Status"])
                if not ev.empty
                else ev,
                projects_table=_projects(p["projects"]),
                examples=examples,
                source_ids=tuple(ids_in(com) + ids_in(own)),
            )
        )
    shown = pd.concat([v.commitments for v in out]) if out else ds["commitments"].iloc[0:0]
    return DirectionsView(tuple(out), tables.with_source_urls(shown, src), _(INTRO))
