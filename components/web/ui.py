"""Streamlit glue shared by app.py and the pages: the cached data, the sidebar filters bound to
the URL, notices, and small renderers used on several pages. What it shows is computed by the
pure modules beside it (views, notices, filters); it imports none of the other Streamlit
modules (presentation, downloads), so there is no import cycle.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from components import PROJECT_ROOT
from components.data import i18n, registry
from components.data.dataset import Dataset, configured_dir, shared_dataset
from components.data.datatext import localized
from components.data.filters import (
    Filters,
    parse_choices,
)
from components.data.i18n import _, ngettext
from components.data.labels import md
from components.data.notices import Notice, grouped, page_text
from components.data.registry import PARAM_COUNTRY, PARAM_PRESENT, PARAM_SCOPE, PARAM_SINCE, PARAM_YEARS
from components.render import tables
from components.views.memo import memo
from components.web import language

URL_FILTERS = (PARAM_COUNTRY, PARAM_YEARS, PARAM_SCOPE, PARAM_SINCE)  # the sidebar's parameters

APP_TITLE = registry.APP_TITLE
NOTICES_KEY = language.NOTICES_KEY
FILTERS_KEY = "_filters"
T = TypeVar("T")


# --------------------------------------------------------------------------- data


def dataset() -> Dataset:
    """The validated data, loaded once per process (and again only when a file changes), the
    same object the data routes read (``components.data.dataset.shared_dataset``). Nothing in
    components/ or pages/ changes a table in place
    (tests/unit/test_builders.py::test_views_leave_the_dataset_unchanged)."""
    return localized(shared_dataset(configured_dir()), i18n.current())


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
        def forget(_ref: weakref.ref[pd.DataFrame], k: int = key) -> None:
            _ARROW.pop(k, None)

        _ARROW[key] = (weakref.ref(frame, forget), table)
    return table


GRID_ROW_PX, GRID_MAX_PX = 35, 400  # st.dataframe's row height and the height it stops growing at (1.67)


def table(frame: pd.DataFrame, column_config: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
    """``st.dataframe`` of a memoised frame (no index, full width): the pandas-to-Arrow conversion
    Streamlit does on every rerun is done once. The headings are shown in the reader's language
    (the views keep English headings as the keys they select by; a rename of the Arrow table's
    columns costs nothing), and ``column_config`` is given by those same English headings."""
    data = _arrow(frame)
    if "Changed" in frame.columns and "Changed" not in (column_config or {}):  # "revised 2026-03-02", not "rev…"
        column_config = {**(column_config or {}), "Changed": st.column_config.TextColumn(_("Changed"), width="medium")}
    if i18n.current() != i18n.DEFAULT_LANG:
        import pyarrow as pa

        if isinstance(data, pa.Table):
            data = data.rename_columns([_(c) for c in data.column_names])
        else:
            data = tables.localized(data)
        column_config = {_(k): v for k, v in (column_config or {}).items()}
    if column_config:
        kwargs["column_config"] = column_config
    if len(frame) and "height" not in kwargs:  # Streamlit's own height, said from the first paint: the grid
        kwargs["height"] = min(GRID_ROW_PX * (len(frame) + 1) + 2, GRID_MAX_PX)  # loads later and pushed the page down
    st.dataframe(data, hide_index=True, width="stretch", **kwargs)


_CSS_COLOUR = re.compile(r"rgb\(\d{1,3},\d{1,3},\d{1,3}\)")


def static_table(frame: pd.DataFrame) -> None:
    """A small table as Streamlit's static table (``st.table``: plain HTML), not the canvas grid of
    ``st.dataframe``. On the map page the grids of three six-row tables held the browser's main
    thread about 0.7 s (Lighthouse TBT, docs/benchmarks.md). The first column heads each row."""
    st.table(frame.set_index(frame.columns[0]))


def swatch_table(frame: pd.DataFrame) -> None:
    """A legend as a static table: the first column's CSS colours (``labels.css_colour``) shown as
    coloured cells, the others as text. Only a colour of the form ``rgb(r,g,b)`` is applied."""
    colours = [str(c) if _CSS_COLOUR.fullmatch(str(c)) else "" for c in frame.iloc[:, 0]]
    shown = frame.assign(**{frame.columns[0]: ""})
    styles = [f"background-color: {c}; box-shadow: inset 0 0 0 1px rgb(120,120,120); min-width: 2.5rem" if c else ""
              for c in colours]  # the outline: a white swatch (capitals) on a white page
    st.table(shown.style.apply(lambda _col: styles, subset=[frame.columns[0]]).hide(axis="index"))


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
    the same page with the same URL. This is the one place that touches Streamlit's
    internals (``PagesManager.uses_pages_directory``; no public API switches the mode off):
    see docs/architecture.md, "The pages/ folder".
    """
    if getattr(_RUN, "shell", False):
        _RUN.shell = False
        return
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()


def context() -> tuple[Dataset, Filters]:
    """What every page starts from: the data and the current filters."""
    page_guard()
    ds = dataset()
    if not ds.tables:
        # Without its description no file can be checked, so nothing is shown as fact.
        st.error(
            _(
                "The data cannot be shown: its description, data/datapackage.json, is missing or unreadable, "
                "so no file can be checked. Restore it (see README, 'The data')."
            ),
            icon=":material/error:",
        )
        data_problems(ds)
        st.stop()
    if not ds.sourced:
        # Every fact rests on its sources: without them none is shown as if it were sourced.
        st.error(
            _(
                "No fact can be shown: the sources, data/sources.csv, are missing or unreadable, and every fact "
                "in the data rests on them. Restore the file (see README, 'The data')."
            ),
            icon=":material/error:",
        )
        data_problems(ds, "sources")
        st.stop()
    return ds, st.session_state.get(FILTERS_KEY, Filters())


