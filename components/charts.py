"""Plotly figures. Each ``build_*`` takes frames and returns a ``go.Figure``; no Streamlit.

Only cartesian traces are used: plotly's geographic traces fetch a base map from a
CDN and draw blank offline.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from components.filters import COUNTRY_NAMES, YEAR_MAX, YEAR_MIN
from components.labels import (
    CATEGORY_COLORS,
    CATEGORY_LABELS,
    CATEGORY_SYMBOLS,
    STATUS_LABELS,
    STATUS_SYMBOL_SUFFIX,
    esc,
    format_date,
    wrap,
)

FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=13, color="#222222")
HQD_BAND = ("2025-01-01", "2026-12-31")
HQD_LABEL = "Years of High-quality Development"


def sources_text(ids: tuple[str, ...], sources: Mapping[str, Mapping[str, Any]]) -> str:
    """'Publisher (date); Publisher (date)' for hover labels and footers."""
    parts = []
    for sid in ids:
        s = sources.get(sid)
        if not s:
            parts.append(sid)
            continue
        date = s.get("published")
        when = f", {pd.Timestamp(date).date().isoformat()}" if date is not None and not pd.isna(date) else ""
        parts.append(f"{s.get('publisher')}{when}")
    return "; ".join(parts)


def _tint(hex_color: str, amount: float = 0.6) -> str:
    """The colour mixed with white: the fill of a single-source marker."""
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    r, g, b = (round(c + (255 - c) * amount) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def _hover(row: Mapping[str, Any], sources: Mapping[str, Mapping[str, Any]]) -> str:
    place = row.get("city") or ""
    host = COUNTRY_NAMES.get(str(row.get("host_country") or ""), "")
    where = ", ".join(p for p in (place, host) if p and p != "Video") or ("Video conference" if place else "")
    if place == "Video":
        where = "Video conference" + (f" (chaired from {host})" if host else "")
    lines = [f"<b>{esc(row['title'])}</b>", esc(format_date(row["date"], row.get("date_precision")))]
    if where:
        lines.append(esc(where))
    lines.append(f"Status: {esc(STATUS_LABELS.get(str(row['status']), row['status']))}")
    if row.get("status_note"):
        lines += [esc(x) for x in wrap(f"Note: {row['status_note']}")]
    lines += [esc(x) for x in wrap(str(row.get("summary") or ""))]
    lines += [esc(x) for x in wrap("Source: " + sources_text(tuple(row["source_ids"]), sources))]
    return "<br>".join(lines)


def build_timeline(
    events: pd.DataFrame,
    sources: Mapping[str, Mapping[str, Any]],
    years: tuple[int, int] = (YEAR_MIN, YEAR_MAX),
    title: str | None = None,
    font_size: int = 13,
) -> go.Figure:
    """Every event by date, one lane per category; marker fill shows the fact's status."""
    fig = go.Figure()
    cats = [c for c in CATEGORY_LABELS if c in set(events["category"])] if not events.empty else []
    lane = {c: CATEGORY_LABELS[c] for c in cats}
    for cat in cats:
        for status, suffix in STATUS_SYMBOL_SUFFIX.items():
            sub = events[(events["category"] == cat) & (events["status"] == status)]
            if sub.empty:
                continue
            fig.add_trace(
                go.Scatter(
                    x=sub["date"],
                    y=[lane[cat]] * len(sub),
                    mode="markers",
                    name=f"{CATEGORY_LABELS[cat]} · {STATUS_LABELS[status]}",
                    legendgroup=cat,
                    showlegend=False,
                    marker=dict(
                        symbol=CATEGORY_SYMBOLS[cat] + suffix,
                        size=15 if cat == "summit" else 12,
                        color=_tint(CATEGORY_COLORS[cat]) if status == "single_source" else CATEGORY_COLORS[cat],
                        line=dict(width=2 if suffix else 1, color=CATEGORY_COLORS[cat] if suffix else "#333333"),
                        opacity=0.55 if status == "unconfirmed" else 1.0,
                    ),
                    customdata=sub["id"],
                    hovertext=[_hover(r, sources) for r in sub.to_dict("records")],
                    hovertemplate="%{hovertext}<extra></extra>",
                )
            )
    # Status legend: grey examples of each fill.
    for status, suffix in STATUS_SYMBOL_SUFFIX.items():
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=STATUS_LABELS[status],
                legendgroup="status",
                legendgrouptitle_text="Status of the fact",
                marker=dict(
                    symbol="circle" + suffix,
                    size=11,
                    color=_tint("#555555") if status == "single_source" else "#555555",
                    opacity=0.55 if status == "unconfirmed" else 1.0,
                    line=dict(width=2, color="#555555"),
                ),
                hoverinfo="skip",
            )
        )
    x0 = pd.Timestamp(f"{years[0]}-01-01") - pd.Timedelta(days=20)
    x1 = pd.Timestamp(f"{years[1]}-12-31") + pd.Timedelta(days=20)
    band0, band1 = max(pd.Timestamp(HQD_BAND[0]), x0), min(pd.Timestamp(HQD_BAND[1]), x1)
    if band0 < band1:
        fig.add_vrect(x0=band0, x1=band1, fillcolor="#009E73", opacity=0.10, line_width=0, layer="below")
        fig.add_annotation(
            x=band0,
            y=1.0,
            yref="paper",
            yanchor="bottom",
            xanchor="left",
            text=HQD_LABEL if (band1 - band0).days > 500 else "High-quality Development",
            showarrow=False,
            font=dict(size=11, color="#00664a"),
        )
    # Annotate key milestones: the summits and the Secretariat's launch.
    key = (
        events[(events["category"] == "summit") | events["id"].str.startswith("secretariat-")]
        if not events.empty
        else events
    )
    for i, r in enumerate(key.to_dict("records")):
        fig.add_annotation(
            x=r["date"],
            y=lane[r["category"]],
            text=esc(_short_label(r)),
            showarrow=True,
            arrowhead=0,
            ax=0,
            ay=-28 - 14 * (i % 2),
            font=dict(size=11),
            bgcolor="rgba(255,255,255,0.85)",
        )
    fig.update_layout(
        title=dict(text=esc(title), x=0, xanchor="left") if title else None,
        font={**FONT, "size": font_size},
        height=max(320, 90 + 52 * len(cats)) * font_size // 13,
        margin=dict(l=10, r=10, t=60 if title else 34, b=40),
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0),
        hoverlabel=dict(align="left", bgcolor="white", font_size=12),
        xaxis=dict(
            range=[x0, x1], showgrid=True, gridcolor="#eeeeee", dtick="M12", tickformat="%Y", ticklabelmode="period"
        ),
        yaxis=dict(
            categoryorder="array",
            categoryarray=list(reversed(list(lane.values()))),
            showgrid=True,
            gridcolor="#f3f3f3",
            title=None,
        ),
    )
    return fig


