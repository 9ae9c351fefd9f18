"""Presentation mode: the same pages, one visual per screen, large type, no app chrome.

A toggle in the sidebar, bound to the URL as ``present``, switches it on; a link with
``present=true`` opens straight into it. Previous and Next step through the pages the
registry marks as slides, with the country and year filters. Each slide draws the page's
own view model (the same memoised object the page draws), larger.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import views
from components.data import i18n, registry
from components.data.dataset import Dataset
from components.data.filters import Filters
from components.data.i18n import _, ngettext
from components.data.labels import dates_line, md
from components.data.registry import PARAM_PRESENT, PageSpec
from components.views.memo import memo
from components.web import plot, ui


def _leave() -> None:
    st.session_state[PARAM_PRESENT] = False


def toggle() -> bool:
    with st.sidebar:
        return bool(
            st.toggle(
                _("Presentation mode"),
                key=PARAM_PRESENT,
                bind="query-params",
                help=_("Large type, one visual per screen, Previous and Next to step through the pages."),
            )
        )


# At 1400×900 a slide's title, caption and controls take ~330 px: what a slide draws fits in the rest,
# so that Next is on the screen without scrolling (tests/e2e/test_pictures.py measures it).
SLIDE_VISUAL_PX = 560


def _larger(fig: go.Figure, size: int, height: int = SLIDE_VISUAL_PX) -> go.Figure:
    """A copy of the page's figure in larger type, at most ``height`` px tall: taller in proportion
    to the type when it has room; a legend under the plot moves beside it (a slide is wide, not tall)."""
    out = go.Figure(fig)
    was = out.layout.height
    now = min(int(was * size / 13), height) if was else height
    legend = out.layout.legend
    if legend.y is not None and legend.y < 0:  # a legend under the plot would take its height: beside it
        out.update_layout(legend=dict(orientation="v", x=1.01, xanchor="left", y=1, yanchor="top"))
    out.update_layout(font_size=size, height=now)
    # Streamlit's chart theme sets the axes' and legend's sizes itself: only sizes set here outgrow it
    out.update_layout(xaxis_tickfont_size=size, yaxis_tickfont_size=size, legend_font_size=size - 2)
    for trace in out.data:  # the mechanisms' city labels
        textfont = getattr(trace, "textfont", None)
        if textfont is not None and isinstance(textfont.size, int | float):
            textfont.size = round(textfont.size * size / 13)
    for note in out.layout.annotations:  # the milestones' and the band's labels, set in their own size
        if note.font and note.font.size:
            note.font.size = round(note.font.size * size / 13)
    return out


def _overview(ds: Dataset, f: Filters) -> None:
    v = memo(views.overview_view, ds, f, pd.Timestamp.today().normalize())
    st.markdown(v.about)
    for col, h in zip(st.columns(4), v.headline, strict=False):
        col.metric(h.label, h.value)


def _map(ds: Dataset, f: Filters) -> None:
    v = memo(views.map_view, ds, f, "hosted")
    # the key beside the map, not under it: map and key on one screen with the controls
    map_col, key_col = st.columns([3, 1])
    map_col.pydeck_chart(v.deck, height=SLIDE_VISUAL_PX - 40, width="stretch")
    with key_col:  # a map without its key says nothing
        for legend in (v.legend, v.markers):
            ui.swatch_table(legend)
    st.caption(_("Shaded by: {measure}. {note}").format(measure=v.model.measure_label, note=v.model.note))


def _timeline(ds: Dataset, f: Filters) -> None:
    v = memo(views.timeline_view, ds, f, ())
    if v.figure is not None:
        plot.chart(_larger(v.figure, 15))
    else:
        ui.missing(v.events, _("No events to show for this selection."))


def _directions(ds: Dataset, f: Filters) -> None:
    v = memo(views.directions_view, ds, f, ())
    for p in v.panels:
        n = p.n_commitments
        examples = i18n.semicolon_join(e.title for e in p.examples) if n else _("no commitment recorded")
        line = ngettext(
            "**{direction}** ({n} commitment): {examples}", "**{direction}** ({n} commitments): {examples}", n
        )
        st.markdown(line.format(direction=md(p.name), n=n, examples=md(examples)))


def _mechanisms(ds: Dataset, f: Filters) -> None:
    v = memo(views.mechanisms_view, ds, f, ())
    st.markdown(v.count.sentence(markdown=True))
    if v.figure is not None:
        plot.chart(_larger(v.figure, 15, SLIDE_VISUAL_PX - 60))
    else:
        ui.missing(v.meetings, _("No meetings to show for this selection."))


def _sources(ds: Dataset, f: Filters) -> None:
    v = memo(views.sources_view, ds)
    cited = v.cited.head(10)
    ui.table(cited[[_col(cited, c) for c in ("Publisher", "Title", "Published", "Facts resting on it")]])
    n = len(v.register)
    st.caption(ngettext("{n} source in all, each with its link on the Sources page.",
                        "{n} sources in all, each with its link on the Sources page.", n).format(n=n))


def _col(frame: pd.DataFrame, name: str) -> str:
    """A view table's column by its English heading (the translated heading when the view uses it)."""
    shown = _(name)
    return shown if shown in frame.columns else name


# Registry key -> its slide (tests/unit/test_registry.py checks every slide page has one).
DRAW: dict[str, Callable[[Dataset, Filters], None]] = {
    "overview": _overview,
    "map": _map,
    "timeline": _timeline,
    "directions": _directions,
    "mechanisms": _mechanisms,
    "sources": _sources,
}


def show(spec: PageSpec, ds: Dataset, f: Filters) -> None:
    """The page ``spec`` as a slide, then Previous / Next / Exit."""
    ui.stylesheet("present.css")
    st.title(spec.shown_title)
    number = registry.slide_position(spec.key)
    where = f"{number} / {len(registry.SLIDES)} · " if number else ""
    shown = _("{view} · {dates}").format(view=f.describe(), dates=dates_line(ds))
    st.caption(md(f"{where}{shown}"))
    DRAW[spec.key](ds, f)
    controls(spec)


def controls(spec: PageSpec) -> None:
    slides = registry.SLIDES
    i = slides.index(spec) if spec in slides else 0
    st.divider()
    # three wide columns and the hint below: in Russian "Previous: Priority directions" and
    # "Exit presentation" were cut off beside the hint
    prev_col, next_col, exit_col = st.columns([2.2, 2.2, 1.6], vertical_alignment="center")
    if i > 0:
        label = _("Previous: {page}").format(page=slides[i - 1].shown_title)
        prev_col.page_link(slides[i - 1].script, label=label, icon=":material/arrow_back:")
    if i < len(slides) - 1:
        label = _("Next: {page}").format(page=slides[i + 1].shown_title)
        next_col.page_link(slides[i + 1].script, label=label, icon=":material/arrow_forward:")
    exit_col.button(_("Exit presentation"), icon=":material/close:", on_click=_leave, width="stretch")
    st.caption(_("Previous and Next keep the filters; the address bar holds this exact slide."))
