"""The six priority cooperation directions agreed at Astana (June 2025)."""

import streamlit as st

from components import views
from components.data import i18n
from components.data.i18n import _
from components.data.labels import md
from components.views.memo import memo
from components.web import downloads, ui

ds, f = ui.context()
ui.header("directions", views.caption(f, ds))
st.markdown(_(views.directions.INTRO))

chosen = ui.choice("directions", ds, f)
view = memo(views.directions_view, ds, f, tuple(chosen))
link = {"Link": downloads.link_column(_("Link"))}

for p in view.panels:
    with st.container(border=True):
        # one Markdown block per panel head: fewer elements, a faster rerun
        involved = md(i18n.list_text(p.countries)) or _("none")
        head = [
            f"### {md(p.name)}",
            md(p.description),
            "*" + _("Countries involved in this selection: {countries}").format(countries=involved) + "*",
            "**" + _("Commitments and instruments ({n})").format(n=p.n_commitments) + "**",
        ]
        if not p.n_commitments:
            head.append("*" + _("No commitment recorded for this direction in the selection.") + "*")
        st.markdown("\n\n".join(head))
        if p.n_commitments:
            ui.table(p.commitment_table, column_config=link)
        st.markdown("**" + _("Related events ({n})").format(n=p.n_events) + "**")
        if p.n_events:
            ui.table(p.events_table)
        if not p.projects_table.empty:
            st.markdown("**" + _("Connectivity projects") + "**")
            ui.table(p.projects_table)

st.subheader(_("Download"))
downloads.downloads(ds, f, "directions")
ui.data_problems(ds, "directions", "commitments", "events", "projects")
