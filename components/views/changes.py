"""The "What changed" page's view: the data changelog since a day (``since=``), each change with
the row it concerns and the sources it rests on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from components.changes import FILE_ITEMS, KIND_LABELS, changelog, item_name, latest_release
from components.data import Dataset, source_lookup
from components.filters import Filters
from components.sourcing import sources_text, urls

COLUMNS = ["Date", "Change", "Item", "Name", "What changed", "Sources", "Link"]


@dataclass(frozen=True)
class ChangesView:
    since: date | None
    release: date | None  # the latest change recorded
    table: pd.DataFrame
    summary: str
    source_ids: tuple[str, ...]

    @property
    def rows(self) -> pd.DataFrame:
        return self.table


def changes_view(ds: Dataset, f: Filters) -> ChangesView:
    src = source_lookup(ds)
    log = [c for c in changelog(ds) if f.since is None or c.day >= f.since]
    rows = []
    for c in log:
        first = urls(c.source_ids, src).split(";")[0] or None
        rows.append(
            [c.day.isoformat(), KIND_LABELS.get(c.kind, c.kind), FILE_ITEMS.get(c.file, ("Row", ""))[0],
             item_name(ds, c.file, c.row_id), c.what, sources_text(c.source_ids, src), first]
        )
    table = pd.DataFrame(rows, columns=COLUMNS)
    since = f"since {f.since.isoformat()}" if f.since else "in the changelog"
    kinds = table["Change"].value_counts() if not table.empty else pd.Series(dtype=int)
    parts = ", ".join(f"{n} {str(k).lower()}" for k, n in kinds.items())
    summary = f"{len(table)} change(s) {since}" + (f": {parts}." if parts else ".")
    ids = tuple(i for c in log for i in c.source_ids)
    return ChangesView(f.since, latest_release(ds), table, summary, ids)
