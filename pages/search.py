"""Search every record (events, commitments, projects, institutions, mechanisms, sources), ``q=``."""

import streamlit as st

from components import views
from components.data.i18n import _
from components.data.labels import highlight, md
from components.views.memo import memo
from components.views.searchindex import MAX_QUERY
from components.web import downloads, ui

ds, f = ui.context()
ui.header("search", views.caption(f, ds))
query = st.text_input(
    _("Search"),
    key="q",
    bind="query-params",
    max_chars=MAX_QUERY,
    placeholder=_("e.g. railway, Xi'an Declaration, 铁路, железная дорога"),
    help=_(
        "Titles, summaries, notes, places and sources; case and accents are ignored. An exact phrase ranks "
        "first, then records with all the words, then those with some."
    ),
)
view = memo(views.search_view, ds, f, query or "")
st.caption(md(view.message))

for group in view.groups:
    st.subheader(group.heading)  # the view words it, with its count, in the view's language
    st.markdown(
        _("Shown on [{page}]({link}) with these filters.").format(page=md(_(group.page_title)), link=group.page_link)
    )
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
