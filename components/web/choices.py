"""Each page's own choice (its URL parameter, label and allowed values) and the rows its view
offers for download, described once: the page draws the choice as a widget, the data routes
(``components/web/api.py``) read the same parameter from a request, and both get the rows from the
same memoised view. Plain Python, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from components import views
from components.data import datatext, filters, i18n
from components.data.dataset import Dataset
from components.data.filters import Filters, country_name, country_names, parse_choices, parse_query
from components.data.i18n import N_, _
from components.data.labels import category_labels
from components.data.notices import Notice
from components.render.mapmodel import DEFAULT_MEASURE, MEASURES
from components.views import panels
from components.views.memo import memo
from components.views.searchindex import MAX_QUERY


def _directions(ds: Dataset, f: Filters) -> Mapping[str, str]:
    names = dict(zip(ds["directions"]["id"], ds["directions"]["name"], strict=True))
    return {d: names[d] for d in panels.direction_ids(ds)}


def _mechanisms(ds: Dataset, f: Filters) -> Mapping[str, str]:
    return dict(zip(ds["mechanisms"]["id"], ds["mechanisms"]["name"], strict=True))


def _profiles(ds: Dataset, f: Filters) -> Mapping[str, str]:
    return {c: country_name(c) for c in f.countries}


def _measures(ds: Dataset, f: Filters) -> Mapping[str, str]:
    return i18n.translated(MEASURES)


@dataclass(frozen=True)
class Choice:
    """A page's own filter: ``?param=Label`` (repeatable when ``multi``). Its words are kept in
    English (marked for the catalog) and given in the current language when asked for: ``label``,
    ``help``, ``what`` and the labels of ``options`` (which the link carries, so a label names one
    id in each language)."""

    param: str
    label_text: str  # N_-marked; ``label`` is its translation
    options: Callable[[Dataset, Filters], Mapping[str, str]]  # id -> label in the current language
    multi: bool = True
    default: Callable[[Filters], Sequence[str]] = lambda f: ()  # ids chosen when the link has none
    help_text: str | None = None  # N_-marked; ``help`` is its translation
    what_text: str = ""  # the noun a notice uses ("category"), N_-marked; ``what`` is its translation

    @property
    def label(self) -> str:
        return _(self.label_text)

    @property
    def help(self) -> str | None:
        return _(self.help_text) if self.help_text else None

    @property
    def what(self) -> str:
        return _(self.what_text) if self.what_text else ""


CHOICES: dict[str, Choice] = {
    "map": Choice("measure", N_("Shade countries by"), _measures, multi=False,
                  default=lambda f: (DEFAULT_MEASURE,), what_text=N_("measure")),
    "timeline": Choice("category", N_("Event categories"), lambda ds, f: category_labels(),
                       help_text=N_("Leave empty to show every category."), what_text=N_("category")),
    "directions": Choice("direction", N_("Directions"), _directions, help_text=N_("Leave empty to show all six."),
                         what_text=N_("direction")),
    "mechanisms": Choice("mechanism", N_("Mechanisms"), _mechanisms,
                         help_text=N_("Leave empty to show every mechanism."), what_text=N_("mechanism")),
    "countries": Choice("profile", N_("Country"), _profiles, multi=False, default=lambda f: f.countries[:1],
                        what_text=N_("country")),
    "compare": Choice(views.PARAM_COMPARE, N_("Countries to compare"), lambda ds, f: country_names(),
                      default=views.default_countries,
                      help_text=N_("Two to six countries, side by side over the years selected in the sidebar."),
                      what_text=N_("country")),
}
PARAM_QUERY = "q"  # the Search page's free text


def parse(
    ds: Dataset, f: Filters, page: str, params: Mapping[str, Sequence[str]]
) -> tuple[tuple[str, ...], list[Notice]]:
    """The page's choice from URL parameters: ids, and a notice for each value dropped. A single
    choice keeps its first valid value; none chosen gives the page's default."""
    choice = CHOICES.get(page)
    if choice is None:
        return (), []
    options = choice.options(ds, f)
    # A label in any of the languages names its id (a link made in Russian opens in English too).
    by_label = all_labels(ds, f, page)
    given = [options.get(by_label[v], v) if v not in options.values() and v in by_label else v
             for v in params.get(choice.param, ())]
    chosen, notices = parse_choices(given, options, choice.param, choice.what_text)
    if not choice.multi:
        chosen = chosen[:1]
    if not chosen:
        chosen = tuple(d for d in choice.default(f) if d in options)
    return chosen, notices


def own_query(ds: Dataset, f: Filters, page: str, chosen: Sequence[str], query: str = "") -> dict[str, list[str]]:
    """The page's own parameters for this view, written as the page writes them in its address:
    the chosen labels in the view's language (``f.lang``), in the order chosen, left out when they
    are the page's default (Streamlit's URL binding leaves a default out too); the search text.
    With :meth:`Filters.to_query`, the one canonical form of a view's link."""
    if page == "search":
        return {PARAM_QUERY: [query]} if query else {}
    choice = CHOICES.get(page)
    if choice is None or not chosen:
        return {}
    with i18n.using(f.lang):
        options = choice.options(datatext.localized(ds, f.lang), f)
    if tuple(chosen) == tuple(d for d in choice.default(f) if d in options):
        return {}
    return {choice.param: [options[k] for k in chosen if k in options]}


