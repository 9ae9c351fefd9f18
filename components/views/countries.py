"""The Countries page's view: one country's profile, its events and its trade with China."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from components.data import i18n
from components.data.dataset import Dataset, source_lookup
from components.data.filters import Filters, country_name
from components.data.i18n import N_, _
from components.data.labels import format_date, status_label, status_labels
from components.data.sourcing import Sources, ids_in, sources_text
from components.render import charts, tables
from components.views import panels
from components.views.base import Chart, changed_events, pick

TRADE_NOTE = N_("China's customs figures only; the partners' own statistics differ widely and are not mixed in.")

# The trade flows in words, for the languages other than English (English shows the data's codes).
FLOW_NAMES: dict[str, str] = {
    "total": N_("turnover"),
    "cn_exports": N_("China's exports"),
    "cn_imports": N_("China's imports"),
}


def _flow(code: object) -> object:
    if i18n.current() == i18n.DEFAULT_LANG or str(code) not in FLOW_NAMES:
        return code
    return _(FLOW_NAMES[str(code)])


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
    trade_note: str = TRADE_NOTE  # in the language of the view (country_view gives it)


def _trade_table(tr: pd.DataFrame, src: Sources) -> pd.DataFrame:
    if tr.empty:
        return tr
    scale = i18n.usd_bn_scale()
    shown = tr.assign(
        # 43.82, 31.20; 438.2 (亿美元) in Chinese; 43,82 in Russian: the unit the heading names
        value=tr["value"].map(lambda v: i18n.format_number(float(v) * scale, 1 if scale > 1 else 2)),
        flow=tr["flow"].map(_flow),
        Status=tr["status"].map(status_labels()),
        Sources=tr["source_ids"].map(lambda ids: sources_text(tuple(ids), src))
    )
    return shown[["year", "flow", "value", "Status", "status_note", "Sources"]].rename(
        columns={"year": _("Year"), "flow": _("Flow"), "value": _("USD bn"), "Status": _("Status"),
                 "status_note": _("Note"), "Sources": _("Sources")}
    )


def country_view(ds: Dataset, f: Filters, iso3: str) -> CountryView:
    src = source_lookup(ds)
    p = panels.country_profile(ds, iso3, f)
    info, ev, tr = p["info"], p["events"], p["trade"]
    name = str(info.get("name", iso3))
    facts = None
    if "capital" in info:
        rel = info.get("relations_established")
        rows = [(_("Capital"), info["capital"]), (_("Head of state"), info["head_of_state"])]
        if iso3 != "CHN":  # relations of the PRC with itself: no such line
            rows.append((_("Diplomatic relations with the PRC since"),
                         format_date(rel) if rel is not None and not pd.isna(rel) else "—"))
        rows.append((_("Development strategy"), info.get("development_strategy") or "—"))
        facts = pd.DataFrame({"": [k for k, _v in rows], _("Value"): [v for _k, v in rows]})
    fig = charts.build_trade_chart(tr) if not tr.empty else None
    shown_name = name if i18n.current() == i18n.DEFAULT_LANG else country_name(iso3)
    title = _("Goods trade of {country} with China (USD bn)").format(country=shown_name)
    chart = Chart(title, tuple(ids_in(tr)), figure=fig) if fig else None
    return CountryView(
        iso3=iso3,
        name=country_name(iso3) if facts is None or i18n.current() != i18n.DEFAULT_LANG else name,
        facts=facts,
        status=status_label(info.get("status", "")),
        status_note=str(info.get("status_note") or ""),
        sources=sources_text(tuple(info.get("source_ids") or ()), src),
        events=ev,
        n_hosted=len(p["hosted"]),
        events_table=pick(
            panels.event_table(ev, src, changed_events(ds, f)),
            ["Date", "Event", "Category", "Scope", "Place", "Status"],
        )
        if not ev.empty
        else ev,
        trade=tr,
        trade_figure=fig,
        trade_table=_trade_table(tr, src),
        rows=tables.events_export(ev, src),
        chart=chart,
        trade_note=_(TRADE_NOTE),
    )
