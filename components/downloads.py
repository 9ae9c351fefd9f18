"""The download row under each page's data and the one-click deck in the sidebar. Each button
hands Streamlit a function of the view model: the file is made only when it is clicked."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import urlparse

import pandas as pd
import streamlit as st

from components import citation, tables
from components.data import Dataset, configured_dir, source_lookup
from components.filters import COUNTRY_NAMES, Filters, parse_choices
from components.images import browser_path
from components.memo import memo
from components.registry import PageSpec
from components.views import Chart
from components.views.compare import PARAM_COMPARE

DEFAULT_BASE_URL = "http://127.0.0.1:8501"


def link_column(label: str) -> Any:
    """A table column of addresses, shown as the site's name and clickable."""
    return st.column_config.LinkColumn(label, display_text=r"https?://(?:www\.)?([^/]+)")


def app_base_url() -> str:
    """scheme://host:port of this app as the browser reached it (for links in exports)."""
    url = urlparse(st.context.url or "")
    if url.scheme and url.netloc:
        return f"{url.scheme}://{url.netloc}"
    return DEFAULT_BASE_URL


def downloads(
    ds: Dataset, f: Filters, *, name: str, rows: pd.DataFrame | None = None, chart: Chart | None = None
) -> None:
    """The download row under a page's data: the rows shown (CSV), the chart (PNG, with
    title, filters, sources and date inside the image) and the whole dataset (zip)."""
    stamp = f"{name}_{f.years[0]}-{f.years[1]}"
    cols = iter(st.columns(4))
    if rows is not None:
        shown = rows
        next(cols).download_button(
            "Rows shown (CSV)",
            data=lambda: tables.safe_csv(shown),
            file_name=f"cc5_{stamp}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/table:",
            key=f"dl-csv-{name}",
            help="Exactly the rows on this page for the current filters, with their sources' addresses.",
        )
    if chart is not None:
        chromium = browser_path() is not None
        pic = chart
        next(cols).download_button(
            "Chart (PNG)",
            data=lambda: pic.png(source_lookup(ds), filters=f.describe(), data_as_of=ds.data_as_of),
            file_name=f"cc5_{stamp}.png",
            mime="image/png",
            on_click="ignore",
            icon=":material/image:",
            key=f"dl-png-{name}",
            disabled=not chromium,
            help="The chart with its title, the filters, the sources and the data date inside the image."
            if chromium
            else "Images need Chromium on the server (apt-get install chromium).",
        )
    next(cols).download_button(
        "Whole dataset (zip)",
        data=lambda: tables.dataset_zip(configured_dir()),
        file_name="cc5_dataset.zip",
        mime="application/zip",
        on_click="ignore",
        icon=":material/folder_zip:",
        key=f"dl-zip-{name}",
        help="Every CSV with datapackage.json (the description and licence) and the boundary file.",
    )


def _briefing_button(
    label: str, data: Callable[[], bytes | str], suffix: str, mime: str, *, enabled: bool, help: str, **style: Any
) -> None:
    st.download_button(
        label, data=data, file_name=suffix, mime=mime, on_click="ignore", width="stretch", disabled=not enabled,
        help=help, **style,
    )


def html_button(ds: Dataset, f: Filters, spec: PageSpec, extra: Mapping[str, Sequence[str]]) -> None:
    """One click: the briefing as a single HTML file that opens offline."""
    from components.htmlbrief import build_html

    base = app_base_url()
    compare = compare_countries(spec, extra)
    _briefing_button(
        "Briefing (HTML, opens offline)",
        lambda: build_html(ds, f, base_url=base, page=spec.url_path, compare=compare),
        f"cc5_briefing_{f.years[0]}-{f.years[1]}.html",
        "text/html",
        enabled=ds.sourced,
        help="One file with the key figures, the map, interactive charts, the tables, every source with its link "
        "and the citation; it opens in any browser without a network and prints well.",
        icon=":material/description:",
        key="dl-html",
    )


def compare_countries(spec: PageSpec, extra: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """The countries the Compare page shows (ISO3), for its briefing; () on other pages."""
    if spec.key != "compare":
        return ()
    chosen, _ = parse_choices(extra.get(PARAM_COMPARE, ()), COUNTRY_NAMES, PARAM_COMPARE, "country")
    return chosen


def cite_and_embed(ds: Dataset, f: Filters, spec: PageSpec, extra: Mapping[str, Sequence[str]]) -> None:
    """The citation of this exact view (plain text, BibTeX) and the code that embeds it, each in
    a code block with Streamlit's copy button. ``extra``: the page's own URL parameters."""
    frozen = tuple((k, tuple(v)) for k, v in extra.items())  # memo keys must hash
    c = memo(_cite, ds, f, spec, app_base_url(), date.today(), frozen)  # drawn on every rerun: kept per view
    with st.expander("Cite or embed this view", icon=":material/format_quote:"):
        st.caption("Cite")
        st.code(c.plain(), language=None, wrap_lines=True)
        st.caption("BibTeX")
        st.code(c.bibtex(), language="latex", wrap_lines=True)
        st.caption("Embed (the view without the sidebar, in Streamlit's embed mode)")
        st.code(citation.embed_code(c), language="html", wrap_lines=True)


def _cite(
    ds: Dataset, f: Filters, spec: PageSpec, base: str, day: date, extra: tuple[tuple[str, tuple[str, ...]], ...]
) -> citation.Citation:
    return citation.cite(ds, f, spec, base, day, dict(extra))


def deck_button(ds: Dataset, f: Filters, spec: PageSpec, extra: Mapping[str, Sequence[str]]) -> None:
    """One click: the PowerPoint briefing of the current view."""
    from components.briefing import build_deck

    base = app_base_url()
    chromium = browser_path() is not None and ds.sourced
    compare = compare_countries(spec, extra)
    _briefing_button(
        "Briefing deck (PowerPoint)",
        lambda: build_deck(ds, f, base_url=base, page=spec.url_path, compare=compare),
        f"cc5_briefing_{f.years[0]}-{f.years[1]}.pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        enabled=chromium,
        help="The current view as slides: title, key figures, map, timeline, directions, mechanisms, "
        + ("the countries compared, " if len(compare) >= 2 else "")
        + "sources; each slide carries its sources, the data date and the link to this view."
        if chromium
        else "The deck's pictures need Chromium on the server (apt-get install chromium).",
        icon=":material/slideshow:",
        type="primary",
        key="dl-deck",
    )
