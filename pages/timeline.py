"""Timeline 2020–2026: every event in the filters, by date and category, with sources."""

import streamlit as st

from components import views
from components.data.i18n import _
from components.views.memo import memo
from components.web import downloads, plot, ui

ds, f = ui.context()
ui.header("timeline", views.caption(f, ds))
cats = ui.choice("timeline", ds, f)
view = memo(views.timeline_view, ds, f, tuple(cats))

if not ui.missing(view.events, _("No events to show for this selection.")) and view.figure is not None:
    narrow = ui.phone()
    plot.chart(view.phone_figure if narrow and view.phone_figure else view.figure, key="timeline_chart",
               config=ui.chart_config(narrow))
    st.caption(view.legend)
    st.subheader(view.heading)
    columns = {
        "Source 1": downloads.link_column(_("Source 1")),
        "Source 2": downloads.link_column(_("Source 2")),
        "Source 3": downloads.link_column(_("Source 3")),
        "Summary": st.column_config.TextColumn(_("Summary"), width="large"),
    }
    ui.table(view.table, column_config=columns)
    downloads.downloads(ds, f, "timeline", chart=view.chart is not None)

ui.data_problems(ds, "events", "sources")
