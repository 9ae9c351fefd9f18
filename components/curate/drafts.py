"""A draft: one row as a curator has entered it, not yet saved, and the changelog entry it
will get. Pure: no Streamlit, no file access."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from components.curate.schema import ResourceSpec
from components.data.changes import FILE_ITEMS


@dataclass(frozen=True)
class Draft:
    resource: str  # events
    path: str  # events.csv
    key: tuple[str, ...]  # the primary key's columns
    cells: tuple[tuple[str, str], ...]  # (column, text) in schema order
    replaces: str | None = None  # the key of the row it replaces; None for a new row
    what: str = ""  # the changelog's sentence

    def as_dict(self) -> dict[str, str]:
        return dict(self.cells)

    @property
    def row_id(self) -> str:
        row = self.as_dict()
        return "|".join(row.get(k, "") for k in self.key)

    @property
    def kind(self) -> str:
        return "added" if self.replaces is None else "revised"

    @property
    def source_ids(self) -> str:
        """What the changelog entry rests on: the row's sources (a source rests on itself)."""
        row = self.as_dict()
        return row.get("source_ids") or (row.get("id", "") if self.resource == "sources" else "")


def make(spec: ResourceSpec, cells: Mapping[str, str], old: Mapping[str, str] | None = None,
         replaces: str | None = None) -> Draft:
    """The draft of ``cells`` for the table ``spec``; ``old`` the row it replaces, if any."""
    ordered = tuple((n, str(cells.get(n, "")).strip()) for n in spec.names)
    return Draft(spec.name, spec.path, spec.key, ordered, replaces, describe(spec, dict(ordered), old))


def describe(spec: ResourceSpec, cells: Mapping[str, str], old: Mapping[str, str] | None) -> str:
    """The changelog's sentence: what was added, or which columns were revised."""
    kind, column = FILE_ITEMS.get(spec.path, ("Row", ""))
    name = cells.get(column) or spec.row_key(dict(cells))
    if old is None:
        return f"Added {kind.lower()} '{name}' in the curator's workspace."
    changed = [n for n in spec.names if str(old.get(n, "")).strip() != str(cells.get(n, "")).strip()]
    what = ", ".join(changed) if changed else "nothing"
    return f"Revised {kind.lower()} '{name}' in the curator's workspace: {what}."


def changelog_cells(d: Draft, day: str) -> dict[str, str]:
    """The draft's row of ``changes.csv``."""
    return {"date": day, "file": d.path, "row_id": d.row_id, "kind": d.kind, "what": d.what,
            "source_ids": d.source_ids}
