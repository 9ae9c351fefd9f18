"""Ministerial meeting mechanisms: each with its sector, first meeting, meetings and hosts."""

import streamlit as st

from components import views
from components.data.i18n import _
from components.data.labels import md
from components.views.memo import memo
from components.web import downloads, plot, ui

ds, f = ui.context()
ui.header("mechanisms", views.caption(f, ds))
chosen = ui.choice("mechanisms", ds, f)
view = memo(views.mechanisms_view, ds, f, tuple(chosen))

st.info(view.count.sentence(full=True, markdown=True), icon="ℹ️")
if view.count.note:
    st.caption(_("Note on the count: {note}").format(note=md(view.count.note)))
ui.table(view.table)

st.subheader(_("Meetings"))
if (
    not ui.missing(view.meetings, _("No meetings of these mechanisms to show for this selection."))
    and view.figure is not None
):
    narrow = ui.phone()
    plot.chart(view.phone_figure if narrow and view.phone_figure else view.figure, key="mechanisms_chart",
               config=ui.chart_config(narrow))
    st.caption(view.chart_note)

for m in view.details:
    with st.expander(md(m.name)):
        body = [_("**Sector:** {sector}").format(sector=md(m.sector))]
        if m.notes:
            body.append(md(m.notes))
        if m.status_note:
            body.append("*" + _("Note: {note}").format(note=md(m.status_note)) + "*")
        body.append("*" + _("Sources: {sources}").format(sources=md(m.sources)) + "*")
        st.markdown("\n\n".join(body))

st.subheader(_("Download"))
downloads.downloads(ds, f, "mechanisms", chart=view.chart is not None)
ui.data_problems(ds, "mechanisms", "events", "figures")
