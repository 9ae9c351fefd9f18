"""The deck's slides, one function per page slide (in ``registry.SLIDES``), each drawing the
page's view model and returning the source ids it cites. Slide numbers and the slide count
come from the registry; nothing here computes a fact of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from components import views
from components.data import i18n, registry
from components.data.dataset import Dataset
from components.data.filters import Filters, country_name
from components.data.i18n import _
from components.data.labels import dates_line
from components.data.sourcing import Sources, day_text, ranked_sources, relay_text, short_sources, view_url
from components.exports import citation
from components.exports.briefing.pptkit import (
    ACCENT,
    CONTENT_TOP_IN,
    EMU_IN,
    FOOTER_TOP_IN,
    MAP_PX,
    MARGIN_IN,
    MUTED,
    PALE,
    PICTURE_PX,
    PICTURE_SCALE,
    SLIDE_W_IN,
    Deck,
)
from components.render.images import clip
from components.views.compare import compare_query
from components.views.memo import memo

Runs = list[list[tuple[str, dict[str, Any]]]]


def _col(frame: pd.DataFrame, name: str) -> str:
    """A view table's column by its English heading: the heading in the current language when the
    view names its columns so, else the English one."""
    shown = _(name)
    return shown if shown in frame.columns else name


def _more_at(more: int) -> str:
    """'and 12 more at ' before a link."""
    return i18n.ngettext("and {n} more at ", "and {n} more at ", more).format(n=more)


@dataclass(frozen=True)
class Context:
    """What every slide draws from: the data, the view, the day the deck is made, its link."""

    ds: Dataset
    f: Filters
    src: Sources
    today: date
    base_url: str
    page: str = ""  # the page the deck's links reopen (registry url_path)
    compare: tuple[str, ...] = ()  # countries side by side (ISO3): a Compare slide when two or more
    own: Mapping[str, Sequence[str]] | None = None  # the page's own parameters (choices.own_query)
    choice: str = ""  # the page's choice in words (choices.choice_words), named in the citation

    @property
    def when(self) -> str:
        return views.years_text(self.f)

    @property
    def compare_query(self) -> dict[str, list[str]] | None:
        return compare_query(self.compare) if len(self.compare) >= 2 else None

    @property
    def on_compare(self) -> bool:
        return self.page.strip("/") == registry.page("compare").url_path

    @property
    def own_query(self) -> dict[str, list[str]]:
        """The page's own parameters in the view's link (``citation.briefing_choice``)."""
        return citation.briefing_choice(registry.by_url_path(self.page).key, self.compare, self.own, self.choice)[0]

    @property
    def choice_text(self) -> str:
        """The page's choice in words, for the citation (``citation.briefing_choice``)."""
        return citation.briefing_choice(registry.by_url_path(self.page).key, self.compare, self.own, self.choice)[1]

    @property
    def view_url(self) -> str:
        return view_url(self.base_url, self.page, self.f, self.own_query)

    def page_url(self, key: str) -> str:
        return view_url(self.base_url, registry.page(key).url_path, self.f)


@dataclass(frozen=True)
class Planned:
    """A slide ready to draw, and the sources its facts rest on."""

    source_ids: tuple[str, ...]
    draw: Callable[[Deck, Any, int], None]  # (deck, slide, number)


def _picture(deck: Deck, slide: Any, chart: views.Chart, ctx: Context, px: tuple[int, int], **kw: Any) -> Any:
    png = chart.png(
        ctx.src, filters=ctx.f.describe(), dates=dates_line(ctx.ds), width=px[0], height=px[1], scale=PICTURE_SCALE
    )
    return deck.picture(slide, png, CONTENT_TOP_IN, kw.pop("max_w"), FOOTER_TOP_IN - CONTENT_TOP_IN - 0.1, **kw)


def _example(title: str, status: str) -> str:
    """An example not confirmed, with its status: "Title (single source)"; inside the title's own
    bracket when it ends in one."""
    if title.endswith(("）", ")")):
        return "".join(i18n.aside_parts(title, status))
    return _("{title} ({status})").format(title=title, status=status.lower())


def _event_lines(items: tuple[views.EventItem, ...]) -> Runs:
    lines: Runs = []
    for e in items:
        title, status = i18n.aside_parts(clip(e.title, 110), e.status)
        lines.append([
            (f"{day_text(e.date)} — ", {"size": 13, "bold": True}),
            (title, {"size": 13}),
            (status, {"size": 12, "color": MUTED}),
        ])
    return lines


