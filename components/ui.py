"""Streamlit glue shared by app.py and the pages: the cached data, the sidebar filters
bound to the URL, notices, and small renderers used on several pages.

This is the one module in ``components/`` that calls Streamlit; everything it shows is
computed by the pure modules beside it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from components.data import DATA_DIR, Dataset, Problem, load_dataset
from components.filters import (
    ALL_COUNTRIES,
    COUNTRY_NAMES,
    NAME_TO_ISO,
    PARAM_COUNTRY,
    PARAM_YEARS,
    YEAR_MAX,
    YEAR_MIN,
    Filters,
    parse_choices,
    parse_query,
)
from components.labels import STATUS_EXPLAINED, STATUS_LABELS

APP_TITLE = "China–Central Asia Cooperation Monitor"
NOTICES_KEY = "_url_notices"
FILTERS_KEY = "_filters"


# --------------------------------------------------------------------------- data


def data_dir() -> Path:
    """The data folder; ``CC5_DATA_DIR`` points elsewhere (tests, benchmarks)."""
    return Path(os.environ.get("CC5_DATA_DIR", str(DATA_DIR)))


def _signature(folder: Path) -> tuple[tuple[str, float, int], ...]:
    out = []
    for p in sorted(folder.glob("*")):
        if p.is_file():
            stat = p.stat()
            out.append((p.name, stat.st_mtime, stat.st_size))
    return tuple(out)


@st.cache_data(show_spinner="Loading and checking the data…", max_entries=4)
def _load_cached(folder: str, signature: tuple[tuple[str, float, int], ...]) -> Dataset:
    del signature  # part of the cache key only: edited files are read again
    return load_dataset(Path(folder))


def dataset() -> Dataset:
    """The validated data, loaded once per process (and again only when a file changes)."""
    folder = data_dir()
    return _load_cached(str(folder), _signature(folder))


# --------------------------------------------------------------------------- pages


def page_guard() -> None:
    """Make a deep link work as the very first request to a fresh server.

    A folder named ``pages/`` puts Streamlit in its legacy multipage mode until
    ``st.navigation`` first runs; a first request for ``/timeline`` would then run the
    page alone, without app.py's sidebar. The page notices, leaves legacy mode and
    reruns, so app.py runs and routes to the same page with the same URL.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def context() -> tuple[Dataset, Filters]:
    """What every page starts from: the data and the current filters."""
    page_guard()
    ds = dataset()
    f = st.session_state.get(FILTERS_KEY, Filters())
    return ds, f


# --------------------------------------------------------------------------- sidebar


def _clear_notices() -> None:
    st.session_state[NOTICES_KEY] = []


def sidebar_filters() -> Filters:
    """Countries and years in the sidebar, bound to the URL; returns the filters."""
    raw = {PARAM_COUNTRY: st.query_params.get_all(PARAM_COUNTRY), PARAM_YEARS: st.query_params.get_all(PARAM_YEARS)}
    _, notices = parse_query(raw)
    if notices:
        st.session_state[NOTICES_KEY] = notices
    names = [COUNTRY_NAMES[c] for c in ALL_COUNTRIES]
    with st.sidebar:
        st.markdown("**Filters**")
        chosen = st.multiselect(
            "Countries",
            names,
            default=names,
            key=PARAM_COUNTRY,
            bind="query-params",
            persist_state="session",
            help="Events in which at least one selected country took part. Leave all six for the whole mechanism.",
            on_change=_clear_notices,
        )
        years = st.slider(
            "Years",
            YEAR_MIN,
            YEAR_MAX,
            (YEAR_MIN, YEAR_MAX),
            key=PARAM_YEARS,
            bind="query-params",
            persist_state="session",
            on_change=_clear_notices,
        )
    countries = tuple(c for c in ALL_COUNTRIES if COUNTRY_NAMES[c] in set(chosen))
    if not countries:
        countries = ALL_COUNTRIES
        with st.sidebar:
            st.caption("No country selected: showing all six.")
    f = Filters(countries, (int(years[0]), int(years[1])))
    st.session_state[FILTERS_KEY] = f
    return f


def show_url_notices() -> None:
    for msg in st.session_state.get(NOTICES_KEY, []):
        st.warning(msg, icon=":material/warning:")


def page_choice(
    label: str,
    key: str,
    options: Mapping[str, str],
    *,
    multi: bool = True,
    default: Sequence[str] | None = None,
    help: str | None = None,
) -> list[str] | str:
    """A page's own filter, bound to the URL as ``?key=Label``; returns ids.

    Streamlit drops a value that is not one of the labels; the notice says so.
    """
    labels = {v: k for k, v in options.items()}
    _, notices = parse_choices(
        [r for r in st.query_params.get_all(key) if r not in labels], options, key, label.lower()
    )
    for msg in notices:
        st.warning(msg, icon=":material/warning:")
    if multi:
        chosen = st.multiselect(
            label,
            list(options.values()),
            default=[options[d] for d in (default or [])],
            key=key,
            bind="query-params",
            help=help,
        )
        return [labels[c] for c in chosen]
    items = list(options.values())
    index = items.index(options[default[0]]) if default else 0
    one = st.selectbox(label, items, index=index, key=key, bind="query-params", help=help)
    return labels.get(str(one), next(iter(options)))


# --------------------------------------------------------------------------- shared renderers


def data_problems(ds: Dataset, *files: str) -> None:
    """A warning naming what was wrong with the data this page uses."""
    probs = ds.problems_for(*files) if files else ds.problems
    errors = [p for p in probs if p.severity == "error"]
    warnings = [p for p in probs if p.severity != "error"]
    if errors:
        with st.expander(
            f":material/warning: {len(errors)} problem(s) in the data: affected rows or files are not shown",
            expanded=len(errors) <= 3,
        ):
            st.text("\n".join(str(p) for p in errors[:50]) + ("\n…" if len(errors) > 50 else ""))
    if warnings:
        with st.expander(f"{len(warnings)} note(s) on the data files"):
            st.text("\n".join(str(p) for p in warnings[:50]))


def missing(frame: pd.DataFrame, what: str) -> bool:
    """True (with a message) when a table this page needs could not be read."""
    if frame.empty:
        st.info(f"No {what} to show for this selection.")
        return True
    return False


def filter_caption(f: Filters, ds: Dataset) -> None:
    st.caption(f"Showing: {f.describe()} · Data as of {ds.data_as_of}")


def status_legend() -> None:
    rows = [{"Status": STATUS_LABELS[k], "Meaning": v} for k, v in STATUS_EXPLAINED.items()]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def problems_text(problems: Sequence[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


__all__ = ["APP_TITLE", "NAME_TO_ISO", "context", "dataset", "sidebar_filters"]
