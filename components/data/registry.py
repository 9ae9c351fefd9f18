"""The one list of the dashboard's pages.

``app.py`` builds its navigation from it, presentation mode and the briefing deck take their
slides from it (in this order), and the tests and benchmarks walk it. Adding a page is one
entry here plus its script in ``pages/``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from components.data.i18n import N_, PARAM_LANG, _, gettext

# URL parameters every page takes (the sidebar's filters and presentation mode).
PARAM_COUNTRY = "country"
PARAM_YEARS = "years"
PARAM_PRESENT = "present"
PARAM_SINCE = "since"
PARAM_SCOPE = "scope"
COMMON_PARAMS: tuple[str, ...] = (PARAM_COUNTRY, PARAM_YEARS, PARAM_SCOPE, PARAM_SINCE, PARAM_LANG, PARAM_PRESENT)
APP_TITLE = N_("China–Central Asia Cooperation Monitor")


@dataclass(frozen=True)
class PageSpec:
    """One page: where its script is, how it is named and reached, what it takes in its URL."""

    key: str
    script: str
    title: str
    icon: str
    url_path: str  # "" for the default page (served at /)
    params: tuple[str, ...] = ()  # its own URL parameters, beside COMMON_PARAMS
    slide: bool = False  # a step of presentation mode and a slide of the deck
    deck_title: str = ""  # the slide's title in the deck (default: the page's title)
    sample_query: str = ""  # a query that shows the page's typical content (tests, benchmarks)
    draws: tuple[str, ...] = ("dataframe",)  # what the browser must draw on it: plotly, deck, dataframe
    # A deck slide (not a presentation step) only for some views: "since" when the view marks
    # changes since a day, "compare" when the deck is made with countries to compare.
    deck: str = ""

    @property
    def path(self) -> str:
        """The address path, ``/`` for the default page."""
        return "/" + self.url_path

    @property
    def sample_path(self) -> str:
        """The path with the sample query: what tests and benchmarks open."""
        return self.path + (f"?{self.sample_query}" if self.sample_query else "")

    @property
    def slide_title(self) -> str:
        """The slide's title in the current language."""
        return _(self.deck_title or self.title)

    def heading(self, lang: str | None = None) -> str:
        """The page's heading (its ``<h1>``) in ``lang`` (default: the current language): the app's
        title on the default page, the page's own title on the others."""
        return gettext(APP_TITLE if self.url_path == "" else self.title, lang)

    @property
    def shown_title(self) -> str:
        """The page's title in the current language (``title`` is the English one, the catalog's id)."""
        return _(self.title)


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "overview", "pages/overview.py", N_("Overview"), ":material/home:", "", slide=True, deck_title=N_("Key figures")
    ),
    PageSpec("map", "pages/map.py", N_("Map"), ":material/map:", "map", ("measure",), slide=True, draws=("deck",)),
    PageSpec(
        "timeline",
        "pages/timeline.py",
        N_("Timeline"),
        ":material/timeline:",
        "timeline",
        ("category",),
        slide=True,
        draws=("plotly",),
    ),
    PageSpec(
        "directions",
        "pages/directions.py",
        N_("Priority directions"),
        ":material/category:",
        "directions",
        ("direction",),
        slide=True,
        deck_title=N_("Six priority directions"),
    ),
    PageSpec(
        "mechanisms",
        "pages/mechanisms.py",
        N_("Ministerial mechanisms"),
        ":material/account_balance:",
        "mechanisms",
        ("mechanism",),
        slide=True,
        draws=("plotly",),
    ),
    PageSpec(
        "countries",
        "pages/countries.py",
        N_("Countries"),
        ":material/public:",
        "countries",
        ("profile",),
        sample_query="profile=Kazakhstan",
        draws=("plotly",),
    ),
    PageSpec(
        "compare",
        "pages/compare.py",
        N_("Compare countries"),
        ":material/compare_arrows:",
        "compare",
        ("compare",),
        sample_query="compare=Kazakhstan&compare=Uzbekistan",
        draws=("dataframe",),
        deck="compare",
        deck_title=N_("Countries compared"),
    ),
    PageSpec(
        "search",
        "pages/search.py",
        N_("Search"),
        ":material/search:",
        "search",
        ("q",),
        sample_query="q=railway",
        draws=(),
    ),
    PageSpec(
        "changes",
        "pages/changes.py",
        N_("What changed"),
        ":material/update:",
        "changes",
        sample_query="since=2026-11-01",
        deck="since",
        deck_title=N_("What changed since"),
    ),
    PageSpec("sources", "pages/sources.py", N_("Sources"), ":material/menu_book:", "sources", slide=True),
)

# The curator's workspace (README, "Curator's workspace"): a page only when the server is started
# with CC5_CURATE=1; without it no page, no form and no module that writes files is loaded.
CURATE_SWITCH = "CC5_CURATE"
CURATE = PageSpec("curate", "pages/curate.py", N_("Curator's workspace"), ":material/edit_note:", "curate", draws=())


def curating() -> bool:
    """Whether the server was started with the curation switch (``CC5_CURATE=1``)."""
    return os.environ.get(CURATE_SWITCH, "") == "1"


def pages() -> tuple[PageSpec, ...]:
    """The pages this server serves: PAGES, plus the curator's workspace when the switch is on."""
    return (*PAGES, CURATE) if curating() else PAGES


DEFAULT = PAGES[0]
SLIDES: tuple[PageSpec, ...] = tuple(p for p in PAGES if p.slide)
DECK_SLIDES: tuple[PageSpec, ...] = tuple(p for p in PAGES if p.slide or p.deck)


def page(key: str) -> PageSpec:
    """The page with this key (KeyError for an unknown one)."""
    for p in pages():
        if p.key == key:
            return p
    raise KeyError(key)


def by_url_path(url_path: str) -> PageSpec:
    """The page served at ``url_path`` (``""`` or ``"map"``); the default page for an unknown path."""
    path = url_path.strip("/")
    return next((p for p in pages() if p.url_path == path), DEFAULT)


def slide_position(key: str) -> int | None:
    """1-based position of the page among the slides, None when it is not one."""
    keys = [p.key for p in SLIDES]
    return keys.index(key) + 1 if key in keys else None
