"""The six priority cooperation directions agreed at Astana (June 2025)."""

import streamlit as st

from components import panels, ui
from components.labels import md
from components.views import directions_view

ds, f = ui.context("directions")

st.title("Priority directions")
ui.filter_caption(f, ds)
st.markdown(
    "At the Astana summit on 17 June 2025 the six countries named six priority directions for their "
    "cooperation. Each panel lists the commitments and instruments tied to it, the related events and "
    "the countries involved, within the filters."
)

ids = panels.direction_ids(ds)
all_names = dict(zip(ds["directions"]["id"], ds["directions"]["name"], strict=True))
names = {d: all_names[d] for d in ids}
chosen = ui.page_choice("Directions", "direction", names, help="Leave empty to show all six.") or ids
panels_shown, rows = ui.memo(directions_view, ds, f, tuple(chosen))

for p in panels_shown:
    with st.container(border=True):
        # one Markdown block per panel head: fewer elements, a faster rerun
        head = [
            f"### {md(p.info['name'])}",
            md(p.info["description"]),
            "*Countries involved in this selection: " + (md(", ".join(p.countries)) or "none") + "*",
            f"**Commitments and instruments ({len(p.commitments)})**",
        ]
        if p.commitments.empty:
            head.append("*No commitment recorded for this direction in the selection.*")
        st.markdown("\n\n".join(head))
        if not p.commitments.empty:
            ui.table(p.commitment_table, column_config={"Link": ui.link_column("Link")})
        st.markdown(f"**Related events ({len(p.events_table)})**")
        if not p.events_table.empty:
            ui.table(p.events_table)
        if not p.projects_table.empty:
            st.markdown("**Connectivity projects**")
            ui.table(p.projects_table)

st.subheader("Download")
ui.downloads(ds, f, name="commitments", page_path="directions", rows=rows)
ui.data_problems(ds, "directions", "commitments", "events", "projects")
