"""Sources: every source with publisher, date and link, and how many facts rest on each."""

import streamlit as st

from components import views
from components.data.i18n import _
from components.data.labels import dates_line
from components.views.memo import memo
from components.web import downloads, ui

ds, f = ui.context()
view = memo(views.sources_view, ds)
ui.header(
    "sources",
    _("{dates} · licence of the data: {licences}").format(dates=dates_line(ds), licences=view.licences),
)
st.markdown(view.intro)

links = {
    "Link": downloads.link_column(_("Link")),
    "Title": st.column_config.TextColumn(_("Title"), width="large"),
}
ui.table(view.register, column_config=links)
st.caption(view.summary)
downloads.downloads(ds, f, "sources")

st.subheader(_("What the status of a fact means"))
ui.table(view.status_legend)

st.subheader(_("Report an error"))
st.markdown(
    _(
        "Found a wrong date, a broken link or a better source? Open an issue in the project's repository "
        "with the page, the fact, and the source that shows the right value. Curators fix it in `data/` "
        "and run `make validate` (see README)."
    )
)

st.subheader(_("Checks on the data files"))
if ds.problems:
    ui.data_problems(ds)
else:
    st.success(_("Every file in data/ passed validation against datapackage.json."))
