"""Search every record (events, commitments, projects, institutions, mechanisms, sources), ``q=``."""

import streamlit as st

from components import downloads, ui, views
from components.labels import highlight, md
from components.memo import memo
from components.search import MAX_QUERY

ds, f = ui.context()
ui.header("search", views.caption(f, ds))
query = st.text_input(
    "Search",
    key="q",
    bind="query-params",
    max_chars=MAX_QUERY,
    placeholder="e.g. railway, Xi'an Declaration, 铁路, железная дорога",
    help="Titles, summaries, notes, places and sources; case and accents are ignored. An exact phrase ranks "
    "first, then records with all the words, then those with some.",
)
view = memo(views.search_view, ds, f, query or "")
st.caption(md(view.message))

for group in view.groups:
    st.subheader(f"{group.kind}s ({len(group.hits)})" if len(group.hits) != 1 else f"{group.kind} (1)")
    st.markdown(f"Shown on [{md(group.page_title)}]({group.page_link}) with these filters.")
    lines = []
    for h in group.hits:
        meta = " · ".join(md(x) for x in (h.date, h.status, view.sources.get(h.id, "")) if x)
        line = f"- {highlight(h.title, h.title_spans)}" + (f" — {meta}" if meta else "")
        if h.snippet:
            line += f"  \n  {highlight(h.snippet, h.snippet_spans)}"
        lines.append(line)
    st.markdown("\n".join(lines))

if view.total:
    downloads.downloads(ds, f, "search")
