"""Streamlit glue shared by app.py and the pages: the cached data, the sidebar filters
bound to the URL, notices, and small renderers used on several pages.

This is the one module in ``components/`` that calls Streamlit; everything it shows is
computed by the pure modules beside it.
"""

from __future__ import annotations

import os
import pickle
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

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
from components.labels import STATUS_EXPLAINED, STATUS_LABELS, md

APP_TITLE = "China–Central Asia Cooperation Monitor"
NOTICES_KEY = "_url_notices"
FILTERS_KEY = "_filters"
PRESENT_KEY = "present"
T = TypeVar("T")


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


# One shared Dataset per process and file state: cache_resource hands out the same object (no
# copy per rerun). Nothing in components/ or pages/ changes a table in place
# (tests/unit/test_builders.py::test_views_leave_the_dataset_unchanged).
@st.cache_resource(show_spinner="Loading and checking the data…", max_entries=4)
def _load_cached(key: str, _folder: str) -> Dataset:
    del key  # the folder and its files' names, times and sizes: edited files are read again
    return load_dataset(Path(_folder))


def _data_state() -> tuple[str, str]:
    """The data folder, and a key for its state: the folder and its files' names, times, sizes."""
    folder = str(data_dir())
    return folder, repr((folder, _signature(Path(folder))))


def dataset() -> Dataset:
    """The validated data, loaded once per process (and again only when a file changes)."""
    folder, state = _data_state()
    return _load_cached(state, folder)


def swatch(rgb: Sequence[int]) -> str:
    """A colour square as an SVG data URL, for an image column (built from numbers only)."""
    r, g, b = (max(0, min(255, int(c))) for c in rgb[:3])
    return (
        "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='28' height='16'>"
        f"<rect x='0.5' y='0.5' width='27' height='15' fill='rgb({r},{g},{b})' stroke='rgb(120,120,120)'/></svg>"
    )


MEMO_BUDGET_MB = float(os.environ.get("CC5_MEMO_MB", "96"))
_MEMO: OrderedDict[str, tuple[Any, int]] = OrderedDict()
_MEMO_STATE = {"bytes": 0, "hits": 0, "misses": 0}
_MEMO_LOCK = threading.Lock()


def _size(value: Any) -> int:
    """Bytes a result takes once pickled: a fair proxy for what keeping it costs."""
    try:
        return len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # noqa: BLE001 - an unpicklable result is simply not kept
        return -1


def memo(fn: Callable[..., T], ds: Dataset, *args: Any) -> T:
    """``fn(ds, *args)``, kept per data state and arguments (filters, page choices) and shared by
    every session of the process; the result is read-only for the caller.

    The least recently used results are dropped once the kept ones exceed ``CC5_MEMO_MB``
    (default 96 MB, measured as pickled bytes), so memory stays bounded however many
    different views are asked for.
    """
    key = repr((_data_state()[1], f"{fn.__module__}.{fn.__qualname__}", args))
    with _MEMO_LOCK:
        hit = _MEMO.get(key)
        if hit is not None:
            _MEMO.move_to_end(key)
            _MEMO_STATE["hits"] += 1
            return hit[0]
        _MEMO_STATE["misses"] += 1
    value = fn(ds, *args)
    size = _size(value)
    budget = int(MEMO_BUDGET_MB * 2**20)
    if 0 <= size <= budget:
        with _MEMO_LOCK:
            if key not in _MEMO:
                _MEMO[key] = (value, size)
                _MEMO_STATE["bytes"] += size
            while _MEMO_STATE["bytes"] > budget and _MEMO:
                _, (_, dropped) = _MEMO.popitem(last=False)
                _MEMO_STATE["bytes"] -= dropped
    return value


_ARROW: dict[int, tuple[weakref.ref[pd.DataFrame], Any]] = {}
_ARROW_LOCK = threading.Lock()


def _arrow(frame: pd.DataFrame) -> Any:
    """The frame as an Arrow table, converted once per frame object (memoised frames live long
    and never change); a frame Arrow cannot take as it is goes to Streamlit unchanged."""
    import pyarrow as pa

    key = id(frame)
    with _ARROW_LOCK:
        hit = _ARROW.get(key)
        if hit is not None and hit[0]() is frame:
            return hit[1]
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return frame
    with _ARROW_LOCK:
        _ARROW[key] = (weakref.ref(frame, lambda _ref, k=key: _ARROW.pop(k, None)), table)
    return table


def table(frame: pd.DataFrame, **kwargs: Any) -> None:
    """``st.dataframe`` of a memoised frame (no index, full width): the pandas-to-Arrow conversion
    Streamlit does on every rerun is done once."""
    st.dataframe(_arrow(frame), hide_index=True, width="stretch", **kwargs)


def memo_stats() -> dict[str, int]:
    """Entries, bytes, hits and misses of the memo (tests read them)."""
    with _MEMO_LOCK:
        return {"entries": len(_MEMO), **_MEMO_STATE}


# --------------------------------------------------------------------------- pages