def key_figures(ctx: Context, cited: tuple[str, ...]) -> Planned:
    v = memo(views.overview_view, ctx.ds, ctx.f, pd.Timestamp(ctx.today).normalize())
    latest, upcoming = v.latest_items[:3], v.upcoming_items[:2]
    ids = v.headline_source_ids + v.count.source_ids + tuple(i for e in (*latest, *upcoming) for i in e.source_ids)

    def draw(deck: Deck, s: Any, number: int) -> None:
        n = max(len(v.headline), 1)
        gap = 0.25
        tile_w = (SLIDE_W_IN - 2 * MARGIN_IN - gap * (n - 1)) / n
        for i, h in enumerate(v.headline):
            left = MARGIN_IN + i * (tile_w + gap)
            deck.rect(s, left, CONTENT_TOP_IN + 0.05, tile_w, 1.95, PALE)
            size = min(34, int((tile_w - 0.35) * 72 / (0.75 * len(h.value))))
            deck.text(
                s,
                left + 0.12,
                CONTENT_TOP_IN + 0.15,
                tile_w - 0.24,
                1.75,
                [
                    [(h.value, {"size": size, "bold": True, "color": ACCENT})],
                    [(h.label, {"size": 16, "bold": True, "space_after": 4})],
                    [(h.help, {"size": 11, "color": MUTED})],
                ],
            )
        paras: Runs = [[(v.count.sentence(), {"size": 14, "space_after": 10})]]
        paras.append([(_("Latest in this selection"), {"size": 14, "bold": True, "space_after": 2})])
        paras += _event_lines(latest) or [[(_("No event in this selection."), {"size": 13, "color": MUTED})]]
        if upcoming:
            paras.append([(_("Planned and next"), {"size": 14, "bold": True, "space_after": 2})])
            paras += _event_lines(upcoming)
        deck.text(s, MARGIN_IN, CONTENT_TOP_IN + 2.2, 12.4, 3.2, paras)
        deck.footer(s, number, short_sources(ids, ctx.src))

    return Planned(ids, draw)


def map_slide(ctx: Context, cited: tuple[str, ...]) -> Planned:
    v = memo(views.map_view, ctx.ds, ctx.f, "hosted")

    def draw(deck: Deck, s: Any, number: int) -> None:
        pic = _picture(deck, s, v.chart, ctx, MAP_PX, max_w=9.3, left=MARGIN_IN)
        side_left = MARGIN_IN + pic.width / EMU_IN + 0.2
        side_w = SLIDE_W_IN - MARGIN_IN - side_left
        head = _("Events hosted, {years}").format(years=ctx.when)
        deck.text(s, side_left, CONTENT_TOP_IN + 0.1, side_w, 0.6, [[(head, {"size": 14, "bold": True})]])
        rows = [
            [
                country_name(sh.iso3) if sh.selected else _("{country} (not selected)").format(
                    country=country_name(sh.iso3)),
                _("n/a") if sh.value is None else f"{int(sh.value)}",
            ]
            for sh in v.model.shades
        ]
        deck.table(
            s,
            side_left,
            CONTENT_TOP_IN + 0.6,
            [side_w - 1.0, 1.0],
            [_("Country"), _("Events")],
            rows,
            size=12,
            row_height=0.36,
        )
        note = _(
            "Events in the selection by host country; a video conference counts for the country that "
            "chaired it, and planned events are included. White dots: capitals; green diamonds: the "
            "Secretariat, centres and platform; orange circles: meeting cities; lines: project routes."
        )
        top = CONTENT_TOP_IN + 0.6 + 0.36 * (len(rows) + 1) + 0.15
        deck.text(s, side_left, top, side_w, 1.6, [[(note, {"size": 11, "color": MUTED})]])
        deck.footer(s, number, short_sources(v.source_ids, ctx.src))

    return Planned(v.source_ids, draw)


def timeline_slide(ctx: Context, cited: tuple[str, ...]) -> Planned:
    v = memo(views.timeline_view, ctx.ds, ctx.f, ())

    def draw(deck: Deck, s: Any, number: int) -> None:
        if v.chart is not None:
            _picture(deck, s, v.chart, ctx, PICTURE_PX, max_w=SLIDE_W_IN - 2 * MARGIN_IN)
        else:
            deck.text(s, MARGIN_IN, CONTENT_TOP_IN, 12.4, 0.5, [[(_("No event in this selection."), {"size": 14})]])
        deck.footer(s, number, short_sources(v.source_ids, ctx.src))

    return Planned(v.source_ids, draw)


