"""The briefing as one self-contained HTML file: the view's key figures, the map (a picture), the
timeline and the mechanisms (interactive: plotly's JavaScript is inside the file), the directions,
what changed, every source with its link, the citation. It opens on any laptop with no network
and asks no host for anything. Every data text is HTML-escaped; figures' data is JSON that plotly
escapes. Drawn from the same view models as the pages and the deck.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd
import plotly.io as pio

from components import PROJECT_ROOT, views
from components.data import i18n, registry
from components.data.dataset import Dataset, source_lookup
from components.data.filters import Filters
from components.data.i18n import _
from components.data.labels import dates_line
from components.data.sourcing import day_text, ranked_sources, relay_text
from components.exports import citation
from components.render import tables
from components.render.images import ExportError
from components.views.compare import compare_query
from components.views.memo import memo

STYLE_FILE = PROJECT_ROOT / "assets" / "briefing.css"


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _head(level: int, text: str) -> str:
    """A heading of the briefing (its words escaped)."""
    return f"<h{level}>{_e(text)}</h{level}>"


def _table(frame: pd.DataFrame) -> str:
    """A view's table with its headings in the briefing's language (the views keep English ones as
    keys) and whole numbers written as such (24, not the 24.0 of a column with a blank in it)."""
    out = tables.localized(frame).copy()
    for col in out.columns:
        values = out[col].dropna()
        if pd.api.types.is_float_dtype(out[col]) and len(values) and bool((values % 1 == 0).all()):
            out[col] = out[col].astype("Int64")
    heads = [str(c) for c in out.columns]
    rows = "".join(
        "<tr>" + "".join(f"<td data-label=\"{_e(h)}\">{_e(_cell(v))}</td>" for h, v in zip(heads, row, strict=True))
        + "</tr>"
        for row in out.itertuples(index=False, name=None)
    )
    head = "".join(f"<th>{_e(h)}</th>" for h in heads)
    # data-label: on a phone each row becomes a card, every cell under its heading (assets/briefing.css)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _cell(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def _source_item(s: Mapping[str, Any]) -> str:
    """One source of the list: publisher (and, for a relay, whose text it carries), “title”, date (left
    out when the source has none)."""
    when = s.get("published")
    day = pd.Timestamp(when).date().isoformat() if when is not None and not pd.isna(when) else ""
    title = str(s.get("title") or "").strip()
    who = relay_text(str(s.get("publisher") or ""), s)  # a relay names whose text it carries
    words = [_e(w) for w in (who, title and f"“{title}”", day) if w]
    url = s.get("url")
    anchor = f" <a href=\"{_e(url)}\">{_e(url)}</a>" if url else ""
    return f"<li>{', '.join(words)}.{anchor}</li>"


def _figure(fig: object, first: bool) -> str:
    return str(pio.to_html(fig, include_plotlyjs=True if first else False, full_html=False,
                           config={"displaylogo": False, "responsive": True}))


def _col(frame: pd.DataFrame, name: str) -> str:
    """A view table's column by its English heading (the translated heading when the view uses it)."""
    shown = _(name)
    return shown if shown in frame.columns else name


def build_html(
    ds: Dataset,
    f: Filters,
    *,
    base_url: str,
    page: str = "",
    today: date | None = None,
    compare: tuple[str, ...] = (),
    own: Mapping[str, Sequence[str]] | None = None,
    choice: str = "",
) -> str:
    """The self-contained HTML briefing of the view (with the countries compared side by side
    when ``compare`` holds two or more, as ISO3 codes), in the view's language (``f.lang``).
    ``own`` and ``choice``: the page's own choice, as ``briefing.build_deck`` takes them."""
    with i18n.using(f.lang):
        return _build_html(ds, f, base_url=base_url, page=page, today=today, compare=compare,
                           own=citation.briefing_choice(registry.by_url_path(page).key, compare, own, choice))


