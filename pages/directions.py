"""The six priority cooperation directions agreed at Astana (June 2025)."""

import pandas as pd
import streamlit as st

from components import export, panels, ui
from components.data import source_lookup
from components.labels import PROJECT_STATUS_LABELS, STATUS_LABELS, md

ds, f = ui.context("directions")

st.title("Priority directions")
ui.filter_caption(f, ds)
st.markdown(
    "At the Astana summit on 17 June 2025 the six countries named six priority directions for their "
    "cooperation. Each panel lists the commitments and instruments tied to it, the related events and "
    "the countries involved, within the filters."
)

ids = panels.direction_ids(ds)
names = {d: ds["directions"].set_index("id").loc[d, "name"] for d in ids}
chosen = ui.page_choice("Directions", "direction", names, help="Leave empty to show all six.") or ids
src = source_lookup(ds)

shown_panels = []
for did in chosen:
    p = panels.direction_panel(ds, f, did)
    shown_panels.append(p)
    with st.container(border=True):
        st.subheader(md(p["info"]["name"]))
        st.markdown(md(p["info"]["description"]))
        st.caption("Countries involved in this selection: " + (", ".join(p["countries"]) or "none"))
        com = p["commitments"]
        st.markdown(f"**Commitments and instruments ({len(com)})**")
        if com.empty:
            st.caption("No commitment recorded for this direction in the selection.")
        else:
            table = panels.commitment_table(com, ds["events"], src)
            st.dataframe(
                table,
                hide_index=True,
                width="stretch",
                column_config={"Link": ui.link_column("Link")},
            )
        ev = p["events"]
        st.markdown(f"**Related events ({len(ev)})**")
        if not ev.empty:
            st.dataframe(
                panels.event_table(ev, src)[["Date", "Event", "Place", "Status"]], hide_index=True, width="stretch"
            )
        if not p["projects"].empty:
            st.markdown("**Connectivity projects**")
            pr = p["projects"]
            st.dataframe(
                pr.assign(State=pr["status"].map(PROJECT_STATUS_LABELS), Facts=pr["data_status"].map(STATUS_LABELS))[
                    ["name", "State", "milestones", "Facts", "status_note"]
                ].rename(columns={"name": "Project", "milestones": "Milestones", "status_note": "Note"}),
                hide_index=True,
                width="stretch",
            )

shown = pd.concat([panel["commitments"] for panel in shown_panels]) if shown_panels else ds["commitments"].iloc[0:0]
st.subheader("Download")
ui.downloads(ds, f, name="commitments", page_path="directions", rows=export.with_source_urls(shown, src))
ui.data_problems(ds, "directions", "commitments", "events", "projects")
