"""Country profiles: capital, head of state, relations with China, strategy, events, trade."""

import pandas as pd
import streamlit as st

from components import charts, export, ui
from components.data import source_lookup
from components.filters import COUNTRY_NAMES
from components.labels import STATUS_LABELS, format_date, md
from components.views import country_view

ds, f = ui.context()

st.title("Countries")
ui.filter_caption(f, ds)
options = {c: COUNTRY_NAMES[c] for c in f.countries}
iso = ui.page_choice("Country", "profile", options, multi=False, default=[f.countries[0]])
view = ui.memo(country_view, ds, f, iso)
p = view.profile
info = p["info"]
src = source_lookup(ds)

st.header(info.get("name", iso))
if "capital" in info:
    rel = info.get("relations_established")
    facts = pd.DataFrame(
        {
            "": ["Capital", "Head of state", "Diplomatic relations with the PRC since", "Development strategy"],
            "Value": [
                info["capital"],
                info["head_of_state"],
                format_date(rel) if rel is not None and not pd.isna(rel) else "—",
                info.get("development_strategy") or "—",
            ],
        }
    )
    st.dataframe(
        facts,
        hide_index=True,
        width="stretch",
        column_config={"Value": st.column_config.TextColumn("Value", width="large")},
    )
    st.caption(
        f"Status: {STATUS_LABELS.get(info['status'], info['status'])}"
        + (f" · Note: {md(info['status_note'])}" if info.get("status_note") else "")
        + " · Sources: "
        + md(charts.sources_text(tuple(info["source_ids"]), src))
    )
else:
    st.warning("The profile of this country could not be read from countries.csv.")

ev = p["events"]
st.subheader(f"Events with {info.get('name', iso)} ({len(ev)}; hosted: {len(p['hosted'])})")
if not ui.missing(ev, "events"):
    ui.table(view.events_table)

if iso != "CHN":
    st.subheader("Goods trade with China (China customs, USD bn)")
    tr = p["trade"]
    if tr.empty or view.trade_figure is None:
        st.info("No China-customs trade figure for this country in the data.")
    else:
        st.plotly_chart(view.trade_figure, width="stretch", config={"displaylogo": False})
        ui.table(view.trade_table)
        st.caption("China's customs figures only; the partners' own statistics differ widely and are not mixed in.")

st.subheader("Download")
trade_rows = p["trade"]
ui.downloads(
    ds,
    f,
    name=f"country_{iso}",
    page_path="countries",
    rows=view.rows,
    png=None
    if trade_rows.empty
    else lambda: export.chart_png(
        charts.build_trade_chart(trade_rows),
        title=f"Goods trade of {info.get('name', iso)} with China (USD bn)",
        ds=ds,
        f=f,
        rows=trade_rows,
    ),
)
ui.data_problems(ds, "countries", "events", "trade")
