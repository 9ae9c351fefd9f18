"""The download row under each page's data, the one-click briefings in the sidebar, and the
citation. Every download is a link to a stateless data route (``components/web/api.py``) carrying
the view's parameters: the file is made when it is asked for, by whichever replica answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import urlparse

import streamlit as st

from components.data import registry
from components.data.dataset import Dataset
from components.data.filters import Filters
from components.data.i18n import N_, _
from components.data.labels import md
from components.data.registry import PageSpec
from components.exports import citation
from components.render.images import browser_path
from components.views.memo import memo
from components.web import api, choices, ui
from components.web.copybox import copy_box

DEFAULT_BASE_URL = "http://127.0.0.1:8501"


def link_column(label: str) -> Any:
    """A table column of addresses, shown as the site's name and clickable."""
    return st.column_config.LinkColumn(label, display_text=r"https?://(?:www\.)?([^/]+)")


def app_base_url() -> str:
    """The address links in exports start with: ``CC5_PUBLIC_URL`` when set (components/web/hosts.py),
    else scheme://host:port of this app as the browser reached it."""
    from components.web.hosts import public_url

    configured = public_url()
    if configured:
        return configured.rstrip("/")
    url = urlparse(st.context.url or "")
    if url.scheme and url.netloc:
        return f"{url.scheme}://{url.netloc}"
    return DEFAULT_BASE_URL


def local_address(base: str) -> bool:
    """The address links start with is this computer's own (a loopback name): a link shared from
    it opens nothing for its recipient."""
    from components.web.hosts import LOOPBACK_NAMES

    return (urlparse(base).hostname or "") in LOOPBACK_NAMES


ROW_FORMATS = (  # help texts marked for the catalog, translated where the buttons are drawn
    ("csv", ":material/table:",
     N_("Exactly the rows on this page for the current filters, with their sources' addresses.")),
    ("json", ":material/data_object:",
     N_("The same rows as JSON, with the data's two dates and the link to this view (see /api/v1/openapi.json).")),
)


def downloads(ds: Dataset, f: Filters, page: str, *, chart: bool = False) -> None:
    """The download row under a page's data: the rows shown (CSV and JSON), the chart (PNG, with
    title, filters, sources and date inside the image) and the whole dataset (zip).

    Each is a link to a data route (``components/web/api.py``) with this view's parameters, not a
    file held in this server's memory: it downloads from whichever replica answers, and the
    route computes the same view the page drew."""
    extra = ui.page_params(ds, f, registry.page(page))
    cols = iter(st.columns(4))
    for fmt, icon, text in ROW_FORMATS:
        next(cols).link_button(
            _("Rows shown ({format})").format(format=fmt.upper()),
            api.download_path(page, fmt, f, extra),
            icon=icon,
            width="stretch",
            help=_(text),
        )
    if chart:
        chromium = browser_path() is not None
        next(cols).link_button(
            _("Chart (PNG)"),
            api.download_path(page, "png", f, extra),
            icon=":material/image:",
            width="stretch",
            disabled=not chromium,
            help=_("The chart with its title, the filters, the sources and the data's two dates inside the image.")
            if chromium
            else _("Images need Chromium on the server (apt-get install chromium)."),
        )
    next(cols).link_button(
        _("Whole dataset (zip)"),
        "api/v1/datapackage.zip",
        icon=":material/folder_zip:",
        width="stretch",
        help=_("Every CSV with datapackage.json (the description and licence) and the boundary file."),
    )


def _briefing_link(label: str, fmt: str, f: Filters, spec: PageSpec, extra: Mapping[str, Sequence[str]],
                   *, enabled: bool, help: str, **style: Any) -> None:
    query = {"page": [spec.key], **{k: list(v) for k, v in extra.items()}}
    st.link_button(label, api.download_path("briefing", fmt, f, query), width="stretch", disabled=not enabled,
                   help=help, **style)


def html_button(ds: Dataset, f: Filters, spec: PageSpec, extra: Mapping[str, Sequence[str]]) -> None:
    """One click: the briefing as a single HTML file that opens offline (made by the data route)."""
    _briefing_link(
        _("Briefing (HTML, opens offline)"),
        "html",
        f,
        spec,
        extra,
        enabled=ds.sourced,
        help=_("One file with the key figures, the map, interactive charts, the tables, every source with its link "
               "and the citation; it opens in any browser without a network and prints well."),
        icon=":material/description:",
    )


def cite_and_embed(ds: Dataset, f: Filters, spec: PageSpec, extra: Mapping[str, Sequence[str]]) -> None:
    """The citation of this exact view (plain text, BibTeX) and the code that embeds it, each in
    a block with a Copy button (``copybox``). ``extra``: the page's own URL parameters."""
    frozen = tuple((k, tuple(v)) for k, v in extra.items())  # memo keys must hash
    base = app_base_url()
    c = memo(_cite, ds, f, spec, base, date.today(), frozen)  # drawn on every rerun: kept per view
    with st.expander(_("Cite or embed this view"), icon=":material/format_quote:"):
        if local_address(base):
            st.caption(":material/link_off: " + md(_(  # the address as the browser sent it: escaped
                "These links, and those in the briefings, start with {base}: an address on this computer that "
                "nobody else can open. Start the app with CC5_PUBLIC_URL set to its public address to share them."
            ).format(base=base)))
        st.caption(_("Cite"))
        copy_box(c.plain(), _("Cite"))
        st.caption("BibTeX")
        copy_box(c.bibtex(), "BibTeX")
        embed = _("Embed (the view without the sidebar, in Streamlit's embed mode)")
        st.caption(embed)
        copy_box(citation.embed_code(c), embed)


def _cite(
    ds: Dataset, f: Filters, spec: PageSpec, base: str, day: date, extra: tuple[tuple[str, tuple[str, ...]], ...]
) -> citation.Citation:
    words = choices.choice_words(ds, f, spec.key, *chosen_of(ds, f, spec.key, dict(extra)))
    return citation.cite(ds, f, spec, base, day, dict(extra), words)


def chosen_of(ds: Dataset, f: Filters, page: str, extra: Mapping[str, Sequence[str]]) -> tuple[tuple[str, ...], str]:
    """The page's choice (ids, as the page applies it: its default when the link names none) and
    search text, from the page's own parameters."""
    return choices.parse(ds, f, page, extra)[0], (extra.get(choices.PARAM_QUERY) or [""])[0]


def deck_button(ds: Dataset, f: Filters, spec: PageSpec, extra: Mapping[str, Sequence[str]]) -> None:
    """One click: the PowerPoint briefing of the current view (made by the data route)."""
    chromium = browser_path() is not None and ds.sourced
    # the countries the briefing route will compare: the page's choice, parsed as the route parses it
    compare = choices.parse(ds, f, "compare", extra)[0] if spec.key == "compare" else ()
    if not chromium:
        text = _("The deck's pictures need Chromium on the server (apt-get install chromium).")
    elif len(compare) >= 2:
        text = _("The current view as slides: title, key figures, map, timeline, directions, mechanisms, "
                 "the countries compared, sources; each slide carries its sources, the data's two dates and the link "
                 "to this view.")
    else:
        text = _("The current view as slides: title, key figures, map, timeline, directions, mechanisms, "
                 "sources; each slide carries its sources, the data's two dates and the link to this view.")
    _briefing_link(
        _("Briefing deck (PowerPoint)"),
        "pptx",
        f,
        spec,
        extra,
        enabled=chromium,
        help=text,
        icon=":material/slideshow:",
        type="primary",
    )
