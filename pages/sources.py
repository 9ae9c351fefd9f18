"""Sources: every source with publisher, date and link, and how many facts rest on each."""

import streamlit as st

from components import downloads, ui, views
from components.memo import memo

ds, f = ui.context()
view = memo(views.sources_view, ds)
ui.header("sources", f"Data as of {ds.data_as_of} · licence of the data: {view.licences}")
st.markdown(view.intro)

links = {"Link": downloads.link_column("Link"), "Title": st.column_config.TextColumn("Title", width="large")}
ui.table(view.register, column_config=links)
st.caption(view.summary)
downloads.downloads(ds, f, "sources")

st.subheader("What the status of a fact means")
ui.table(view.status_legend)

st.subheader("Report an error")
st.markdown(
    "Found a wrong date, a broken link or a better source? Open an issue in the project's repository "
    "with the page, the fact, and the source that shows the right value. Curators fix it in `data/` "
    "and run `make validate` (see README)."
)

st.subheader("Checks on the data files")
if ds.problems:
    ui.data_problems(ds)
else:
    st.success("Every file in data/ passed validation against datapackage.json.")
