"""The form of each editable table, read from ``datapackage.json``: no code per field.

A field's widget follows from its description: an enum is a select box, a ``date`` or a number a
text field (kept as typed, judged by the checks), a foreign key a choice among the ids that exist, a ``;``-separated id
list (``listForeignKeys``) a multiselect of them, anything else text. Pure: no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from components.data.csvfiles import list_fields, required
from components.data.dataset import Dataset, read_descriptor

EDITABLE: tuple[str, ...] = ("events", "sources", "commitments", "trade", "mechanisms")
LONG_TEXT = 80  # a text field whose existing values run longer than this gets a text area


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str  # string, date, number, integer
    required: bool
    description: str = ""
    enum: tuple[str, ...] = ()
    pattern: str = ""
    minimum: float | None = None
    maximum: float | None = None
    ref: tuple[str, str] | None = None  # (resource, field) an id here must exist in
    many: bool = False  # several ids separated by ';'

    @property
    def widget(self) -> str:
        if self.many:
            return "multiselect"
        if self.enum or self.ref:
            return "select"
        if self.type == "date":
            return "date"
        if self.type in ("number", "integer"):
            return self.type
        return "text"

    @property
    def label(self) -> str:
        return self.name + (" *" if self.required else "")


@dataclass(frozen=True)
class ResourceSpec:
    name: str
    path: str  # events.csv
    title: str
    fields: tuple[FieldSpec, ...]
    key: tuple[str, ...]  # the primary key's columns

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)

    def row_key(self, row: dict[str, str]) -> str:
        """The row's key as ``changes.csv`` and ``make validate`` write it (``a|b`` when composite)."""
        return "|".join(row.get(k, "") for k in self.key)


def _spec(res: dict[str, Any]) -> ResourceSpec:
    schema = res["schema"]
    single = {fk["fields"]: (fk["reference"]["resource"], fk["reference"]["fields"])
              for fk in schema.get("foreignKeys", []) if isinstance(fk.get("fields"), str)}
    many = {lfk["fields"]: (lfk["reference"]["resource"], lfk["reference"]["fields"])
            for lfk in res.get("listForeignKeys", [])}
    lists = set(list_fields(res))
    fields = []
    for f in schema["fields"]:
        cons = f.get("constraints", {})
        name = f["name"]
        fields.append(FieldSpec(
            name=name,
            type=f["type"],
            required=required(f),
            description=str(f.get("description", "")),
            enum=tuple(str(v) for v in cons.get("enum", ())),
            pattern=str(cons.get("pattern", "")),
            minimum=cons.get("minimum"),
            maximum=cons.get("maximum"),
            ref=many.get(name) or single.get(name),
            many=name in lists,
        ))
    keys = schema.get("primaryKey") or []
    keys = [keys] if isinstance(keys, str) else list(keys)
    return ResourceSpec(res["name"], res["path"], str(res.get("title", res["name"])), tuple(fields), tuple(keys))


def resource_specs(descriptor: dict[str, Any]) -> dict[str, ResourceSpec]:
    """Every resource of the package as a form description, by name."""
    return {r["name"]: _spec(r) for r in descriptor.get("resources", [])}


def editable(data_dir: Any) -> dict[str, ResourceSpec]:
    """The tables the workspace edits, in the order of EDITABLE ({} when the description is unreadable)."""
    descriptor, _ = read_descriptor(data_dir)
    specs = resource_specs(descriptor) if descriptor else {}
    return {n: specs[n] for n in EDITABLE if n in specs}


def options(fs: FieldSpec, ds: Dataset) -> list[str]:
    """The values a field can take: its enum, or the ids that exist in the table it refers to."""
    if fs.ref:
        table = ds.tables.get(fs.ref[0])
        if table is not None and fs.ref[1] in table.columns:
            found = sorted({str(v) for v in table[fs.ref[1]].dropna()})
            return found
    return list(fs.enum)


def long_text(fs: FieldSpec, values: Sequence[str]) -> bool:
    """A free text whose existing values are long (summaries, notes): drawn as a text area."""
    return fs.widget == "text" and not fs.pattern and any(len(v) > LONG_TEXT for v in values)
