"""Country profiles: capital, head of state, relations with China, strategy, events, trade."""

import streamlit as st

from components import views
from components.data.i18n import _
from components.data.labels import md
from components.views.memo import memo
from components.web import downloads, plot, ui

ds, f = ui.context()
ui.header("countries", views.caption(f, ds))
iso = ui.choice("countries", ds, f)[0]
view = memo(views.country_view, ds, f, iso)

st.header(md(view.name))
if view.facts is not None:
    # a list, not a table: the development strategy is a sentence, which a table cell cuts off
    st.markdown("\n".join("- " + _("**{label}:** {value}").format(label=md(label), value=md(value))
                           for label, value in view.facts.itertuples(index=False)))
    if view.status_note:
        status = _("Status: {status} · Note: {note} · Sources: {sources}")
    else:
        status = _("Status: {status} · Sources: {sources}")
    st.caption(status.format(status=md(view.status), note=md(view.status_note or ""), sources=md(view.sources)))
else:
    st.warning(_("The profile of this country could not be read from countries.csv."))

st.subheader(
    _("Events with {country} ({n}; hosted: {hosted})").format(
        country=md(view.name), n=len(view.events), hosted=view.n_hosted
    )
)
if not ui.missing(view.events, _("No events to show for this selection.")):
    ui.table(view.events_table)

if iso != "CHN":
    st.subheader(_("Goods trade with China (China customs, USD bn)"))
    if view.trade_figure is None:
        st.info(_("No China-customs trade figure for this country in the data."))
    else:
        plot.chart(view.trade_figure, key="countries_chart", config=ui.chart_config(ui.phone()))
        ui.table(view.trade_table)
        st.caption(view.trade_note)

st.subheader(_("Download"))
downloads.downloads(ds, f, "countries", chart=view.chart is not None)
ui.data_problems(ds, "countries", "events", "trade")