def presenting() -> bool:
    """Presentation mode asked for in the address (read before the page is set up)."""
    return str(st.query_params.get(PARAM_PRESENT, "")).lower() == "true"


# --------------------------------------------------------------------------- sidebar










def notices(items: Sequence[Notice]) -> None:
    """One warning per parameter (``notices.grouped``): the values dropped, and why."""
    for n in grouped(list(items)):
        st.warning(md(page_text(n)), icon=":material/warning:")


def show_url_notices() -> None:
    notices(st.session_state.get(NOTICES_KEY, []))


def page_params(ds: Dataset, f: Filters, spec: registry.PageSpec) -> dict[str, list[str]]:
    """The page's own parameters in the canonical form of the view's link (``choices.own_query``):
    the choice the page applies (values it drops left out, labels in the view's language), as the
    view's citation, embed code, downloads and briefings carry it beside the filters."""
    from components.web import choices

    given = {p: st.query_params.get_all(p) for p in spec.params}
    chosen = choices.parse(ds, f, spec.key, given)[0]
    query = (given.get(choices.PARAM_QUERY) or [""])[0][:200]
    return choices.own_query(ds, f, spec.key, chosen, query)


def choice(page: str, ds: Dataset, f: Filters) -> list[str]:
    """The page's own filter as ``components.web.choices`` describes it, drawn and bound to the URL.
    Its labels are in the current language; a value the link names in another language
    (``?category=Summit`` after a switch to 中文) is carried to this one (``choices.all_labels``)."""
    from components.web import choices

    c = choices.CHOICES[page]
    options = c.options(ds, f)
    default = [d for d in c.default(f) if d in options]
    by_label = memo(choices.all_labels, ds, f, page)  # label in any language -> id, kept per view
    return page_choice(
        c.label, c.param, options, multi=c.multi, default=default or None, help=c.help, by_label=by_label
    )


def page_choice(
    label: str,
    key: str,
    options: Mapping[str, str],
    *,
    multi: bool = True,
    default: Sequence[str] | None = None,
    help: str | None = None,
    by_label: Mapping[str, str] | None = None,
) -> list[str]:
    """A page's own filter, bound to the URL as ``?key=Label``; returns the chosen ids.

    ``label``, ``help`` and the labels in ``options`` (id -> label) are in the current language.
    ``by_label`` (label in any language -> id) lets a value named in another language be carried
    to this one's label before the widget is drawn. Streamlit drops a value that is not one of the
    labels; the notice says so.
    """
    labels = {v: k for k, v in options.items()}
    known = by_label or {}
    if known:
        if multi:
            language.relabel(key, known, options)
        else:
            language.relabel_one(key, known, options)
    _unused, dropped = parse_choices(
        [r for r in st.query_params.get_all(key) if r not in labels and r not in known], options, key, label.lower()
    )
    notices(dropped)
    if multi:
        chosen = st.multiselect(
            label,
            list(options.values()),
            default=[options[d] for d in (default or [])],
            key=key,
            bind="query-params",
            help=help,
            placeholder=_("Choose options"),  # Streamlit's own placeholder is English
        )
        return [labels[c] for c in chosen]
    items = list(options.values())
    index = items.index(options[default[0]]) if default else 0
    one = st.selectbox(label, items, index=index, key=key, bind="query-params", help=help)
    return [labels.get(str(one), next(iter(options)))]


# --------------------------------------------------------------------------- styles

ASSETS = PROJECT_ROOT / "assets"
STYLESHEETS = ("print.css", "present.css", "maptips.css")


def phone() -> bool:
    """The reader's browser is a phone's ("Mobi" in its User-Agent, as every phone browser writes):
    the map, the timeline and the mechanisms are then drawn as laid out for a narrow screen."""
    return "Mobi" in str(st.context.headers.get("User-Agent") or "")


def chart_config(narrow: bool) -> dict[str, Any]:
    """plotly's options: no toolbar on a phone (it covered the timeline's band label)."""
    return {"displaylogo": False, **({"displayModeBar": False} if narrow else {})}


def stylesheet(name: str) -> None:
    """Apply one of the project's static stylesheets (no data ever goes into them). ``st.html`` is
    given the file's path, never text (tests/robustness/test_html_in_data.py holds it to that);
    Streamlit reads the few KB again on each rerun: the price of that rule, kept."""
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
        title = ngettext(
            "{n} problem(s) in the data: affected rows or files are not shown",
            "{n} problem(s) in the data: affected rows or files are not shown",
            len(errors),
        ).format(n=len(errors))
        with st.expander(f":material/warning: {title}", expanded=len(errors) <= 3):
            st.text("\n".join(str(p) for p in errors[:50]) + ("\n…" if len(errors) > 50 else ""))
    if warnings:
        notes = ngettext("{n} note(s) on the data files", "{n} note(s) on the data files", len(warnings))
        with st.expander(notes.format(n=len(warnings))):
            st.text("\n".join(str(p) for p in warnings[:50]))


# What a page says when it has nothing for the selection, by the noun older callers pass.
def missing(frame: pd.DataFrame, message: str) -> bool:
    """True (with a message) when there is nothing to show for the selection. ``message`` is the
    whole sentence, translated (``_("No events to show for this selection.")``)."""
    if frame.empty:
        st.info(message)
        return True
    return False


def header(spec_key: str, caption: str) -> None:
    """A page's title (from the registry, the Overview's is the app's) and the view's caption."""
    spec = registry.page(spec_key)
    st.title(spec.heading())
    st.caption(md(caption))
