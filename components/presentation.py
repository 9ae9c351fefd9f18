"""Presentation mode: the same pages, one visual per screen, large type, no app chrome.

A toggle in the sidebar, bound to the URL as ``present``, switches it on; a link with
``present=true`` opens straight into it. Previous and Next step through Overview, Map,
Timeline, Directions, Mechanisms and Sources; the country and year filters travel with
them. Like ui.py this module calls Streamlit; what it shows comes from the pure modules.
"""

from __future__ import annotations

import streamlit as st

from components import charts, maps, panels
from components.data import Dataset, source_lookup
from components.filters import Filters, filter_events
from components.labels import SLIDES, md

PARAM = "present"
TRUE_VALUES = ("true",)  # as Streamlit writes a bound toggle into the URL
PAGE_FILES = {key: "pages/overview.py" if key == "overview" else f"pages/{key}.py" for key in SLIDES}


def requested() -> bool:
    """Presentation mode asked for in the address (read before the page is set up)."""
    return str(st.query_params.get(PARAM, "")).lower() in TRUE_VALUES


def _leave() -> None:
    st.session_state[PARAM] = False


def toggle() -> bool:
    with st.sidebar:
        return bool(
            st.toggle(
                "Presentation mode",
                key=PARAM,
                bind="query-params",
                help="Large type, one visual per screen, Previous and Next to step through the pages.",
            )
        )


def show(slide: str, ds: Dataset, f: Filters) -> None:
    """Render ``slide`` (a key of SLIDES) in presentation form, then the controls."""
    from components import ui

    ui.stylesheet("present.css")
    keys = list(SLIDES)
    number = keys.index(slide) + 1 if slide in keys else 0
    title = SLIDES.get(slide, slide.title())
    st.title(title)
    st.caption(
        f"{number} / {len(keys)} · {f.describe()} · Data as of {ds.data_as_of}"
        if number
        else f"{f.describe()} · Data as of {ds.data_as_of}"
    )
    src = source_lookup(ds)
    events = filter_events(ds["events"], f)
    if slide == "overview":
        st.markdown(panels.ABOUT)
        cols = st.columns(4)
        for col, h in zip(cols, panels.headline_figures(ds, f), strict=False):
            col.metric(h.label, h.value)
    elif slide == "map":
        view = maps.build_map(
            "hosted", f, events, ds["trade"], ds["countries"], ds["institutions"], ds["projects"], src
        )
        st.pydeck_chart(view.deck, height=620, width="stretch")
        st.caption(f"Shaded by: {view.measure_label}. {view.note}")
    elif slide == "timeline":
        if not ui.missing(events, "events"):
            st.plotly_chart(
                charts.build_timeline(events, src, f.years, font_size=18),
                width="stretch",
                config={"displaylogo": False},
            )
    elif slide == "directions":
        for did in panels.direction_ids(ds):
            p = panels.direction_panel(ds, f, did)
            n = len(p["commitments"])
            examples = "; ".join(p["commitments"]["title"].head(2)) if n else "no commitment recorded"
            st.markdown(f"**{md(p['info']['name'])}** ({n} commitment{'s' if n != 1 else ''}): {md(examples)}")
    elif slide == "mechanisms":
        official, identified, _ = panels.mechanism_count(ds)
        if official is not None:
            st.markdown(
                f"Official count: **{int(official)}** ministerial mechanisms; **{identified}** identified by name."
            )
        meetings = events[events["mechanism_id"].notna()]
        if not ui.missing(meetings, "meetings"):
            st.plotly_chart(
                charts.build_mechanism_chart(meetings, ds["mechanisms"], f.years, font_size=16),
                width="stretch",
                config={"displaylogo": False},
            )
    elif slide == "sources":
        reg = panels.sources_register(ds)
        cited = reg[reg["Facts resting on it"] > 0].head(12)
        st.dataframe(
            cited[["Publisher", "Title", "Published", "Facts resting on it"]], hide_index=True, width="stretch"
        )
        st.caption(f"{len(reg)} sources in all, each with its link on the Sources page.")
    controls(slide)


def controls(slide: str) -> None:
    keys = list(SLIDES)
    i = keys.index(slide) if slide in keys else 0
    st.divider()
    prev_col, mid, next_col, exit_col = st.columns([1, 3, 1, 1], vertical_alignment="center")
    if i > 0:
        prev_col.page_link(
            PAGE_FILES[keys[i - 1]], label=f"Previous: {SLIDES[keys[i - 1]]}", icon=":material/arrow_back:"
        )
    if i < len(keys) - 1:
        next_col.page_link(
            PAGE_FILES[keys[i + 1]], label=f"Next: {SLIDES[keys[i + 1]]}", icon=":material/arrow_forward:"
        )
    mid.caption("Previous and Next keep the filters; the address bar holds this exact slide.")
    exit_col.button("Exit presentation", icon=":material/close:", on_click=_leave, width="stretch")
