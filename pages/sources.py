"""Sources: every source with publisher, date and link, and how many facts rest on each."""

import streamlit as st

from components import panels, ui

ds, f = ui.context("sources")

st.title("Sources")
st.caption(
    f"Data as of {ds.data_as_of} · licence of the data: "
    + ", ".join(lic.get("name", "") for lic in ds.meta.get("licenses", []))
)
st.markdown(
    "Every row in the data names at least one of these sources. Each address is the original "
    "publisher's page; where none could be found the row says so in *Notes*."
)

reg = ui.memo(panels.sources_register, ds)
ui.table(
    reg,
    column_config={
        "Link": ui.link_column("Link"),
        "Title": st.column_config.TextColumn("Title", width="large"),
    },
)
st.caption(f"{len(reg)} sources; {int((reg['Facts resting on it'] > 0).sum())} of them cited by at least one fact.")

ui.downloads(ds, f, name="sources", page_path="sources", rows=reg)

st.subheader("What the status of a fact means")
ui.status_legend()

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
