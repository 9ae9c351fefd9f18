"""Map: the six countries shaded by a chosen measure, with capitals, institutions,
meeting cities and connectivity routes. Drawn without base-map tiles (no network)."""

import pandas as pd
import streamlit as st

from components import export, maps, ui
from components.views import map_view

ds, f = ui.context("map")

st.title("Map")
ui.filter_caption(f, ds)
measure = ui.page_choice("Shade countries by", "measure", maps.MEASURES, multi=False, default=["hosted"])

page = ui.memo(map_view, ds, f, measure)
view = page.map

map_col, legend_col = st.columns([3, 1])
with map_col:
    st.pydeck_chart(view.deck, height=560, width="stretch")
with legend_col:
    st.markdown(f"**{view.measure_label}**")
    legend = pd.DataFrame({"Colour": ["" for _ in view.legend], "Range": [label for label, _ in view.legend]})
    colours = [f"background-color: rgb{rgb}" for _, rgb in view.legend]
    st.dataframe(legend.style.apply(lambda _: colours, subset=["Colour"]), hide_index=True, width="stretch")
    st.markdown("**Markers**")
    markers = pd.DataFrame(
        {
            "Colour": ["", "", "", "", "", ""],
            "Marker": [
                "Capital (white dot)",
                "Secretariat, centres, platform",
                "Meeting city (size = events)",
                "Project: operating",
                "Project: under construction",
                "Project: stalled",
            ],
        }
    )
    marker_colours = [f"background-color: rgb{c}" for c in maps.MARKER_LEGEND]
    st.dataframe(markers.style.apply(lambda _: marker_colours, subset=["Colour"]), hide_index=True, width="stretch")
st.caption(
    view.note
    + " Project routes are schematic lines through sourced waypoints;"
    + " a project with a single sourced point is shown as a dot."
)

st.dataframe(page.table, hide_index=True, width="stretch")
ui.downloads(
    ds,
    f,
    name=f"map_{measure}",
    page_path="map",
    rows=page.table,
    png=lambda: export.map_png(ds, f, measure=measure),
)

ui.data_problems(ds, "countries", "events", "institutions", "projects", "trade")