def link_query(ds: Dataset, f: Filters, page: str, chosen: Sequence[str], query: str = "") -> dict[str, list[str]]:
    """Every parameter of the link that reopens this view: the filters and the page's own."""
    return {**f.to_query(), **own_query(ds, f, page, chosen, query)}


def choice_words(ds: Dataset, f: Filters, page: str, chosen: Sequence[str], query: str = "") -> str:
    """The page's choice in words, in the view's language (citation titles): ``Summit, Forum``,
    the countries compared, the search text; "" when the page has none, or shows its default
    (which its link leaves out too), except the countries compared, which are the view itself."""
    if page == "search":
        return query
    choice = CHOICES.get(page)
    if choice is None:
        return ""
    with i18n.using(f.lang):
        options = choice.options(datatext.localized(ds, f.lang), f)
    if page == "compare" and len(chosen) < 2:  # nothing is compared: the page asks for two
        return ""
    if page != "compare" and tuple(chosen) == tuple(d for d in choice.default(f) if d in options):
        return ""
    return i18n.list_text((options[k] for k in chosen if k in options), f.lang)


def canonical_address(ds: Dataset, page: str, params: Mapping[str, Sequence[str]], lang: str) -> dict[str, list[str]]:
    """The address's query as the page in ``lang`` writes it (``filters.canonical_address`` for the
    filters; the page's choice by its labels in ``lang``, in the order given, left out when it is the
    default). What names nothing is kept as given, for the page to drop with a notice."""
    out = filters.canonical_address(params, lang)
    choice = CHOICES.get(page)
    raw = out.pop(choice.param, []) if choice else []
    if choice is None or not raw:
        return out
    f = parse_query(params, lang)[0]
    with i18n.using(lang):
        options = choice.options(datatext.localized(ds, lang), f)
        by_label = all_labels(ds, f, page)
        default = tuple(d for d in choice.default(f) if d in options)
    known = list(dict.fromkeys(by_label[v] for v in raw if by_label.get(v) in options))
    unknown = [v for v in dict.fromkeys(raw) if by_label.get(v) not in options]
    if not choice.multi:
        known = known[:1]
    if unknown or tuple(known) != default:
        out[choice.param] = [options[k] for k in known] + unknown
    return out


def all_labels(ds: Dataset, f: Filters, page: str) -> dict[str, str]:
    """Label → id of the page's choice in every language (``i18n.LANGS``): what carries a choice
    across a language change, and lets a link made in one language open in another. The current
    language's labels win where two languages share a label."""
    choice = CHOICES.get(page)
    if choice is None:
        return {}
    out: dict[str, str] = {}
    for lang in (*(x for x in i18n.LANGS if x != i18n.current()), i18n.current()):
        with i18n.using(lang):  # labels from the data (mechanisms, directions) in that language too
            out.update({label: key for key, label in choice.options(datatext.localized(ds, lang), f).items()})
    return out


def view(ds: Dataset, f: Filters, page: str, chosen: tuple[str, ...], query: str = "") -> Any | None:
    """The page's memoised view for this view (the object the page draws), or None when the page
    shows nothing for it (Compare with fewer than two countries, Search without a query)."""
    if page == "overview":
        return memo(views.overview_view, ds, f, pd.Timestamp.today().normalize())
    if page == "map":
        return memo(views.map_view, ds, f, chosen[0] if chosen else DEFAULT_MEASURE)
    if page in ("timeline", "directions", "mechanisms"):
        return memo(_VIEW_OF[page], ds, f, chosen)
    if page == "countries":
        return memo(views.country_view, ds, f, chosen[0]) if chosen else None
    if page == "compare":
        return memo(views.compare_view, ds, f, chosen) if len(chosen) >= 2 else None
    if page == "search":
        return memo(views.search_view, ds, f, query[:MAX_QUERY]) if query.strip() else None
    if page == "changes":
        return memo(views.changes_view, ds, f)
    if page == "sources":
        return memo(views.sources_view, ds)
    raise KeyError(page)


_VIEW_OF: dict[str, Callable[..., Any]] = {
    "timeline": views.timeline_view,
    "directions": views.directions_view,
    "mechanisms": views.mechanisms_view,
}
ROWS_FIELD = {"map": "table", "sources": "register"}  # the view's field with its rows (default: rows)
CHART_PAGES = ("map", "timeline", "mechanisms", "countries", "compare")  # pages with a chart (PNG)


def rows(ds: Dataset, f: Filters, page: str, chosen: tuple[str, ...], query: str = "") -> pd.DataFrame | None:
    """The rows the page offers as "Rows shown (CSV)" for this view, or None."""
    v = view(ds, f, page, chosen, query)
    return None if v is None else getattr(v, ROWS_FIELD.get(page, "rows"))


def chart(ds: Dataset, f: Filters, page: str, chosen: tuple[str, ...]) -> views.Chart | None:
    """The page's chart (for its PNG), or None when the page has none for this view."""
    v = view(ds, f, page, chosen) if page in CHART_PAGES else None
    return None if v is None else v.chart


def file_stem(f: Filters, page: str, chosen: tuple[str, ...]) -> str:
    """The download's name without its suffix, as the page's buttons name it."""
    name = {"overview": "events", "directions": "commitments", "map": f"map_{chosen[0] if chosen else ''}",
            "countries": f"country_{chosen[0] if chosen else ''}"}.get(page, page)
    return f"cc5_{name}_{f.years[0]}-{f.years[1]}"
