"""Overview: what the mechanism is, headline figures, latest and next items."""

import pandas as pd
import streamlit as st

from components import export, panels, ui
from components.data import source_lookup
from components.filters import filter_events

ds, f = ui.context("overview")

st.title("China–Central Asia Cooperation Monitor")
ui.filter_caption(f, ds)
st.markdown(panels.ABOUT)

cols = st.columns(4)
for col, h in zip(cols, panels.headline_figures(ds, f), strict=False):
    col.metric(h.label, h.value, help=h.help)

official, identified, _ = panels.mechanism_count(ds)
if official is not None:
    st.caption(
        f"Official count of ministerial meeting mechanisms: {int(official)} (single source); "
        f"{identified} are identified by name in this data. See *Ministerial mechanisms*."
    )

today = pd.Timestamp.today().normalize()
latest, upcoming = panels.latest_and_next(ds, f, today)
src = source_lookup(ds)

left, right = st.columns(2)
with left:
    st.subheader("Latest")
    if not ui.missing(latest, "events"):
        st.dataframe(
            panels.event_table(latest, src)[["Date", "Event", "Place", "Status"]], hide_index=True, width="stretch"
        )
with right:
    st.subheader("Planned and next")
    if upcoming.empty:
        st.info("Nothing dated after today in this selection.")
    else:
        st.dataframe(
            panels.event_table(upcoming, src)[["Date", "Event", "Status", "Note"]], hide_index=True, width="stretch"
        )
    future = panels.beyond_range(ds, f, today)
    if not future.empty:
        st.caption("Beyond the years selected:")
        st.dataframe(
            panels.event_table(future, src)[["Date", "Event", "Status", "Note"]], hide_index=True, width="stretch"
        )

st.subheader("Download")
ui.downloads(ds, f, name="events", page_path="", rows=export.events_export(filter_events(ds["events"], f), src))
ui.data_problems(ds, "events", "trade", "figures", "mechanisms")
