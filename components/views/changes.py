"""The "What changed" page's view: the data changelog since a day (``since=``), each change with
the row it concerns and the sources it rests on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from components.data import i18n
from components.data.changes import changelog, file_item, item_name, kind_label, latest_release
from components.data.dataset import Dataset, source_lookup
from components.data.datatext import kept_in_english
from components.data.filters import Filters
from components.data.i18n import N_, _, ngettext
from components.data.labels import day_text
from components.data.sourcing import sources_text, urls

# The table's headings (English, marked): shown in the language of the view.
COLUMNS = [N_("Date"), N_("Change"), N_("Item"), N_("Name"), N_("What changed"), N_("Sources"), N_("Link")]


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
            [c.day.isoformat(), kind_label(c.kind), file_item(c.file),
             item_name(ds, c.file, c.row_id), kept_in_english(c.what), sources_text(c.source_ids, src), first]
        )
    table = pd.DataFrame(rows, columns=[_(c) for c in COLUMNS])
    n = len(table)
    if f.since:
        count = ngettext("{n} change since {day}", "{n} changes since {day}", n).format(
            n=n, day=day_text(f.since)
        )
    else:
        count = ngettext("{n} change in the changelog", "{n} changes in the changelog", n).format(n=n)
    kinds = table.iloc[:, 1].value_counts() if not table.empty else pd.Series(dtype=int)
    parts = i18n.list_text([_("{n} {kind}").format(n=k_n, kind=str(k).lower()) for k, k_n in kinds.items()])
    summary = _("{count}: {parts}.").format(count=count, parts=parts) if parts else _("{count}.").format(count=count)
    ids = tuple(i for c in log for i in c.source_ids)
    return ChangesView(f.since, latest_release(ds), table, summary, ids)
