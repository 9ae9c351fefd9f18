"""Timeline 2020–2026: every event in the filters, by date and category, with sources."""

import streamlit as st

from components import downloads, ui, views
from components.memo import memo

ds, f = ui.context()
ui.header("timeline", views.caption(f, ds))
cats = ui.choice("timeline", ds, f)
view = memo(views.timeline_view, ds, f, tuple(cats))

if not ui.missing(view.events, "events") and view.figure is not None:
    st.plotly_chart(view.figure, width="stretch", config={"displaylogo": False})
    st.caption(view.legend)
    st.subheader(view.heading)
    links = {f"Source {i}": downloads.link_column(f"Source {i}") for i in (1, 2, 3)}
    ui.table(view.table, column_config={**links, "Summary": st.column_config.TextColumn("Summary", width="large")})
    downloads.downloads(ds, f, "timeline", chart=view.chart is not None)

ui.data_problems(ds, "events", "sources")