def directions_slide(ctx: Context, cited: tuple[str, ...]) -> Planned:
    v = memo(views.directions_view, ctx.ds, ctx.f, ())

    def draw(deck: Deck, s: Any, number: int) -> None:
        rows = []
        for p in v.panels:
            examples = [
                "• " + (clip(e.title, 95) if e.confirmed else _example(clip(e.title, 95), e.status))
                for e in p.examples
            ]
            rows.append(
                [
                    p.name,
                    str(p.n_commitments),
                    str(p.n_events),
                    examples or [_("No commitment recorded in this selection.")],
                ]
            )
        intro = _("Set at the Astana summit (June 2025). Commitments and related events within the filters.")
        deck.text(s, MARGIN_IN, CONTENT_TOP_IN, 12.4, 0.45, [[(intro, {"size": 13, "color": MUTED})]])
        head = [_("Direction"), _("Commitments"), _("Events"), _("Examples of commitments")]
        deck.table(s, MARGIN_IN, CONTENT_TOP_IN + 0.5, [2.6, 1.45, 1.25, 7.13], head, rows, size=12, row_height=0.68)
        deck.footer(s, number, short_sources(v.source_ids, ctx.src))

    return Planned(v.source_ids, draw)


def mechanisms_slide(ctx: Context, cited: tuple[str, ...]) -> Planned:
    v = memo(views.mechanisms_view, ctx.ds, ctx.f, ())

    def draw(deck: Deck, s: Any, number: int) -> None:
        deck.text(s, MARGIN_IN, CONTENT_TOP_IN, 12.4, 0.5, [[(v.count.sentence(full=True), {"size": 14})]])
        cols = [_col(v.summary, c) for c in ("Mechanism", "Sector", "First meeting", "Meetings in selection")]
        rows = [
            [clip(r[cols[0]], 90), clip(r[cols[1]], 40), r[cols[2]], str(r[cols[3]])]
            for r in v.summary.to_dict("records")
        ]
        head = [_("Mechanism"), _("Sector"), _("First meeting"), _("Meetings in selection")]
        row_h = min(0.46, 4.7 / (len(rows) + 1))
        deck.table(s, MARGIN_IN, CONTENT_TOP_IN + 0.65, [6.4, 2.6, 1.9, 1.53], head, rows, size=12, row_height=row_h)
        deck.footer(s, number, short_sources(v.source_ids, ctx.src))

    return Planned(v.source_ids, draw)


def compare_slide(ctx: Context, cited: tuple[str, ...]) -> Planned | None:
    """The countries side by side; no slide unless the deck is made with two or more of them."""
    if ctx.compare_query is None:
        return None
    v = memo(views.compare_view, ctx.ds, ctx.f, ctx.compare)
    link = ctx.view_url if ctx.on_compare else view_url(ctx.base_url, registry.page("compare").url_path, ctx.f,
                                                          ctx.compare_query)

    def draw(deck: Deck, s: Any, number: int) -> None:
        measure = _col(v.table, "Measure")
        names = [c for c in v.table.columns if c != measure]
        head = ["", *names]
        rows = [
            [clip(str(r[measure]), 40), *(clip(str(r[n]), 24) for n in names)] for r in v.table.to_dict("records")
        ]
        first_w = 3.4
        widths = [first_w, *[(SLIDE_W_IN - 2 * MARGIN_IN - first_w) / max(len(names), 1)] * len(names)]
        size = 12 if len(names) <= 3 else 11 if len(names) == 4 else 9
        deck.table(s, MARGIN_IN, CONTENT_TOP_IN, widths, head, rows, size=size, row_height=0.4)
        top = CONTENT_TOP_IN + 0.4 * (len(rows) + 1) + 0.15
        runs: list[tuple[str, dict[str, Any]]] = [
            (v.note + " " + _("Trade by year, on one chart: "), {"size": 11, "color": MUTED}),
            (link, {"size": 11, "color": ACCENT, "link": link}),
        ]
        deck.text(s, MARGIN_IN, top, 12.4, 0.9, [runs])
        deck.footer(s, number, short_sources(v.source_ids, ctx.src))

    return Planned(v.source_ids, draw)


