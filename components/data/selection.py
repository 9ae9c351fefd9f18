"""The filter model applied to the data's frames: the events, rows and trade a selection
(``Filters``: countries, years, scope) keeps. Parsing the selection from a link is
``filters.py``'s job."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import Any

import pandas as pd

from components.data.filters import SCOPE_ALL, Filters


def _involves(cell: tuple[str, ...] | None, countries: set[str]) -> bool:
    return bool(set(cell or ()) & countries)


# Filtered events kept per events frame (by identity, while it lives) and selection: most views
# of a rerun start from the same selection. pandas' copy-on-write keeps the kept frames safe
# from a caller that changes its copy.
_FILTERED: dict[int, tuple[weakref.ref[pd.DataFrame], OrderedDict[tuple[Any, ...], pd.DataFrame]]] = {}
_FILTERED_LOCK = threading.Lock()
FILTERED_KEEP = 256  # selections kept per events frame


def filter_events(events: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Events that involve at least one selected country, fall in the year range and are in scope."""
    if events.empty:
        return events
    key = (f.countries, f.years, f.scope)
    with _FILTERED_LOCK:
        slot = _FILTERED.get(id(events))
        if slot is None or slot[0]() is not events:
            for k in [k for k, (ref, _) in _FILTERED.items() if ref() is None]:
                del _FILTERED[k]
            slot = (weakref.ref(events), OrderedDict())
            _FILTERED[id(events)] = slot
        kept = slot[1].get(key)
        if kept is not None:
            slot[1].move_to_end(key)
            return kept
    sel = set(f.countries)
    in_years = events["date"].dt.year.between(f.years[0], f.years[1])
    involves = events["countries"].map(lambda c: _involves(c, sel))
    out = events[in_years & involves & in_scope(events, f)].sort_values(["date", "id"]).reset_index(drop=True)
    with _FILTERED_LOCK:
        slot[1][key] = out
        while len(slot[1]) > FILTERED_KEEP:
            slot[1].popitem(last=False)
    return out


def in_scope(events: pd.DataFrame, f: Filters) -> pd.Series:
    """Which events are in the filters' scope (all of them when the scope is "all")."""
    if f.scope == SCOPE_ALL or "scope" not in events.columns:
        return pd.Series(True, index=events.index)
    return events["scope"] == f.scope


def filter_by_countries(frame: pd.DataFrame, f: Filters, column: str = "countries") -> pd.DataFrame:
    """Rows whose ``column`` (a tuple of ISO3) meets the selection."""
    if frame.empty:
        return frame
    sel = set(f.countries)
    return frame[frame[column].map(lambda c: _involves(c, sel))].reset_index(drop=True)


def filter_trade(trade: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Trade rows for the year range; per-partner rows for selected partners, plus C5 totals."""
    if trade.empty:
        return trade
    in_years = trade["year"].between(f.years[0], f.years[1])
    partner_ok = trade["partner"].eq("C5") | trade["partner"].isin(f.countries)
    return trade[in_years & partner_ok].sort_values(["year", "partner", "flow"]).reset_index(drop=True)
