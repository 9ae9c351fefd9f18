"""The six priority cooperation directions agreed at Astana (June 2025)."""

import streamlit as st

from components import downloads, ui, views
from components.labels import md
from components.memo import memo

ds, f = ui.context()
ui.header("directions", views.caption(f, ds))
st.markdown(views.directions.INTRO)

chosen = ui.choice("directions", ds, f)
view = memo(views.directions_view, ds, f, tuple(chosen))

for p in view.panels:
    with st.container(border=True):
        # one Markdown block per panel head: fewer elements, a faster rerun
        head = [
            f"### {md(p.name)}",
            md(p.description),
            "*Countries involved in this selection: " + (md(", ".join(p.countries)) or "none") + "*",
            f"**Commitments and instruments ({p.n_commitments})**",
        ]
        if not p.n_commitments:
            head.append("*No commitment recorded for this direction in the selection.*")
        st.markdown("\n\n".join(head))
        if p.n_commitments:
            ui.table(p.commitment_table, column_config={"Link": downloads.link_column("Link")})
        st.markdown(f"**Related events ({p.n_events})**")
        if p.n_events:
            ui.table(p.events_table)
        if not p.projects_table.empty:
            st.markdown("**Connectivity projects**")
            ui.table(p.projects_table)

st.subheader("Download")
downloads.downloads(ds, f, "directions")
ui.data_problems(ds, "directions", "commitments", "events", "projects")
