"""Frames behind the panels: headline figures, latest and next items, directions,
mechanisms, country profiles and the sources register. Pure: no Streamlit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from components.data import i18n
from components.data.dataset import Dataset, records
from components.data.datatext import amount_text
from components.data.filters import ALL_COUNTRIES, Filters, country_name
from components.data.i18n import N_, _
from components.data.labels import DIRECTION_ORDER, scope_label
from components.data.selection import filter_by_countries, filter_events, filter_trade, in_scope
from components.data.sourcing import sources_text
from components.render.tables import category_label, event_place, shown_date, status_label, usd_bn

# Table headings stay English in the frames (views and pages select columns by them); they are
# marked with N_ and shown translated (components.render.tables.localized).

MECHANISM_COUNT_ID = "fig_ministerial_mechanisms"
MEETING_CATEGORIES = ("summit", "foreign_ministers_meeting", "ministerial_meeting")

ABOUT = N_(
    "The China–Central Asia mechanism (often written C+C5) brings together China and the five Central Asian "
    "states: Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan. It began in July 2020 as a "
    "meeting of the six foreign ministers, proposed by China. In 2022 the parties agreed to raise it to the "
    "level of heads of state; the first summit met in Xi'an in May 2023 and the second in Astana in June 2025, "
    "with a permanent Secretariat in Xi'an since 2024. Sectoral ministerial meetings cover trade, transport, "
    "agriculture, customs, education and more, and the Astana summit set six priority directions for 2025–2026, "
    "named the Years of High-quality Development."
)


@dataclass
class Headline:
    label: str
    value: str
    help: str


def about() -> str:
    """:data:`ABOUT` in the current language."""
    return _(ABOUT)


def _fmt_money(v: float) -> str:
    return usd_bn(v, 1)


def _trade_headline(year: int, value: float, help_text: str) -> Headline:
    """The trade figure: ``USD 106.3 bn`` in English; in zh and ru the unit moves into the label
    (2025年贸易额（亿美元）1063; Торговля, 2025, млрд долл. США 106,3), so that the figure fits its
    column instead of being cut off."""
    if i18n.current() == i18n.DEFAULT_LANG:
        return Headline(_("Trade {year}").format(year=year), _fmt_money(value), help_text)
    scale = i18n.usd_bn_scale()
    shown = f"{round(value * scale):d}" if scale > 1 else i18n.format_number(value, 1)  # 1063, as in 1063亿美元
    return Headline(_("Trade {year}, USD bn").format(year=year), shown, help_text)


def _count(n: int) -> str:
    return f"{n}" if i18n.current() == i18n.DEFAULT_LANG else i18n.format_number(n)


def headline_figures(ds: Dataset, f: Filters) -> list[Headline]:
    """The numbers at the top of the Overview, for the current filters."""
    ev = filter_events(ds["events"], f)
    done = ev[ev["status"] != "planned"] if not ev.empty else ev
    meetings = done[done["category"].isin(MEETING_CATEGORIES)] if not done.empty else done
    mech_ids = set(meetings["mechanism_id"].dropna()) if not meetings.empty else set()
    out = [
        Headline(
            _("Events"), _count(len(done)), _("Events in the selection that took place (planned items excluded).")
        ),
        Headline(
            _("Meetings"), _count(len(meetings)), _("Summits, foreign ministers' and sectoral ministerial meetings.")
        ),
        Headline(
            _("Mechanisms active"),
            _count(len(mech_ids)),
            _("Ministerial mechanisms that met in the selected years (of those identified by name)."),
        ),
    ]
    shown = headline_trade_rows(ds, f)
    if not shown.empty:
        if f.all_countries:
            last = shown.iloc[-1]
            out.append(
                _trade_headline(
                    int(last["year"]),
                    float(last["value"]),
                    _(
                        "China's goods trade with the five Central Asian states (China customs); status: {status}."
                    ).format(status=i18n.midline(status_label(last["status"]))),
                )
            )
        else:
            year = int(shown["year"].max())
            who = i18n.list_text([country_name(p) for p in sorted(set(shown["partner"]))])
            out.append(
                _trade_headline(
                    year,
                    float(shown["value"].sum()),
                    _("China's goods trade with {countries} (China customs).").format(countries=who),
                )
            )
    return out


def headline_trade_rows(ds: Dataset, f: Filters) -> pd.DataFrame:
    """The trade rows behind the headline trade figure: the latest C5 total for all six
    countries, else the latest year's totals of the selected partners."""
    tr = filter_trade(ds["trade"], f)
    tot = tr[tr["flow"] == "total"] if not tr.empty else tr
    if tot.empty:
        return tot
    if f.all_countries:
        c5 = tot[tot["partner"] == "C5"]
        return c5.sort_values("year").tail(1) if not c5.empty else c5
    parts = tot[tot["partner"] != "C5"]
    return parts[parts["year"] == parts["year"].max()] if not parts.empty else parts


