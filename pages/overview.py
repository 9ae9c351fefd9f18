"""Overview: what the mechanism is, headline figures, latest and next items."""

import pandas as pd
import streamlit as st

from components import panels, ui
from components.views import overview_view

ds, f = ui.context("overview")

st.title("China–Central Asia Cooperation Monitor")
ui.filter_caption(f, ds)
st.markdown(panels.ABOUT)

today = pd.Timestamp.today().normalize()
view = ui.memo(overview_view, ds, f, today)
cols = st.columns(4)
for col, h in zip(cols, view.headline, strict=False):
    col.metric(h.label, h.value, help=h.help)

official, identified, _ = panels.mechanism_count(ds)
if official is not None:
    st.caption(
        f"Official count of ministerial meeting mechanisms: {int(official)} (single source); "
        f"{identified} are identified by name in this data. See *Ministerial mechanisms*."
    )


left, right = st.columns(2)
with left:
    st.subheader("Latest")
    if not ui.missing(view.latest, "events"):
        ui.table(view.latest)
with right:
    st.subheader("Planned and next")
    if view.upcoming.empty:
        st.info("Nothing dated after today in this selection.")
    else:
        ui.table(view.upcoming)
    if not view.future.empty:
        st.caption("Beyond the years selected:")
        ui.table(view.future)

st.subheader("Download")
ui.downloads(ds, f, name="events", page_path="", rows=view.rows)
ui.data_problems(ds, "events", "trade", "figures", "mechanisms")