def _short_label(row: Mapping[str, Any]) -> str:
    title = str(row["title"])
    return title if len(title) <= 34 else title[:33] + "…"


def build_trade_chart(trade: pd.DataFrame, title: str | None = None) -> go.Figure:
    """China's goods trade with each partner (bars) and with the five together (line), USD bn."""
    fig = go.Figure()
    tot = trade[trade["flow"] == "total"] if not trade.empty else trade
    partners = [p for p in ("KAZ", "KGZ", "TJK", "TKM", "UZB") if not tot.empty and p in set(tot["partner"])]
    palette = {"KAZ": "#0072B2", "KGZ": "#E69F00", "TJK": "#009E73", "TKM": "#CC79A7", "UZB": "#56B4E9"}
    for p in partners:
        sub = tot[tot["partner"] == p]
        fig.add_trace(
            go.Bar(
                x=sub["year"],
                y=sub["value"],
                name=COUNTRY_NAMES[p],
                marker_color=palette[p],
                hovertext=[
                    f"{COUNTRY_NAMES[p]} {int(y)}: USD {v:,.2f} bn<br>Status: {esc(STATUS_LABELS[s])}"
                    for y, v, s in zip(sub["year"], sub["value"], sub["status"], strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    c5 = tot[tot["partner"] == "C5"] if not tot.empty else tot
    if not c5.empty:
        fig.add_trace(
            go.Scatter(
                x=c5["year"],
                y=c5["value"],
                name="All five (total)",
                mode="lines+markers+text",
                line=dict(color="#333333", width=2),
                marker=dict(size=8),
                text=[f"{v:,.1f}" for v in c5["value"]],
                textposition="top center",
                hovertext=[
                    f"Central Asia total {int(y)}: USD {v:,.2f} bn<br>Status: {esc(STATUS_LABELS[s])}"
                    for y, v, s in zip(c5["year"], c5["value"], c5["status"], strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_layout(
        title=dict(text=esc(title), x=0) if title else None,
        font=FONT,
        barmode="group",
        height=380,
        margin=dict(l=10, r=10, t=50 if title else 20, b=40),
        plot_bgcolor="white",
        paper_bgcolor="white",
        yaxis=dict(title="USD bn (China customs)", gridcolor="#eeeeee", rangemode="tozero"),
        xaxis=dict(dtick=1, title=None),
        legend=dict(orientation="h", y=-0.15),
    )
    return fig


def build_mechanism_chart(
    meetings: pd.DataFrame,
    mechanisms: pd.DataFrame,
    years: tuple[int, int] = (YEAR_MIN, YEAR_MAX),
    font_size: int = 13,
) -> go.Figure:
    """One row per mechanism, a marker per meeting, labelled with the host city."""
    fig = go.Figure()
    # names become category-axis labels, where plotly reads its HTML subset: escape them
    names = dict(zip(mechanisms["id"], map(esc, mechanisms["name"]), strict=True)) if not mechanisms.empty else {}
    order = [m for m in names if not meetings.empty and m in set(meetings["mechanism_id"])]
    for mid in order:
        sub = meetings[meetings["mechanism_id"] == mid]
        symbols = ["circle" + STATUS_SYMBOL_SUFFIX[str(s)] for s in sub["status"]]
        fig.add_trace(
            go.Scatter(
                x=sub["date"],
                y=[names[mid]] * len(sub),
                mode="markers+text",
                name=names[mid],
                showlegend=False,
                marker=dict(size=13, color="#0072B2", symbol=symbols, line=dict(width=2, color="#0072B2")),
                text=[esc(c) for c in sub["city"].fillna("")],
                textposition="top center",
                textfont=dict(size=11),
                hovertext=[
                    f"<b>{esc(r['title'])}</b><br>{esc(format_date(r['date'], r['date_precision']))}, "
                    f"{esc(r['city'] or '')}<br>Status: {esc(STATUS_LABELS[r['status']])}"
                    for r in sub.to_dict("records")
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    x0 = pd.Timestamp(f"{years[0]}-01-01") - pd.Timedelta(days=30)
    x1 = pd.Timestamp(f"{years[1]}-12-31") + pd.Timedelta(days=30)
    fig.update_layout(
        font={**FONT, "size": font_size},
        height=max(240, 70 + 48 * len(order)) * font_size // 13,
        margin=dict(l=10, r=10, t=20, b=30),
        plot_bgcolor="white",
        paper_bgcolor="white",
        xaxis=dict(range=[x0, x1], dtick="M12", tickformat="%Y", gridcolor="#eeeeee"),
        yaxis=dict(categoryorder="array", categoryarray=[names[m] for m in reversed(order)], title=None),
    )
    return fig
