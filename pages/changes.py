"""What changed: the data changelog since a day (the sidebar's "Mark changes since", ``since=``)."""

import streamlit as st

from components import views
from components.data.i18n import _
from components.views.memo import memo
from components.web import downloads, ui

ds, f = ui.context()
view = memo(views.changes_view, ds, f)
ui.header("changes", views.caption(f, ds))
st.markdown(
    _(
        "Every row added, revised, re-rated or removed in the data, with the day of the change and the sources "
        "it rests on. Pick a day under *Mark changes since* in the sidebar (or put `since=YYYY-MM-DD` in the "
        "link) to list only what changed since your last briefing; the other pages then mark those items too."
    )
)
st.caption(view.summary)
if not ui.missing(view.table, _("No change to show for this selection.")):
    ui.table(view.table, column_config={"Link": downloads.link_column(_("Link"))})
downloads.downloads(ds, f, "changes")
ui.data_problems(ds, "changes")
