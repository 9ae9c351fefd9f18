"""The widgets of a form, one per field of ``datapackage.json``: select boxes for enums and single
references, multiselects for ``;``-separated id lists, date and number inputs, text. What the
curator enters comes back as the cells of a CSV row (text, as the file holds it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st

from components.curate.schema import FieldSpec, ResourceSpec, long_text
from components.data.csvfiles import split_list
from components.data.labels import md
from components.data.rowchecks import _PATTERN_HINTS as PATTERN_HINTS

DATE_MIN, DATE_MAX = date(1990, 1, 1), date(2040, 12, 31)
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


def _number_text(fs: FieldSpec, value: float | int | None, old: str) -> str:
    if value is None:
        return ""
    try:
        if old and float(old) == float(value):
            return old  # unchanged: the file's own writing of it
    except ValueError:
        pass
    if fs.type == "integer":
        return str(int(value))
    return f"{float(value):.6f}".rstrip("0").rstrip(".")


def _as_number(text: str) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _as_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def field(fs: FieldSpec, key: str, old: str, options: Sequence[str], texts: Sequence[str]) -> str:
    """One widget; the cell's text."""
    label, helptext = fs.label, _help(fs) or None
    kind = fs.widget
    if kind == "multiselect":
        chosen = [v for v in split_list(old)]
        opts = list(dict.fromkeys([*options, *chosen]))
        got = st.multiselect(label, opts, default=chosen, key=key, help=helptext)
        return ";".join(got)
    if kind == "select":
        opts = list(dict.fromkeys(["", *options, *([old] if old else [])]))
        one = st.selectbox(label, opts, index=opts.index(old), key=key, help=helptext,
                           format_func=lambda v: v or NONE)
        return str(one or "")
    if kind == "date":
        day = st.date_input(label, value=_as_date(old), min_value=DATE_MIN, max_value=DATE_MAX,
                            format="YYYY-MM-DD", key=key, help=helptext)
        return day.isoformat() if isinstance(day, date) else ""
    if kind in ("number", "integer"):
        lo = fs.minimum if fs.minimum is not None else None
        hi = fs.maximum if fs.maximum is not None else None
        if kind == "integer":
            iv = _as_number(old)
            num: Any = st.number_input(label, value=None if iv is None else int(iv), step=1,
                                       min_value=None if lo is None else int(lo),
                                       max_value=None if hi is None else int(hi), key=key, help=helptext)
        else:
            num = st.number_input(label, value=_as_number(old), format="%.4f", step=0.0001,
                                  min_value=None if lo is None else float(lo),
                                  max_value=None if hi is None else float(hi), key=key, help=helptext)
        return _number_text(fs, num, old)
    if long_text(fs, texts):
        return str(st.text_area(label, value=old, key=key, help=helptext, height=110)).strip()
    return str(st.text_input(label, value=old, key=key, help=helptext)).strip()


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
