"""The Countries page's view: one country's profile, its events and its trade with China."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from components import charts, panels, tables
from components.data import Dataset, source_lookup
from components.filters import COUNTRY_NAMES, Filters
from components.labels import STATUS_LABELS, format_date
from components.sourcing import Sources, ids_in, sources_text
from components.views.base import Chart, changed_events, pick

TRADE_NOTE = "China's customs figures only; the partners' own statistics differ widely and are not mixed in."


@dataclass(frozen=True)
class CountryView:
    iso3: str
    name: str
    facts: pd.DataFrame | None  # capital, head of state, relations, strategy; None if unreadable
    status: str  # in words
    status_note: str
    sources: str  # as a line
    events: pd.DataFrame
    n_hosted: int
    events_table: pd.DataFrame
    trade: pd.DataFrame
    trade_figure: go.Figure | None
    trade_table: pd.DataFrame
    rows: pd.DataFrame
    chart: Chart | None
    trade_note: str = TRADE_NOTE


def _trade_table(tr: pd.DataFrame, src: Sources) -> pd.DataFrame:
    if tr.empty:
        return tr
    shown = tr.assign(
        Status=tr["status"].map(STATUS_LABELS), Sources=tr["source_ids"].map(lambda ids: sources_text(tuple(ids), src))
    )
    return shown[["year", "flow", "value", "Status", "status_note", "Sources"]].rename(
        columns={"year": "Year", "flow": "Flow", "value": "USD bn", "status_note": "Note"}
    )


def country_view(ds: Dataset, f: Filters, iso3: str) -> CountryView:
    src = source_lookup(ds)
    p = panels.country_profile(ds, iso3, f)
    info, ev, tr = p["info"], p["events"], p["trade"]
    name = str(info.get("name", iso3))
    facts = None
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
    fig = charts.build_trade_chart(tr) if not tr.empty else None
    chart = Chart(f"Goods trade of {name} with China (USD bn)", tuple(ids_in(tr)), figure=fig) if fig else None
    return CountryView(
        iso3=iso3,
        name=COUNTRY_NAMES.get(iso3, name) if facts is None else name,
        facts=facts,
        status=STATUS_LABELS.get(str(info.get("status")), str(info.get("status", ""))),
        status_note=str(info.get("status_note") or ""),
        sources=sources_text(tuple(info.get("source_ids") or ()), src),
        events=ev,
        n_hosted=len(p["hosted"]),
        events_table=pick(
            panels.event_table(ev, src, changed_events(ds, f)), ["Date", "Event", "Category", "Place", "Status"]
        )
        if not ev.empty
        else ev,
        trade=tr,
        trade_figure=fig,
        trade_table=_trade_table(tr, src),
        rows=tables.events_export(ev, src),
        chart=chart,
    )