_RUN = threading.local()  # one script run happens on one thread: app.py marks it, the page reads it


def mark_shell() -> None:
    """Called first thing by app.py: this run goes through the shell (navigation, sidebar)."""
    _RUN.shell = True


def page_guard() -> None:
    """Make a deep link work as the very first request(s) to a fresh server.

    A folder named ``pages/`` puts Streamlit in its legacy multipage mode until
    ``st.navigation`` first runs; a first request for ``/timeline`` (or several at once)
    would then run the page alone, without app.py's sidebar. A page that finds its run
    was not marked by app.py leaves legacy mode and reruns, so app.py runs and routes to
    the same page with the same URL.
    """
    if getattr(_RUN, "shell", False):
        _RUN.shell = False
        return
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()


def context(slide: str | None = None) -> tuple[Dataset, Filters]:
    """What every page starts from: the data and the current filters.

    In presentation mode a page that is one of the slides (``slide``) is shown as that
    slide instead, and the page script stops here.
    """
    page_guard()
    ds = dataset()
    if not ds.tables:
        # Without its description no file can be checked, so nothing is shown as fact.
        st.error(
            "The data cannot be shown: its description, data/datapackage.json, is missing or unreadable, "
            "so no file can be checked. Restore it (see README, 'The data').",
            icon=":material/error:",
        )
        data_problems(ds)
        st.stop()
    f = st.session_state.get(FILTERS_KEY, Filters())
    if slide is not None and st.session_state.get(PRESENT_KEY):
        from components import presentation

        presentation.show(slide, ds, f)
        st.stop()
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
    start, end = sorted((int(years[0]), int(years[1])))  # a hand-edited link may give them reversed
    f = Filters(countries, (start, end))
    st.session_state[FILTERS_KEY] = f
    return f


def show_url_notices() -> None:
    for msg in st.session_state.get(NOTICES_KEY, []):
        st.warning(md(msg), icon=":material/warning:")


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
        st.warning(md(msg), icon=":material/warning:")
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


# --------------------------------------------------------------------------- styles

ASSETS = Path(__file__).resolve().parent.parent / "assets"
STYLESHEETS = ("print.css", "present.css")


def stylesheet(name: str) -> None:
    """Apply one of the project's static stylesheets (no data ever goes into them)."""
    if name not in STYLESHEETS:
        raise ValueError(f"unknown stylesheet {name!r}")
    st.html(ASSETS / name)


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


def link_column(label: str) -> Any:
    """A table column of addresses, shown as the site's name and clickable."""
    return st.column_config.LinkColumn(label, display_text=r"https?://(?:www\.)?([^/]+)")


def app_base_url() -> str:
    """scheme://host:port of this app as the browser reached it (for links in exports)."""
    url = urlparse(st.context.url or "")
    if url.scheme and url.netloc:
        return f"{url.scheme}://{url.netloc}"
    return "http://127.0.0.1:8501"


def downloads(
    ds: Dataset,
    f: Filters,
    *,
    name: str,
    page_path: str,
    rows: pd.DataFrame | None = None,
    png: Callable[[], bytes] | None = None,
) -> None:
    """The download row under a page's data: the rows shown (CSV), the chart (PNG, with
    title, filters, sources and date inside the image) and the whole dataset (zip)."""
    from components import export

    stamp = f"{name}_{f.years[0]}-{f.years[1]}"
    cols = iter(st.columns(4))
    if rows is not None:
        next(cols).download_button(
            "Rows shown (CSV)",
            data=lambda: export.safe_csv(rows),
            file_name=f"cc5_{stamp}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/table:",
            key=f"dl-csv-{name}",
            help="Exactly the rows on this page for the current filters, with their sources' addresses.",
        )
    if png is not None:
        chromium = export.browser_path() is not None
        next(cols).download_button(
            "Chart (PNG)",
            data=png,
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
        data=lambda: export.dataset_zip(data_dir()),
        file_name="cc5_dataset.zip",
        mime="application/zip",
        on_click="ignore",
        icon=":material/folder_zip:",
        key=f"dl-zip-{name}",
        help="Every CSV with datapackage.json (the description and licence) and the boundary file.",
    )
    del page_path


def deck_button(ds: Dataset, f: Filters, page_path: str) -> None:
    """One click: the PowerPoint briefing of the current view."""
    from components import export

    link = export.view_url(app_base_url(), page_path, f)
    chromium = export.browser_path() is not None and bool(ds.tables)
    st.download_button(
        "Briefing deck (PowerPoint)",
        data=lambda: export.build_deck(ds, f, view_url=link),
        file_name=f"cc5_briefing_{f.years[0]}-{f.years[1]}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        on_click="ignore",
        icon=":material/slideshow:",
        type="primary",
        width="stretch",
        disabled=not chromium,
        key="dl-deck",
        help="Seven slides of the current view: title, key figures, map, timeline, directions, mechanisms, "
        "sources; each slide carries its sources, the data date and the link to this view."
        if chromium
        else "The deck's pictures need Chromium on the server (apt-get install chromium).",
    )


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
