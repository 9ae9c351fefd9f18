"""The Search page's view: the records matching ``q=`` within the filters, grouped by kind, each
with its date, status, sources and the page (with this view's filters) where it appears."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.data import registry
from components.data.dataset import Dataset, source_lookup
from components.data.filters import Filters
from components.data.i18n import _, ngettext
from components.data.sourcing import sources_text, view_url
from components.views.searchindex import KINDS, MAX_QUERY, Hit, kind_heading, kind_label, rank_word, search, words_of


@dataclass(frozen=True)
class SearchGroup:
    kind: str  # a key of search.KINDS (English: an id)
    hits: tuple[Hit, ...]
    page_title: str  # in the language of the view
    page_link: str  # relative address of the page with the view's filters
    heading: str = ""  # the group's heading with its count, in the language of the view: "Events (12)"


@dataclass(frozen=True)
class SearchView:
    query: str
    message: str  # what was searched, or why nothing was
    groups: tuple[SearchGroup, ...]
    rows: pd.DataFrame  # the download: one row per hit
    sources: dict[str, str]  # hit id -> its sources as a line
    total: int


def _columns() -> list[str]:
    return [_("Kind"), _("Title"), _("Date"), _("Status"), _("Match"), _("Sources"), _("Id")]


def search_view(ds: Dataset, f: Filters, query: str) -> SearchView:
    q = " ".join(query.split())
    src = source_lookup(ds)
    if not words_of(q):
        message = _("Type at least one word of two letters or more.") if q else _("Type a word or a phrase to search.")
        return SearchView(q, message, (), pd.DataFrame(columns=_columns()), {}, 0)  # its download names its columns
    hits = search(ds, f, q)
    clipped = len(q) > MAX_QUERY
    groups = []
    for kind in [k for k in KINDS if any(h.kind == k for h in hits)]:  # events first, sources last
        mine = tuple(h for h in hits if h.kind == kind)
        spec = registry.page(mine[0].page)
        link = view_url("", spec.url_path, f)
        groups.append(SearchGroup(kind, mine, spec.shown_title, link, kind_heading(kind, len(mine))))
    rows = pd.DataFrame(
        [(kind_label(h.kind), h.title, h.date, h.status, rank_word(h.rank), sources_text(h.source_ids, src), h.id)
         for h in hits],
        columns=_columns(),
    )
    shown, n = q[:MAX_QUERY], len(hits)
    if hits and clipped:
        message = ngettext(
            "{n} record matches “{query}” (only its first 200 characters were searched) within the filters.",
            "{n} records match “{query}” (only its first 200 characters were searched) within the filters.",
            n,
        ).format(n=n, query=shown)
    elif hits:
        message = ngettext(
            "{n} record matches “{query}” within the filters.", "{n} records match “{query}” within the filters.", n
        ).format(n=n, query=shown)
    elif clipped:
        message = _(
            "Nothing matches “{query}” within the filters (only its first 200 characters were searched)."
        ).format(query=shown)
    else:
        message = _("Nothing matches “{query}” within the filters.").format(query=shown)
    texts = {h.id: sources_text(h.source_ids, src) for h in hits}
    return SearchView(q, message, tuple(groups), rows, texts, len(hits))
