"""Map: the six countries shaded by a chosen measure, with capitals, institutions,
meeting cities and connectivity routes. Drawn without base-map tiles (no network)."""

import streamlit as st

from components import views
from components.data.i18n import _
from components.render import maps
from components.views.memo import memo
from components.web import downloads, ui

ds, f = ui.context()
ui.header("map", views.caption(f, ds))
measure = ui.choice("map", ds, f)[0]
view = memo(views.map_view, ds, f, measure)

# the map the page's full width (beside the legends it was cut at the edges), the legends under it
# on a phone: zoomed out to fit all six countries in its width, and less tall (components/render/maps.py)
narrow = ui.phone()
st.pydeck_chart(view.phone_deck if narrow else view.deck, height=maps.PHONE_MAP_PX[1] if narrow else 520,
                width="stretch")
shades_col, markers_col = st.columns(2)
# static tables, not grids: the legends and the values are a few rows each (ui.static_table)
with shades_col:
    st.markdown(f"**{view.model.measure_label}**")
    ui.swatch_table(view.legend)
with markers_col:
    st.markdown("**" + _("Markers") + "**")
    ui.swatch_table(view.markers)
st.caption(view.caption)

ui.static_table(view.table)
downloads.downloads(ds, f, "map", chart=True)
ui.data_problems(ds, "countries", "events", "institutions", "projects", "trade")
