"""Ministerial meeting mechanisms: each with its sector, first meeting, meetings and hosts."""

import streamlit as st

from components import charts, export, panels, ui
from components.data import records, source_lookup
from components.labels import md
from components.views import mechanisms_view

ds, f = ui.context("mechanisms")

st.title("Ministerial mechanisms")
ui.filter_caption(f, ds)

official, identified, row = panels.mechanism_count(ds)
src = source_lookup(ds)
if official is not None and row is not None:
    basis = md(charts.sources_text(tuple(row["source_ids"]), src))
    st.info(
        f"Official count: **{int(official)}** ministerial meeting mechanisms (source: {basis}; "
        f"single source). Identified by name in this data: **{identified}**. The other "
        f"{max(int(official) - identified, 0)} are not named in any source found, so none is listed here.",
        icon="ℹ️",
    )
    if row.get("status_note"):
        st.caption(f"Note on the count: {md(row['status_note'])}")
else:
    st.info(f"Identified by name in this data: {identified} mechanisms.")

mech = ds["mechanisms"]
names = dict(zip(mech["id"], mech["name"], strict=True))
chosen = ui.page_choice("Mechanisms", "mechanism", names, help="Leave empty to show every mechanism.")

view = ui.memo(mechanisms_view, ds, f, tuple(chosen))
meetings = view.meetings
ui.table(view.table)

st.subheader("Meetings")
if not ui.missing(meetings, "meetings of these mechanisms") and view.figure is not None:
    st.plotly_chart(view.figure, width="stretch", config={"displaylogo": False})
    st.caption("Each marker is a meeting, labelled with its host city; hollow markers are planned or unconfirmed.")

for m in records(mech):
    if chosen and m["id"] not in chosen:
        continue
    with st.expander(md(m["name"])):
        body = [f"**Sector:** {md(m['sector'])}"]
        if m.get("notes"):
            body.append(md(m["notes"]))
        if m.get("status_note"):
            body.append(f"*Note: {md(m['status_note'])}*")
        body.append("*Sources: " + md(charts.sources_text(tuple(m["source_ids"]), src)) + "*")
        st.markdown("\n\n".join(body))

st.subheader("Download")
ui.downloads(
    ds,
    f,
    name="mechanisms",
    page_path="mechanisms",
    rows=view.rows,
    png=None
    if meetings.empty
    else lambda: export.chart_png(
        charts.build_mechanism_chart(meetings, mech, f.years),
        title="Ministerial meeting mechanisms: meetings",
        ds=ds,
        f=f,
        rows=meetings,
    ),
)
ui.data_problems(ds, "mechanisms", "events", "figures")
