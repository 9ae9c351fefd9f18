"""The Search page's view: the records matching ``q=`` within the filters, grouped by kind, each
with its date, status, sources and the page (with this view's filters) where it appears."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import registry
from components.data import Dataset, source_lookup
from components.filters import Filters
from components.search import KINDS, MAX_QUERY, RANK_WORDS, Hit, search, words_of
from components.sourcing import sources_text, view_url


@dataclass(frozen=True)
class SearchGroup:
    kind: str
    hits: tuple[Hit, ...]
    page_title: str
    page_link: str  # relative address of the page with the view's filters


@dataclass(frozen=True)
class SearchView:
    query: str
    message: str  # what was searched, or why nothing was
    groups: tuple[SearchGroup, ...]
    rows: pd.DataFrame  # the download: one row per hit
    sources: dict[str, str]  # hit id -> its sources as a line
    total: int


def search_view(ds: Dataset, f: Filters, query: str) -> SearchView:
    q = " ".join(query.split())
    src = source_lookup(ds)
    if not words_of(q):
        message = "Type at least one word of two letters or more." if q else "Type a word or a phrase to search."
        return SearchView(q, message, (), pd.DataFrame(), {}, 0)
    hits = search(ds, f, q)
    clipped = " (only its first 200 characters were searched)" if len(q) > MAX_QUERY else ""
    groups = []
    for kind in [k for k in KINDS if any(h.kind == k for h in hits)]:  # events first, sources last
        mine = tuple(h for h in hits if h.kind == kind)
        spec = registry.page(mine[0].page)
        link = view_url("", spec.url_path, f)
        groups.append(SearchGroup(kind, mine, spec.title, link))
    rows = pd.DataFrame(
        [(h.kind, h.title, h.date, h.status, RANK_WORDS[h.rank], sources_text(h.source_ids, src), h.id) for h in hits],
        columns=["Kind", "Title", "Date", "Status", "Match", "Sources", "Id"],
    )
    found = f"{len(hits)} record(s) match “{q[:MAX_QUERY]}”{clipped} within the filters" if hits else ""
    message = found + "." if hits else f"Nothing matches “{q[:MAX_QUERY]}” within the filters{clipped}."
    texts = {h.id: sources_text(h.source_ids, src) for h in hits}
    return SearchView(q, message, tuple(groups), rows, texts, len(hits))
