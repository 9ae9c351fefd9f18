"""What every view model shares: the picture a page exports, the mechanism-count sentence
(written once here, drawn by the page, presentation mode and the deck), the filter caption.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from components.data import changes, i18n
from components.data.dataset import Dataset
from components.data.filters import Filters
from components.data.i18n import _, ngettext
from components.data.labels import dates_line, md, status_label
from components.data.sourcing import Sources, short_sources, sources_text
from components.render import images, staticmap
from components.render.mapmodel import MapModel
from components.views import panels


@dataclass(frozen=True)
class Chart:
    """The picture a page exports (PNG, deck): a plotly figure, or the static map of a model."""

    title: str
    source_ids: tuple[str, ...]
    figure: go.Figure | None = None
    map_model: MapModel | None = None

    def picture(self) -> go.Figure:
        if self.figure is not None:
            return self.figure
        if self.map_model is None:
            raise ValueError("a chart needs a figure or a map model")
        return staticmap.draw(self.map_model)

    def png(
        self, src: Sources, *, filters: str, dates: str, width: int = 1600, height: int = 900, scale: float = 1.0
    ) -> bytes:
        """The picture as a PNG with its title, the filters, its sources and the data's two dates
        (``labels.dates_line``) inside."""
        return images.figure_png(
            self.picture(),
            title=self.title,
            filters=filters,
            source_line=short_sources(self.source_ids, src, limit=images.source_limit(width)),
            dates=dates,
            width=width,
            height=height,
            scale=scale,
        )


@dataclass(frozen=True)
class MechanismCount:
    """The official count of ministerial mechanisms beside the number identified by name."""

    official: int | None
    identified: int
    status: str  # of the official count, in words ("single source")
    basis: str  # its sources, as a line
    note: str
    source_ids: tuple[str, ...]

    @property
    def unnamed(self) -> int:
        return max((self.official or 0) - self.identified, 0)

    def sentence(self, *, full: bool = False, markdown: bool = False) -> str:
        """The one wording of the count. ``full`` adds its source and what is not listed;
        ``markdown`` bolds the numbers and escapes the data in it."""

        def b(value: object) -> str:
            return f"**{value}**" if markdown else str(value)

        basis = md(self.basis) if markdown else self.basis
        if self.official is None:
            return ngettext(
                "Identified by name in this data: {identified} mechanism.",
                "Identified by name in this data: {identified} mechanisms.",
                self.identified,
            ).format(identified=b(self.identified))
        if full:
            return _(
                "Official count: {official} ministerial meeting mechanisms (source: {basis}; {status}). "
                "Identified by name in this data: {identified}. The other {unnamed} are not named "
                "in any source found, so none is listed here."
            ).format(
                official=b(self.official), basis=basis, status=self.status, identified=b(self.identified),
                unnamed=self.unnamed,
            )
        return _(
            "Official count of ministerial meeting mechanisms: {official} ({status}); "
            "{identified} are identified by name in this data."
        ).format(official=b(self.official), status=i18n.midline(self.status), identified=b(self.identified))


def mechanism_count(ds: Dataset, src: Sources) -> MechanismCount:
    official, identified, row = panels.mechanism_count(ds)
    if official is None or row is None:
        return MechanismCount(None, identified, "", "", "", ())
    ids = tuple(row["source_ids"])
    status = status_label(row.get("status")).lower()
    return MechanismCount(int(official), identified, status, sources_text(ids, src), row.get("status_note") or "", ids)


def changed_events(ds: Dataset, f: Filters) -> dict[str, str] | None:
    """Event id -> how it changed on or after ``f.since``; None when no day is asked for."""
    return changes.changed_rows(ds, "events.csv", f.since) if f.since else None


def column(table: pd.DataFrame, name: str) -> str:
    """A column of a shared table (components/views/panels.py) by its English name: its heading in the
    current language when the table has it so, else the English one."""
    shown = _(name)
    return shown if shown in table.columns else name


def pick(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Those columns of an event table, with its "Changed" column, when it has one, after the
    event's name (named in English here, found in the language the table is in)."""
    chosen = [column(table, c) for c in columns]
    changed = column(table, "Changed")
    if changed in table.columns:
        event = column(table, "Event")
        chosen.insert(chosen.index(event) + 1 if event in chosen else 0, changed)
    return table[chosen]


def years_text(f: Filters) -> str:
    return i18n.year_range(*f.years)


def caption(f: Filters, ds: Dataset) -> str:
    """The line under every page's title: the view and the data's two dates."""
    return _("Showing: {filters} · {dates}").format(filters=f.describe(), dates=dates_line(ds))
