"""Overview: what the mechanism is, headline figures, latest and next items."""

import pandas as pd
import streamlit as st

from components import downloads, registry, ui, views
from components.memo import memo

ds, f = ui.context()
view = memo(views.overview_view, ds, f, pd.Timestamp.today().normalize())

ui.header("overview", views.caption(f, ds))
st.markdown(view.about)
for col, h in zip(st.columns(4), view.headline, strict=False):
    col.metric(h.label, h.value, help=h.help)
if view.count.official is not None:
    st.caption(view.count.sentence() + " See *Ministerial mechanisms*.")
if view.release:
    st.page_link(registry.page("changes").script, label=view.release + " See what changed.", icon=":material/update:")

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

st.subheader("How current the data is")
st.caption("The latest item the data holds in each track, dated up to today.")
ui.table(view.currency_table)

st.subheader("Download")
downloads.downloads(ds, f, "overview")
ui.data_problems(ds, "events", "trade", "figures", "mechanisms")