def changes_slide(ctx: Context, cited: tuple[str, ...]) -> Planned | None:
    """What the data changed since the view's day; no slide without one."""
    if ctx.f.since is None:
        return None
    v = memo(views.changes_view, ctx.ds, ctx.f)
    link = ctx.page_url("changes")

    def draw(deck: Deck, s: Any, number: int) -> None:
        deck.text(s, MARGIN_IN, CONTENT_TOP_IN, 12.4, 0.45, [[(v.summary, {"size": 13, "color": MUTED})]])
        fit, row_h = 12, 0.36
        date_c, change_c, item_c, name_c, what_c = (
            _col(v.table, c) for c in ("Date", "Change", "Item", "Name", "What changed"))
        rows = [
            [r[date_c], r[change_c], clip(f"{r[item_c]}: {r[name_c]}", 70), clip(r[what_c], 80)]
            for r in v.table.head(fit).to_dict("records")
        ]
        head = [_("Date"), _("Change"), _("Item"), _("What changed")]
        deck.table(s, MARGIN_IN, CONTENT_TOP_IN + 0.5, [1.3, 1.5, 4.6, 5.03], head, rows, size=10, row_height=row_h)
        more = len(v.table) - len(rows)
        top = CONTENT_TOP_IN + 0.5 + min(row_h, 0.42) + row_h * len(rows) + 0.1
        if more > 0:
            runs: list[tuple[str, dict[str, Any]]] = [
                (_more_at(more), {"size": 12}),
                (link, {"size": 12, "color": ACCENT, "link": link}),
            ]
            deck.text(s, MARGIN_IN, top, 12.4, 0.35, [runs])
        deck.footer(s, number, short_sources(v.source_ids, ctx.src))

    return Planned(v.source_ids, draw)


def _date_text(value: object) -> str:
    return pd.Timestamp(value).date().isoformat() if isinstance(value, date | pd.Timestamp) and pd.notna(value) else ""


def sources_slide(ctx: Context, cited: tuple[str, ...]) -> Planned:
    listed = ranked_sources(cited, ctx.src)
    sources_url = ctx.page_url("sources")  # every source, with its link, on the Sources page

    def draw(deck: Deck, s: Any, number: int) -> None:
        fit, row_h = 15, 0.31  # one line per row (text clipped), so the table's height is known
        rows = []
        for r in listed[:fit]:
            url = r.get("url")
            rows.append(
                [
                    clip(relay_text(str(r.get("publisher") or ""), r), 40),  # a relay: whose text
                    clip(r.get("title") or "", 52),
                    _date_text(r.get("published")),
                    (clip(url, 46), url) if url else _("no original address"),
                ]
            )
        deck.table(
            s,
            MARGIN_IN,
            CONTENT_TOP_IN,
            [3.3, 4.25, 1.0, 3.88],
            [_("Publisher"), _("Title"), _("Date"), _("Address")],
            rows,
            size=9,
            row_height=row_h,
        )
        more = len(listed) - len(rows)
        top = CONTENT_TOP_IN + min(row_h, 0.42) + row_h * len(rows) + 0.1
        if more > 0:
            runs: list[tuple[str, dict[str, Any]]] = [
                (_more_at(more), {"size": 12}),
                (sources_url, {"size": 12, "color": ACCENT, "link": sources_url}),
            ]
            deck.text(s, MARGIN_IN, top, 12.4, 0.35, [runs])
        elif not rows:
            deck.text(s, MARGIN_IN, top, 12.4, 0.35, [[(_("No source is cited in this selection."), {"size": 12})]])
        last = number - 1
        deck.footer(s, number, i18n.ngettext(
            "{n} source cited by the facts on slides 2–{last}, most cited first",
            "{n} sources cited by the facts on slides 2–{last}, most cited first",
            len(listed),
        ).format(n=len(listed), last=last))

    return Planned(tuple(cited), draw)


# Registry key -> the slide of that page. A page marked as a slide in the registry must be here
# (tests/unit/test_registry.py checks it).
SLIDE_OF: dict[str, Callable[[Context, tuple[str, ...]], Planned | None]] = {
    "overview": key_figures,
    "map": map_slide,
    "timeline": timeline_slide,
    "directions": directions_slide,
    "mechanisms": mechanisms_slide,
    "compare": compare_slide,
    "changes": changes_slide,
    "sources": sources_slide,
}