def event_table(
    events: pd.DataFrame, sources: Mapping[str, Mapping[str, Any]], changed: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Events as a readable table with up to three clickable source links; with ``changed``
    (id -> how it changed since a day), a first column saying so."""
    rows = []
    for r in records(events):
        urls = [sources.get(s, {}).get("url") for s in r["source_ids"]]
        urls = [u for u in urls if u]
        rows.append(
            {
                "Date": shown_date(r["date"], r.get("date_precision")),
                "Event": r["title"],
                "Category": category_label(r["category"]),
                "Scope": scope_label(r.get("scope")),
                "Place": event_place(r),
                "Status": status_label(r["status"]),
                "Note": r.get("status_note") or "",
                "Summary": r.get("summary") or "",
                "Sources": sources_text(tuple(r["source_ids"]), sources),
                "Source 1": urls[0] if len(urls) > 0 else None,
                "Source 2": urls[1] if len(urls) > 1 else None,
                "Source 3": urls[2] if len(urls) > 2 else None,
            }
        )
    table = pd.DataFrame(
        rows,
        columns=[
            N_("Date"),
            N_("Event"),
            N_("Category"),
            N_("Scope"),
            N_("Place"),
            N_("Status"),
            N_("Note"),
            N_("Summary"),
            N_("Sources"),
            N_("Source 1"),
            N_("Source 2"),
            N_("Source 3"),
        ],
    )
    if changed is not None:  # after the event's name: read with it, and a phone's narrow table still shows the name
        at = list(table.columns).index(N_("Event")) + 1 if N_("Event") in table.columns else 0
        table.insert(at, N_("Changed"), [changed.get(str(i), "") for i in events["id"]] if not events.empty else [])
    return table


def commitment_table(
    commitments: pd.DataFrame, events: pd.DataFrame, sources: Mapping[str, Mapping[str, Any]]
) -> pd.DataFrame:
    """Commitments with the event where each was made, the amount, status and source."""
    ev = events.set_index("id") if not events.empty else events
    rows = []
    for r in records(commitments):
        made = ""
        if not ev.empty and r["event_id"] in ev.index:
            e = ev.loc[r["event_id"]]
            when = shown_date(e["date"], e["date_precision"])
            made = ("".join(i18n.aside_parts(str(e["title"]), when)) if str(e["title"]).endswith(("）", ")"))
                    else _("{title} ({date})").format(title=e["title"], date=when))
        amount = ""
        if r.get("amount") is not None and not pd.isna(r.get("amount")):
            amount = amount_text(float(r["amount"]), r.get("unit"))
        urls = [sources.get(s, {}).get("url") for s in r["source_ids"]]
        rows.append(
            {
                "Commitment": r["title"],
                "Details": r.get("description") or "",
                "Amount": amount,
                "Made at": made,
                "Countries": i18n.list_text([country_name(c) for c in r["countries"]]),
                "Status": status_label(r["status"]),
                "Note": r.get("status_note") or "",
                "Sources": sources_text(tuple(r["source_ids"]), sources),
                "Link": next((u for u in urls if u), None),
            }
        )
    columns = [N_("Commitment"), N_("Details"), N_("Amount"), N_("Made at"), N_("Countries"), "Status", "Note"]
    return pd.DataFrame(rows, columns=[*columns, "Sources", N_("Link")])


def latest_and_next(ds: Dataset, f: Filters, today: pd.Timestamp, n: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The latest items that happened, and what is planned or dated after today."""
    ev = filter_events(ds["events"], f)
    if ev.empty:
        return ev, ev
    upcoming = ev[(ev["status"] == "planned") | (ev["date"] > today)].sort_values("date")
    past = ev[~ev.index.isin(upcoming.index)].sort_values("date", ascending=False)
    return past.head(n), upcoming.head(n)


def beyond_range(ds: Dataset, f: Filters, today: pd.Timestamp) -> pd.DataFrame:
    """Planned or future items dated after the selected years (e.g. the next summit)."""
    ev = filter_by_countries(ds["events"], f)
    if ev.empty:
        return ev
    ev = ev[in_scope(ev, f)]
    later = ev[(ev["date"].dt.year > f.years[1]) & ((ev["date"] > today) | (ev["status"] == "planned"))]
    return later.sort_values("date").reset_index(drop=True)


def direction_panel(ds: Dataset, f: Filters, direction_id: str) -> dict[str, Any]:
    """Everything a direction's panel shows, already filtered."""
    d = ds["directions"]
    row = d[d["id"] == direction_id]
    info = row.iloc[0].to_dict() if not row.empty else {"id": direction_id, "name": direction_id, "description": ""}
    com = ds["commitments"]
    com = com[com["direction_id"] == direction_id] if not com.empty else com
    com = filter_by_countries(com, f)
    ev_all = filter_events(ds["events"], f)
    events = ev_all[ev_all["direction_ids"].map(lambda x: direction_id in x)] if not ev_all.empty else ev_all
    if not com.empty:
        ev_dates = dict(zip(ds["events"]["id"], ds["events"]["date"], strict=True))
        com = com.assign(_date=com["event_id"].map(ev_dates))
        com = com[com["_date"].dt.year.between(*f.years)].drop(columns="_date").reset_index(drop=True)
    projects = ds["projects"]
    projects = filter_by_countries(projects, f) if direction_id == "connectivity" else projects.iloc[0:0]
    involved: Counter[str] = Counter()
    for cs in list(com["countries"]) + list(events["countries"]):
        involved.update(c for c in cs if c in f.countries)
    return {
        "info": info,
        "commitments": com,
        "events": events,
        "projects": projects,
        "countries": [country_name(c) for c in ALL_COUNTRIES if c in involved],
    }


def direction_ids(ds: Dataset) -> list[str]:
    present = set(ds["directions"]["id"]) if not ds["directions"].empty else set()
    return [d for d in DIRECTION_ORDER if d in present]


def mechanism_summary(ds: Dataset, f: Filters) -> pd.DataFrame:
    """One row per identified mechanism with its meetings in the selection."""
    ev = filter_events(ds["events"], f)
    rows = []
    for m in records(ds["mechanisms"]):
        meet = ev[ev["mechanism_id"] == m["id"]] if not ev.empty else ev
        hosts = sorted({country_name(h) for h in meet["host_country"].dropna()}) if not meet.empty else []
        first = m.get("first_meeting_date")
        rows.append(
            {
                "id": m["id"],
                "Mechanism": m["name"],
                "Sector": m["sector"],
                "First meeting": shown_date(first, m.get("first_meeting_precision"))
                if first is not None and not pd.isna(first)
                else _("not identified"),
                "First meeting place": m.get("first_meeting_city") or "",
                "Meetings in selection": len(meet),
                "Hosts in selection": i18n.list_text(hosts),
                "Status": status_label(m["status"]),
                "Note": m.get("status_note") or "",
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "id",
            N_("Mechanism"),
            N_("Sector"),
            N_("First meeting"),
            N_("First meeting place"),
            N_("Meetings in selection"),
            N_("Hosts in selection"),
            "Status",
            "Note",
        ],
    )


def mechanism_count(ds: Dataset) -> tuple[float | None, int, dict[str, Any] | None]:
    """(official count, identified count, the figures row of the official count)."""
    fig = ds["figures"]
    row = None
    if not fig.empty:
        hit = fig[fig["id"] == MECHANISM_COUNT_ID]
        if not hit.empty:
            row = {str(k): v for k, v in hit.iloc[0].to_dict().items()}
    official = float(row["value"]) if row is not None and row.get("value") is not None else None
    return official, len(ds["mechanisms"]), row


def country_profile(ds: Dataset, iso3: str, f: Filters) -> dict[str, Any]:
    c = ds["countries"]
    row = c[c["iso3"] == iso3]
    info = row.iloc[0].to_dict() if not row.empty else {"iso3": iso3, "name": country_name(iso3)}
    only = replace(f, countries=(iso3,))
    ev = filter_events(ds["events"], only)
    hosted = ev[ev["host_country"] == iso3] if not ev.empty else ev
    tr = ds["trade"]
    if tr.empty or iso3 == "CHN":
        trade = tr.iloc[0:0]
    else:
        trade = tr[(tr["partner"] == iso3)].sort_values(["year", "flow"]).reset_index(drop=True)
    return {"info": info, "events": ev, "hosted": hosted, "trade": trade}


def sources_register(ds: Dataset) -> pd.DataFrame:
    """Every source with how many facts (rows in data/) rest on it."""
    uses: Counter[str] = Counter()
    for name, frame in ds.tables.items():
        if name == "sources" or "source_ids" not in frame.columns:
            continue
        for ids in frame["source_ids"]:
            uses.update(ids)
    src = ds["sources"].copy()
    src[N_("Facts resting on it")] = src["id"].map(lambda s: uses.get(s, 0)).astype(int)
    src[N_("Published")] = src["published"].map(lambda d: "" if d is None or pd.isna(d) else d.date().isoformat())
    if "relays" in src.columns:  # an original relays nothing: an empty cell, not the grid's "None"
        src["relays"] = src["relays"].map(lambda v: v if isinstance(v, str) else "")
    out = src.rename(
        columns={
            "id": N_("Id"),
            "publisher": N_("Publisher"),
            "title": N_("Title"),
            "url": "Link",
            "kind": N_("Kind"),
            "notes": N_("Notes"),
            "role": N_("Role"),
            "relays": N_("Relays the text of"),
        }
    )
    extra = [c for c in ("Role", "Relays the text of") if c in out.columns]
    return (
        out[["Publisher", "Title", "Published", "Facts resting on it", *extra, "Link", "Kind", "Id", "Notes"]]
        .sort_values(["Facts resting on it", "Publisher"], ascending=[False, True])
        .reset_index(drop=True)
    )