def _build_html(
    ds: Dataset, f: Filters, *, base_url: str, page: str, today: date | None, compare: tuple[str, ...],
    own: tuple[dict[str, list[str]], str],
) -> str:
    today = today or date.today()
    src = source_lookup(ds)
    spec = registry.by_url_path(page)
    extra = compare_query(compare) if len(compare) >= 2 else None
    cite = citation.cite(ds, f, spec, base_url, today, *own)
    link = cite.url
    ov = memo(views.overview_view, ds, f, pd.Timestamp(today))
    mp = memo(views.map_view, ds, f, "hosted")
    tl = memo(views.timeline_view, ds, f, ())
    dv = memo(views.directions_view, ds, f, ())
    mv = memo(views.mechanisms_view, ds, f, ())
    title = _e(_("{app} — briefing").format(app=citation.app_name()))
    made = _("Showing: {view} · {dates} · Made {today} · Reopen this view: ").format(
        view=f.describe(), dates=dates_line(ds), today=day_text(today))
    parts = [
        f"<!doctype html><html lang=\"{_e(i18n.current())}\"><head><meta charset=\"utf-8\">",
        f"<title>{title}</title><style>{STYLE_FILE.read_text(encoding='utf-8')}</style>",
        "</head><body>",
        f"<h1>{title}</h1>",
        f"<p class=\"muted\">{_e(made)}<a href=\"{_e(link)}\">{_e(link)}</a></p>",
        f"<p>{_e(ov.about)}</p>",
        f"<p><b>{_e(ov.coverage)}</b> {_e(ov.reviewed)}</p>",
        _head(2, _("Key figures")) + "<div class=\"figures\">",
        *[f"<div class=\"tile\"><b>{_e(h.value)}</b>{_e(h.label)}<br><span class=\"muted\">{_e(h.help)}</span></div>"
          for h in ov.headline],
        "</div>",
        f"<p>{_e(ov.count.sentence(full=True))}</p>",
    ]
    if ov.release:
        parts.append(f"<p class=\"muted\">{_e(ov.release)}</p>")
    parts += [_head(3, _("How current the data is")), _table(ov.currency_table)]
    parts.append(_head(2, _("Map")))
    try:
        png = mp.chart.png(src, filters=f.describe(), dates=dates_line(ds), width=1400, height=820)
        data = base64.b64encode(png).decode("ascii")
        parts.append(f"<img alt=\"{_e(mp.chart.title)}\" src=\"data:image/png;base64,{data}\">")
    except ExportError as exc:
        why = _("The map picture could not be made here ({reason}).").format(reason=exc)
        parts.append(f"<p class=\"muted\">{_e(why)}</p>")
    parts.append(_table(mp.table))
    first = True
    parts.append(_head(2, _("Timeline ({heading})").format(heading=tl.heading)))
    if tl.figure is not None:
        parts.append(_figure(tl.figure, first))
        first = False
    wanted = ("Date", "Event", "Changed", "Category", "Place", "Status", "Sources")
    keep = [c for c in (_col(tl.table, w) for w in wanted) if c in tl.table.columns]
    parts.append(_table(tl.table[keep]))
    parts.append(_head(2, _("The six priority directions")))
    rows = [(p.name, p.n_commitments, p.n_events, i18n.semicolon_join(e.title for e in p.examples)) for p in dv.panels]
    heads = [_("Direction"), _("Commitments"), _("Events"), _("Examples")]
    parts.append(_table(pd.DataFrame(rows, columns=heads)))
    parts.append(_head(2, _("Ministerial mechanisms")))
    if mv.figure is not None:
        parts.append(_figure(mv.figure, first))
        first = False
    parts.append(_table(mv.table))
    cited_compare: tuple[str, ...] = ()
    if extra is not None:
        cv = memo(views.compare_view, ds, f, compare)
        parts += [_head(2, _("Countries compared")), _table(cv.table), f"<p class=\"muted\">{_e(cv.note)}</p>"]
        if cv.chart is not None and cv.trade_figure is not None:
            parts += [f"<h3>{_e(cv.chart.title)}</h3>", _figure(cv.trade_figure, first)]
            first = False
        cited_compare = cv.source_ids
    if f.since is not None:
        ch = memo(views.changes_view, ds, f)
        since = _("What changed since {day}").format(day=day_text(f.since, "long"))
        parts += [_head(2, since), f"<p>{_e(ch.summary)}</p>",
                  _table(ch.table.drop(columns=[_col(ch.table, "Link")]))]
    cited = [*ov.headline_source_ids, *mp.source_ids, *tl.source_ids, *dv.source_ids, *mv.source_ids, *cited_compare]
    listed = ranked_sources(cited, src)
    parts.append(_head(2, _("Sources ({n})").format(n=len(listed))) + "<ol>")
    parts += [_source_item(s) for s in listed]
    parts += [
        "</ol>" + _head(2, _("Cite this briefing")),
        f"<p class=\"cite\">{_e(cite.plain())}</p><pre class=\"cite\">{_e(cite.bibtex())}</pre>",
        "</body></html>",
    ]
    return "\n".join(parts)
