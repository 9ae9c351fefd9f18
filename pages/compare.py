"""Compare two to six countries side by side over the filtered years."""

import streamlit as st

from components import views
from components.data.i18n import _
from components.views.memo import memo
from components.web import downloads, plot, ui

ds, f = ui.context()
ui.header("compare", views.caption(f, ds))
chosen = ui.choice("compare", ds, f)
if len(chosen) < 2:
    st.info(_("Choose at least two countries to compare."))
    st.stop()
view = memo(views.compare_view, ds, f, tuple(chosen))

ui.table(view.table)
st.caption(view.note)
st.subheader(_("Goods trade with China (China customs, USD bn)"))
if view.trade_figure is None:
    st.info(_("No China-customs trade figure for these countries in these years."))
else:
    plot.chart(view.trade_figure, key="compare_chart", config=ui.chart_config(ui.phone()))
    if view.trade_gaps:
        st.caption(view.trade_gaps)
st.subheader(_("Download"))
downloads.downloads(ds, f, "compare", chart=view.chart is not None)
ui.data_problems(ds, "events", "commitments", "projects", "trade")
