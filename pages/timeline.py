"""Timeline 2020–2026: every event in the filters, by date and category, with sources."""

import streamlit as st

from components import charts, export, ui
from components.data import source_lookup
from components.labels import CATEGORY_LABELS
from components.views import timeline_view

ds, f = ui.context("timeline")

st.title("Timeline")
ui.filter_caption(f, ds)
cats = ui.page_choice("Event categories", "category", CATEGORY_LABELS, help="Leave empty to show every category.")

view = ui.memo(timeline_view, ds, f, tuple(cats))
events = view.events

if not ui.missing(events, "events") and view.figure is not None:
    st.plotly_chart(view.figure, width="stretch", config={"displaylogo": False})
    st.caption(
        "Marker shape and lane give the category; a filled marker is a confirmed fact, a dotted one "
        "rests on one source, a hollow one is planned or unconfirmed, hollow with a dot means the sources "
        "disagree. Hover for date, place, summary and source. The shaded band marks 2025–2026, the "
        "Years of High-quality Development."
    )
    st.subheader(f"{len(events)} events")
    ui.table(
        view.table,
        column_config={
            "Source 1": ui.link_column("Source 1"),
            "Source 2": ui.link_column("Source 2"),
            "Source 3": ui.link_column("Source 3"),
            "Summary": st.column_config.TextColumn("Summary", width="large"),
        },
    )

    ui.downloads(
        ds,
        f,
        name="timeline",
        page_path="timeline",
        rows=view.rows,
        png=lambda: export.chart_png(
            charts.build_timeline(events, source_lookup(ds), f.years),
            title="China–Central Asia cooperation: timeline",
            ds=ds,
            f=f,
            rows=events,
        ),
    )

ui.data_problems(ds, "events", "sources")
