"""Entry point: page set-up, navigation over pages/, the shared sidebar filters.

Run with ``make run``. The filters live in the URL (``?country=Kazakhstan&years=2022&years=2023``)
so that a copied link reopens the same view.
"""

import streamlit as st

from components import presentation, ui

ui.mark_shell()
PRESENTING = presentation.requested()
st.set_page_config(
    page_title=ui.APP_TITLE,
    page_icon="assets/favicon.png",
    layout="wide",
    initial_sidebar_state="collapsed" if PRESENTING else "expanded",
)

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/home:", default=True),
    st.Page("pages/map.py", title="Map", icon=":material/map:", url_path="map"),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/directions.py", title="Priority directions", icon=":material/category:", url_path="directions"),
    st.Page(
        "pages/mechanisms.py", title="Ministerial mechanisms", icon=":material/account_balance:", url_path="mechanisms"
    ),
    st.Page("pages/countries.py", title="Countries", icon=":material/public:", url_path="countries"),
    st.Page("pages/sources.py", title="Sources", icon=":material/menu_book:", url_path="sources"),
]

page = st.navigation(PAGES, position="hidden" if PRESENTING else "sidebar")
ui.stylesheet("print.css")
ui.sidebar_filters()
presentation.toggle()
ds = ui.dataset()
with st.sidebar:
    ui.deck_button(ds, st.session_state.get(ui.FILTERS_KEY), page.url_path)
    st.divider()
    st.caption(f"Data as of {ds.data_as_of}. Every fact links to its source; see the Sources page.")
    if ds.errors:
        st.warning(
            f"{len(ds.errors)} problem(s) in the data files; the rows concerned are not shown. "
            "Details on the Sources page.",
            icon=":material/warning:",
        )
ui.show_url_notices()
page.run()
