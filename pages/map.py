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

map_col, legend_col = st.columns([3, 1.3])
with map_col:
    st.pydeck_chart(view.deck, height=560, width="stretch")
with legend_col:
    # colour swatches as small SVG images in an image column: a plain table, no Styler to compute
    st.markdown(f"**{view.measure_label}**")
    st.dataframe(
        pd.DataFrame({"Colour": [ui.swatch(rgb) for _, rgb in view.legend], "Range": [lab for lab, _ in view.legend]}),
        hide_index=True,
        width="stretch",
        column_config={"Colour": st.column_config.ImageColumn("Colour", width="small")},
    )
    st.markdown("**Markers**")
    st.dataframe(
        pd.DataFrame({"Colour": [ui.swatch(c) for c in maps.MARKER_LEGEND], "Marker": list(maps.MARKER_LABELS)}),
        hide_index=True,
        width="stretch",
        column_config={"Colour": st.column_config.ImageColumn("Colour", width="small")},
    )
st.caption(
    view.note
    + " Project routes are schematic lines through sourced waypoints;"
    + " a project with a single sourced point is shown as a dot."
)

ui.table(page.table)
ui.downloads(
    ds,
    f,
    name=f"map_{measure}",
    page_path="map",
    rows=page.table,
    png=lambda: export.map_png(ds, f, measure=measure),
)

ui.data_problems(ds, "countries", "events", "institutions", "projects", "trade")
