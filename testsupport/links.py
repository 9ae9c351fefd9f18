"""The grid of links the link tests open (tests/unit/test_links_grid.py, tests/app/test_links_grid_pages.py,
tests/e2e/test_links_browser.py): every page × the page's language (en, zh, ru) × the language
the link names things in (English, Chinese, Russian names), each with the sidebar's filters and
the page's own choice. For each cell: the link as asked, and the canonical form the page must
write in its address, which every download, citation, embed code and briefing link must carry.

The canonical form is stated here from the labels themselves (a country's name and the choice's
labels in the page's language, defaults left out), not from the code that writes it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from components.data import datatext, i18n, registry
from components.data.dataset import Dataset
from components.data.filters import COUNTRY_NAMES_I18N, Filters
from components.web import choices

LANGS = ("en", "zh", "ru")
COUNTRIES = ("KAZ", "UZB")  # the sidebar's countries in every link
YEARS = ("2023", "2025")
SINCE = "2026-11-01"
# Each page's own choice (ids, in the order asked; none of them the page's default).
OWN: dict[str, tuple[str, ...]] = {
    "map": ("trade",),
    "timeline": ("summit", "ministerial_meeting"),
    "directions": ("connectivity",),
    "mechanisms": ("transport",),
    "countries": ("UZB",),
    "compare": ("TJK", "KAZ"),
}
QUERY = "railway"  # the Search page's text (free text: kept as given)
LINK_KEYS = ("country", "years", "since", "lang")  # what a view's link carries beside the page's own


def cells() -> Iterator[tuple[str, str, str]]:
    """(page key, the page's language, the language the link's names are written in)."""
    for spec in registry.PAGES:
        for lang in LANGS:
            for written in LANGS:
                yield spec.key, lang, written


def labels(ds: Dataset, page: str, lang: str) -> dict[str, str]:
    """The page's choice, id -> label, as the page in ``lang`` shows it."""
    f = Filters(COUNTRIES, (int(YEARS[0]), int(YEARS[1])), lang=lang)
    with i18n.using(lang):
        return dict(choices.CHOICES[page].options(datatext.localized(ds, lang), f))


def asked(ds: Dataset, page: str, lang: str, written: str) -> dict[str, list[str]]:
    """The link as a reader brings it: names in ``written``, the page's language in ``lang=``
    (none for English)."""
    q: dict[str, list[str]] = {
        "country": [COUNTRY_NAMES_I18N[written][c] for c in reversed(COUNTRIES)],  # not in canonical order
        "years": [YEARS[1], YEARS[0]],  # reversed: the page puts them in order
        "since": [SINCE],
    }
    if lang != "en":
        q["lang"] = [lang]
    if page in OWN:
        names = labels(ds, page, written)
        q[choices.CHOICES[page].param] = [names[k] for k in OWN[page]]
    elif page == "search":
        q["q"] = [QUERY]
    return q


def expected(ds: Dataset, page: str, lang: str) -> dict[str, list[str]]:
    """The canonical form of any of the cell's links: what the page's address holds once loaded."""
    q: dict[str, list[str]] = {
        "country": [COUNTRY_NAMES_I18N[lang][c] for c in COUNTRIES],
        "years": list(YEARS),
        "since": [SINCE],
    }
    if lang != "en":
        q["lang"] = [lang]
    if page in OWN:
        names = labels(ds, page, lang)
        q[choices.CHOICES[page].param] = [names[k] for k in OWN[page]]
    elif page == "search":
        q["q"] = [QUERY]
    return q


def filters_only(query: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The sidebar's part of a link (what a link to another page of the same view carries)."""
    return {k: list(v) for k, v in query.items() if k in LINK_KEYS}


def normal(query: Mapping[str, Any]) -> dict[str, list[str]]:
    """A query as comparable lists (``st.query_params`` gives one value as a string); the
    default language written out (``lang=en``) is the same view as none."""
    out = {k: [v] if isinstance(v, str) else list(v) for k, v in query.items()}
    if out.get("lang") == ["en"]:
        del out["lang"]
    return out


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query, keep_blank_values=True)


def path_of(url: str) -> str:
    return "/" + urlparse(url).path.strip("/")


def encoded(query: Mapping[str, Sequence[str]]) -> str:
    return urlencode({k: list(v) for k, v in query.items()}, doseq=True)
