"""The curator's workspace page: choose a table and a row, fill the form (built from
``datapackage.json``), see the problems ``make validate`` would report and the row as it would
appear, save it with its changelog entry, and review what changed for a pull request.

Loaded only with the switch on (``CC5_CURATE=1``); ``store`` (the one module that writes to the
data folder) is imported when a save is asked for."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from components import views
from components.curate import candidate, csvtext, drafts, fields, review, schema
from components.curate.candidate import Checked
from components.curate.drafts import Draft
from components.data.dataset import configured_dir, read_descriptor, source_lookup
from components.data.filters import YEAR_MAX, YEAR_MIN, Filters
from components.data.labels import md
from components.render import charts, maps
from components.render.mapmodel import Point
from components.web import access, plot, ui

PREFIX = "cc5c"
ADD, EDIT = "Add a row", "Edit a row"
# a form, to read it again from its widgets: its table, its widgets' key prefix, the row edited
Plan = tuple[schema.ResourceSpec, str, "dict[str, str] | None", "str | None"]
DRAFT_CAPTION = "Draft — not saved. The ringed marker is the row as it would appear once saved."


def server_address() -> Any:
    """The address the server listens on, as uvicorn binds it (components/web/startup.py)."""
    from components.web.startup import listening_address

    return listening_address()


def _state() -> Any:
    return st.session_state


def allowed() -> bool:
    """The workspace works on a loopback-only server, or with the curator token entered."""
    if access.loopback_only(server_address()):
        return True
    if access.token():
        st.text_input("Curator token", type="password", key=f"{PREFIX}_token")
    why = access.refusal(server_address(), str(_state().get(f"{PREFIX}_token", "")))
    if why:
        st.error(why, icon=":material/lock:")
        return False
    return True


def today() -> str:
    return date.today().isoformat()


def _read(data_dir: Path, path: str) -> csvtext.Parsed:
    try:
        return csvtext.parse((data_dir / path).read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return csvtext.parse("")


def _hashes(data_dir: Path, names: list[str]) -> dict[str, str]:
    import hashlib

    out = {}
    for n in names:
        try:
            out[n] = hashlib.sha256((data_dir / n).read_bytes()).hexdigest()
        except OSError:
            out[n] = ""
    return out


def show() -> None:
    st.title("Curator's workspace")
    st.caption("Add or correct a row. Every field comes from data/datapackage.json; the checks are those of "
               "make validate; nothing is written until you save.")
    if not allowed():
        return
    data_dir = configured_dir()
    specs = schema.editable(data_dir)
    if not specs:
        st.error("The data description, data/datapackage.json, cannot be read, so no form can be built.")
        return
    all_specs = schema.resource_specs(read_descriptor(data_dir)[0] or {})
    ds = ui.dataset()
    state = _state()
    state.setdefault(f"{PREFIX}_gen", 0)
    state.setdefault(f"{PREFIX}_drafts", {})
    state.setdefault(f"{PREFIX}_saved", [])
    top = st.columns([1, 1, 2])
    name = top[0].selectbox("Table", list(specs), format_func=lambda n: specs[n].title, key=f"{PREFIX}_table")
    mode = top[1].radio("Action", [ADD, EDIT], horizontal=True, key=f"{PREFIX}_mode")
    spec = specs[str(name)]
    parsed = _read(data_dir, spec.path)
    old: dict[str, str] | None = None
    replaces: str | None = None
    if mode == EDIT:
        keys = ["|".join(r.cells.get(k, "") for k in spec.key) for r in parsed.rows]
        if not keys:
            st.info(f"{spec.path} has no row to edit.")
            return
        replaces = str(top[2].selectbox("Row", keys, key=f"{PREFIX}_row|{name}"))
        found = csvtext.find(parsed, spec.key, replaces)
        old = dict(found.cells) if found else None
    flash = state.pop(f"{PREFIX}_flash", None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    ident = f"{name}|{mode}|{replaces}|{state[f'{PREFIX}_gen']}"
    form, side = st.columns([3, 2], gap="large")
    with form:
        made, plans = _forms(data_dir, spec, specs, ds, parsed, old, replaces, ident)
    if f"{PREFIX}_hashes" not in state or state.get(f"{PREFIX}_ident") != ident:
        state[f"{PREFIX}_ident"] = ident  # the form is opened: the files as they are now
        state[f"{PREFIX}_hashes"] = _hashes(data_dir, sorted({spec.path, *(d.path for d in made[0])}
                                                              | ({"sources.csv"} if name == "events" else set())))
    pending, drawn = made
    checked = candidate.check(data_dir, pending, all_specs, today())
    for d, dr in zip(pending, drawn, strict=True):
        for col, slot in dr.slots.items():
            probs = checked.for_column(d.path, col)
            if probs:
                slot.error(md(" ".join(candidate.wording(p) for p in probs)), icon=":material/error:")
    unchanged = old is not None and pending[-1].as_dict() == {k: old.get(k, "") for k in spec.names}
    blank = not any(v for d in pending for _, v in d.cells)
    if unchanged or blank:
        state[f"{PREFIX}_drafts"].pop(ident, None)
    else:
        state[f"{PREFIX}_drafts"][ident] = pending
    with side:
        _checks(checked, unchanged, blank)
        # Never disabled: a click always counts. The callback runs before the next run draws
        # anything, with every widget as it is on screen (text typed without Enter or Tab is sent
        # with the click): it reads the form from there, checks it again and saves exactly that,
        # or refuses with the validator's words.
        st.button("Save", type="primary", key=f"{PREFIX}_save", on_click=_save,
                  args=(data_dir, plans, ident, all_specs))
        failed = state.pop(f"{PREFIX}_failed", None)
        if failed:
            st.error(failed, icon=":material/error:")
    _preview(checked, pending, spec)  # full width: the timeline and the map need it
    st.divider()
    _review(data_dir)


def _forms(data_dir: Path, spec: schema.ResourceSpec, specs: dict[str, schema.ResourceSpec], ds: Any,
           parsed: csvtext.Parsed, old: dict[str, str] | None, replaces: str | None,
           ident: str) -> tuple[tuple[list[Draft], list[fields.Drawn]], list[Plan]]:
    """The inline source form (adding an event) and the table's form; their drafts, and how to
    read each form again from the widgets (``Plan``)."""
    pending: list[Draft] = []
    plans: list[Plan] = []
    drawn: list[fields.Drawn] = []
    extra: list[str] = []
    if spec.name == "events" and old is None and "sources" in specs:
        src = specs["sources"]
        with st.expander("A new source for this event", icon=":material/add_link:"):
            if st.toggle("Add a new source with this event", key=f"{PREFIX}|{ident}|inline"):
                sp = _read(data_dir, src.path)
                d = fields.draw(src, f"{PREFIX}|{ident}|src", None, _options(src, ds),
                                {c: [r.cells.get(c, "") for r in sp.rows] for c in src.names})
                pending.append(drafts.make(src, d.cells))
                plans.append((src, f"{PREFIX}|{ident}|src", None, None))
                drawn.append(d)
                if d.cells.get("id"):
                    extra.append(d.cells["id"])
    st.subheader(("Edit " if old else "New row in ") + spec.path)
    opts = _options(spec, ds)
    if extra and "source_ids" in opts:
        opts["source_ids"] = sorted({*opts["source_ids"], *extra})
    d = fields.draw(spec, f"{PREFIX}|{ident}", old, opts, {c: [r.cells.get(c, "") for r in parsed.rows]
                                                            for c in spec.names})
    pending.append(drafts.make(spec, d.cells, old, replaces))
    plans.append((spec, f"{PREFIX}|{ident}", old, replaces))
    drawn.append(d)
    return (pending, drawn), plans


def _options(spec: schema.ResourceSpec, ds: Any) -> dict[str, list[str]]:
    return {fs.name: schema.options(fs, ds) for fs in spec.fields if fs.widget in ("select", "multiselect")}


def _checks(checked: Checked, unchanged: bool, blank: bool) -> None:
    st.subheader("Checks")
    if blank:
        st.info("Fill in the form: the fields marked * are required. Each field is checked as you go.")
    elif unchanged:
        st.info("Nothing changed yet: edit a field to make a revision.")
    elif checked.errors:
        st.error(md(f"{len(checked.errors)} problem(s), as make validate would report them; fix them to save:"),
                 icon=":material/error:")
        st.text("\n".join(candidate.wording(p) for p in checked.errors))
    else:
        st.success("No problem found: the row passes every check of make validate.", icon=":material/check:")
    warnings = [p for p in checked.problems if p.severity != "error"]
    if warnings:
        st.text("\n".join(candidate.wording(p) for p in warnings))


def _save(data_dir: Path, plans: list[Plan], ident: str, all_specs: dict[str, schema.ResourceSpec]) -> None:
    """Save the forms as the widgets hold them now (what is on screen), or say why not."""
    state = _state()
    pending = [drafts.make(spec, fields.current(spec, prefix, state), old, replaces)
               for spec, prefix, old, replaces in plans]
    checked = candidate.check(data_dir, pending, all_specs, today())
    old = plans[-1][2]
    if checked.errors:
        state[f"{PREFIX}_failed"] = md("Not saved: " + " ".join(candidate.wording(p) for p in checked.errors))
        return
    if not any(v for d in pending for _, v in d.cells) or (
            old is not None and pending[-1].as_dict() == {k: old.get(k, "") for k in plans[-1][0].names}):
        state[f"{PREFIX}_failed"] = "Not saved: nothing changed; edit a field first."
        return
    from components.curate import store  # the one writer: imported only when a save is asked for

    try:
        written = store.save(data_dir, pending, state.get(f"{PREFIX}_hashes", {}), today())
    except store.SaveError as exc:
        state[f"{PREFIX}_failed"] = md(f"Not saved: {exc}")
        return
    state[f"{PREFIX}_drafts"].pop(ident, None)
    state[f"{PREFIX}_saved"] = sorted({*state[f"{PREFIX}_saved"], *written})
    state[f"{PREFIX}_gen"] += 1  # a fresh form; the hashes are taken again
    rows = ", ".join(f"{d.path} '{d.row_id}'" for d in pending)
    state[f"{PREFIX}_flash"] = md(f"Saved {rows}, with the changelog entry; the dashboard shows it now. "
                                  f"The previous files are kept as .bak until the next save.")


def _preview(checked: Checked, pending: list[Draft], spec: schema.ResourceSpec) -> None:
    st.subheader("Preview")
    if checked.errors:
        st.caption("The preview appears when the checks pass.")
        return
    row = pending[-1].as_dict()
    st.caption(DRAFT_CAPTION if spec.name == "events" else "Draft — not saved.")
    st.dataframe(pd.DataFrame([row]).astype(str), hide_index=True, width="stretch")
    if spec.name != "events":
        return
    f = Filters(years=(YEAR_MIN, YEAR_MAX))
    tv = views.timeline_view(checked.dataset, f)  # the Timeline's own view, on the data with the draft
    if not tv.events.empty:
        ring = {str(row["id"]): "draft, not saved"}  # the draft alone is ringed
        fig = charts.build_timeline(tv.events, source_lookup(checked.dataset), f.years, changed=ring,
                                    changed_label="Draft — not saved")
        plot.chart(fig, key=f"{PREFIX}_tl")
    marker = draft_marker(row)
    if marker is not None:
        mv = views.map_view(checked.dataset, f, "hosted")
        st.caption("Draft — not saved: the map with the draft's meeting city, ringed in magenta.")
        st.pydeck_chart(maps.draw_deck(replace(mv.model, drafts=(marker,))), height=460, width="stretch")


def draft_marker(row: dict[str, Any]) -> Point | None:
    """The ringed marker for an event draft placed on the map (None without usable coordinates)."""
    try:
        lat, lon = float(str(row.get("lat"))), float(str(row.get("lon")))
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    label = f"Draft: {row.get('city') or row.get('id')}"
    return Point(lon, lat, label, f"{label} (not saved)\n{row.get('date', '')}: {row.get('title', '')}")


def _review(data_dir: Path) -> None:
    state = _state()
    st.subheader("Review")
    pending = [d for ds in state.get(f"{PREFIX}_drafts", {}).values() for d in ds]
    st.markdown("**Unsaved drafts**")
    if pending:
        st.text("\n".join(f"{d.kind}: {d.path} '{d.row_id}'" for d in pending))
    else:
        st.caption("None.")
    st.markdown("**Changes since the last commit**")
    changes = review.git_changes(data_dir)
    if changes is None:
        st.caption(md(f"The data folder ({data_dir}) is not in a git work tree, so there is no commit to compare "
                      "with: download the files saved in this session instead."))
    elif not changes.status.strip():
        st.caption("None: the data folder is as committed.")
    else:
        st.text(changes.status + "\n" + changes.stat)
        st.download_button("Download the change as a patch (git diff)", changes.patch, "data-change.patch",
                           mime="text/x-diff", key=f"{PREFIX}_patch", icon=":material/download:")
    saved = state.get(f"{PREFIX}_saved", [])
    if saved:
        st.download_button(f"Download the changed CSV files (zip: {', '.join(saved)})",
                           review.zip_files(data_dir, saved), "data-change.zip", mime="application/zip",
                           key=f"{PREFIX}_zip", icon=":material/folder_zip:")
