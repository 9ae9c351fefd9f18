"""Overview: what the mechanism is, headline figures, latest and next items."""

import pandas as pd
import streamlit as st

from components import views
from components.data import registry
from components.data.i18n import _
from components.data.labels import md
from components.views.memo import memo
from components.web import downloads, ui

ds, f = ui.context()
view = memo(views.overview_view, ds, f, pd.Timestamp.today().normalize())

ui.header("overview", views.caption(f, ds))
st.markdown(view.about)
st.markdown(md(view.coverage))  # the data's two dates, apart (README, "Two dates")
st.caption(md(view.reviewed))
for col, h in zip(st.columns(4), view.headline, strict=False):
    col.metric(h.label, h.value, help=h.help)
if view.count.official is not None:
    st.caption(_("{count} See *Ministerial mechanisms*.").format(count=view.count.sentence()))
if view.release:  # the sentence as text (a link's label does not wrap: cut off on a phone), then the link
    st.markdown(md(view.release))
    changes = registry.page("changes")
    st.page_link(changes.script, label=changes.shown_title, icon=":material/update:")

left, right = st.columns(2)
with left:
    st.subheader(_("Latest"))
    if not ui.missing(view.latest, _("No events to show for this selection.")):
        ui.table(view.latest)
with right:
    st.subheader(_("Planned and next"))
    if view.upcoming.empty:
        st.info(_("Nothing dated after today in this selection."))
    else:
        ui.table(view.upcoming)
    if not view.future.empty:
        st.caption(_("Beyond the years selected:"))
        ui.table(view.future)

st.subheader(_("How current the data is"))
st.caption(_("The latest item the whole data holds in each track, dated up to today, whatever the filters, and "
             "how long before today it was."))
ui.table(view.currency_table, height="content",  # every track at once, no scrolling inside; the track's name
         column_config={"Track": st.column_config.TextColumn(width="medium")})  # not the whole of a phone's width

st.subheader(_("Download"))
downloads.downloads(ds, f, "overview")
ui.data_problems(ds, "events", "trade", "figures", "mechanisms")
