"""The widgets of a form, one per field of ``datapackage.json``: select boxes for enums and single
references, multiselects for ``;``-separated id lists, text for everything else (dates and numbers
included). What the curator enters comes back exactly as typed, as the cells of a CSV row: the
checks of ``make validate`` judge it, nothing converts it on the way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from components.curate.schema import FieldSpec, ResourceSpec, long_text
from components.data.csvfiles import split_list
from components.data.labels import md
from components.data.rowchecks import _PATTERN_HINTS as PATTERN_HINTS

NONE = "—"


@dataclass
class Drawn:
    cells: dict[str, str]
    slots: dict[str, Any]  # field name -> an empty place under its widget, for its problems


def _help(fs: FieldSpec) -> str:
    parts = [fs.description] if fs.description else []
    if fs.name in PATTERN_HINTS and fs.pattern:
        parts.append(f"Form: {PATTERN_HINTS[fs.name]}.")
    if fs.required:
        parts.append("Required.")
    return md(" ".join(parts)) if parts else ""


def cell_text(fs: FieldSpec, value: Any) -> str:
    """A widget's value as the CSV cell's text."""
    if fs.widget == "multiselect":
        return ";".join(str(v) for v in value or ())
    if fs.widget == "select":
        return str(value or "")
    return str("" if value is None else value).strip()


def current(spec: ResourceSpec, prefix: str, state: Mapping[str, Any]) -> dict[str, str]:
    """The cells as the form's widgets hold them now: in a button's callback, what is on screen."""
    return {fs.name: cell_text(fs, state.get(f"{prefix}|{fs.name}")) for fs in spec.fields}


def field(fs: FieldSpec, key: str, old: str, options: Sequence[str], texts: Sequence[str]) -> str:
    """One widget; the cell's text."""
    label, helptext = fs.label, _help(fs) or None
    kind = fs.widget
    if kind == "multiselect":
        chosen = [v for v in split_list(old)]
        opts = list(dict.fromkeys([*options, *chosen]))
        return cell_text(fs, st.multiselect(label, opts, default=chosen, key=key, help=helptext))
    if kind == "select":
        opts = list(dict.fromkeys(["", *options, *([old] if old else [])]))
        one = st.selectbox(label, opts, index=opts.index(old), key=key, help=helptext,
                           format_func=lambda v: v or NONE)
        return cell_text(fs, one)
    if kind in ("date", "number", "integer"):
        # text, kept exactly as typed: the checks of make validate judge it (a calendar or a number
        # spinner would turn 2099-13-40 into another day, or 41.29951 into 41.2995, without a word)
        hint = "YYYY-MM-DD" if kind == "date" else ("a whole number" if kind == "integer" else "e.g. 41.2995")
        return cell_text(fs, st.text_input(label, value=old, key=key, help=helptext, placeholder=hint))
    if long_text(fs, texts):
        return cell_text(fs, st.text_area(label, value=old, key=key, help=helptext, height=110))
    return cell_text(fs, st.text_input(label, value=old, key=key, help=helptext))


def draw(spec: ResourceSpec, prefix: str, old: Mapping[str, str] | None, options: Mapping[str, Sequence[str]],
         texts: Mapping[str, Sequence[str]]) -> Drawn:
    """Every field of the table, in the file's order; ``old`` the row being edited (None to add)."""
    cells: dict[str, str] = {}
    slots: dict[str, Any] = {}
    for fs in spec.fields:
        cells[fs.name] = field(fs, f"{prefix}|{fs.name}", (old or {}).get(fs.name, ""),
                               options.get(fs.name, ()), texts.get(fs.name, ()))
        slots[fs.name] = st.empty()
    return Drawn(cells, slots)
