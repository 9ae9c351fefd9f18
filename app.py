"""Entry point: page set-up, navigation over pages/ (from components/data/registry.py), the shared
sidebar filters, and presentation mode.

Run with ``make run``. The filters live in the URL (``?country=Kazakhstan&years=2022&years=2023``)
so that a copied link reopens the same view.
"""

import streamlit as st

from components.data import i18n, registry
from components.data.i18n import _, ngettext
from components.data.labels import dates_line, md
from components.web import downloads, language, presentation, sidebar, ui

ui.mark_shell()
language.resolve()  # first: titles, labels and the view are in the link's (or the browser's) language
PRESENTING = ui.presenting()
EMBEDDED = bool(st.context.is_embedded)  # ?embed=true: the view alone, in another site's page
st.set_page_config(
    page_title=_(ui.APP_TITLE),
    page_icon="assets/favicon.png",
    layout="wide",
    initial_sidebar_state="collapsed" if PRESENTING or EMBEDDED else "auto",  # auto: closed on a phone
)

PAGES = [
    st.Page(p.script, title=_(p.title), icon=p.icon, default=True)
    if p is registry.DEFAULT
    else st.Page(p.script, title=_(p.title), icon=p.icon, url_path=p.url_path)
    for p in registry.pages()
]
page = st.navigation(PAGES, position="hidden" if PRESENTING or EMBEDDED else "sidebar")
spec = registry.by_url_path(page.url_path)
language.keep_language()
ui.stylesheet("print.css")
ui.stylesheet("maptips.css")  # the map's tooltips read whole, in every view
ds = ui.dataset()
language.canonical_link(ds, spec.key)  # a link written in another language's words: rewritten as this page writes it
if EMBEDDED:  # no sidebar: the filters come from the link alone
    f = sidebar.url_filters()
else:
    f = sidebar.sidebar_filters()
    presentation.toggle()
    extra = ui.page_params(ds, f, spec)  # the page's own parameters, for the briefings' and citation's links
    with st.sidebar:
        if spec is not registry.CURATE:  # the curator's workspace has no view to brief or cite
            downloads.deck_button(ds, f, spec, extra)
            downloads.html_button(ds, f, spec, extra)
            downloads.cite_and_embed(ds, f, spec, extra)
            st.divider()
        as_of = _("{dates}. Every fact links to its source; see the Sources page.")
        st.caption(md(i18n.one_stop(as_of.format(dates=dates_line(ds)))))  # ru: "2026 г." then "." is one stop
        if ds.errors:
            st.warning(
                ngettext(
                    "{n} problem(s) in the data files; the rows concerned are not shown. Details on the Sources page.",
                    "{n} problem(s) in the data files; the rows concerned are not shown. Details on the Sources page.",
                    len(ds.errors),
                ).format(n=len(ds.errors)),
                icon=":material/warning:",
            )
ui.show_url_notices()
if st.session_state.get(registry.PARAM_PRESENT) and spec.slide and ds.sourced:
    ui.page_guard()  # the shell ran: clear its mark, as the page would
    presentation.show(spec, ds, f)
else:
    page.run()
