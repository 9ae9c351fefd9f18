"""The sidebar: language switch, countries, years, scope and the changes-since day, bound to the
link; returns the filters the pages draw (app.py calls it once per run)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.data import i18n
from components.data.filters import (
    ALL_COUNTRIES,
    NAME_TO_ISO,
    SCOPE_ALL,
    SCOPE_HELP,
    SINCE_MIN,
    YEAR_MAX,
    YEAR_MIN,
    Filters,
    country_names,
    parse_query,
    scope_by_label,
    scope_labels,
)
from components.data.i18n import _
from components.data.registry import PARAM_COUNTRY, PARAM_SCOPE, PARAM_SINCE, PARAM_YEARS
from components.web import language
from components.web.ui import FILTERS_KEY, NOTICES_KEY, URL_FILTERS


def _clear_notices() -> None:
    st.session_state[NOTICES_KEY] = []


def sidebar_filters() -> Filters:
    """Countries and years in the sidebar, bound to the URL; returns the filters."""
    raw = {p: st.query_params.get_all(p) for p in URL_FILTERS}
    _unused, notices = parse_query(raw)
    notices = [*language.run_notices(), *notices]
    if notices:
        st.session_state[NOTICES_KEY] = notices
    lang = i18n.current()
    shown = country_names(lang)
    names = list(shown.values())
    language.relabel(PARAM_COUNTRY, NAME_TO_ISO, shown)
    with st.sidebar:
        language.switch()
        st.markdown("**" + _("Filters") + "**")
        chosen = st.multiselect(
            _("Countries"),
            names,
            default=names,
            key=PARAM_COUNTRY,
            bind="query-params",
            persist_state="session",
            help=_("Events in which at least one selected country took part. Leave all six for the whole mechanism."),
            on_change=_clear_notices,
        )
        years = st.slider(
            _("Years"),
            YEAR_MIN,
            YEAR_MAX,
            (YEAR_MIN, YEAR_MAX),
            key=PARAM_YEARS,
            bind="query-params",
            persist_state="session",
            on_change=_clear_notices,
        )
        scope = _scope_choice()
        since = st.date_input(
            _("Mark changes since"),
            value=None,
            min_value=SINCE_MIN,
            max_value=date.today(),
            format="YYYY-MM-DD",
            key=PARAM_SINCE,
            bind="query-params",
            persist_state="session",
            help=_(
                "The day of your last briefing: what the data added or revised since then is marked on every "
                "page and listed under What changed. Leave empty to mark nothing."
            ),
            on_change=_clear_notices,
        )
    countries = tuple(c for c in ALL_COUNTRIES if shown[c] in set(chosen))
    if not countries:
        countries = ALL_COUNTRIES
        with st.sidebar:
            st.caption(_("No country selected: showing all six."))
    start, end = sorted((int(years[0]), int(years[1])))  # a hand-edited link may give them reversed
    day = since if isinstance(since, date) else None
    f = Filters(countries, (start, end), day, lang, scope)
    st.session_state[FILTERS_KEY] = f
    return f


def _scope_choice() -> str:
    """Mechanism and related / Mechanism only / Related only, bound to ``scope=``; the scope id.
    A label of another language (a link made in Russian, or the language just switched) is given
    to the widget in this one first."""
    labels = scope_labels()
    by_label = scope_by_label()
    language.relabel_one(PARAM_SCOPE, by_label, labels)
    held = st.session_state.get(PARAM_SCOPE)
    if held is not None and held not in labels.values() and held in by_label:
        st.session_state[PARAM_SCOPE] = labels[by_label[held]]
    shown = st.radio(
        _("Scope"),
        list(labels.values()),
        index=0,
        key=PARAM_SCOPE,
        bind="query-params",
        persist_state="session",
        help=_(SCOPE_HELP),
        on_change=_clear_notices,
    )
    return by_label.get(str(shown), SCOPE_ALL)


def url_filters() -> Filters:
    """The filters from the link alone (embed mode has no sidebar), with their notices."""
    raw = {p: st.query_params.get_all(p) for p in URL_FILTERS}
    f, dropped = parse_query(raw, i18n.current())
    st.session_state[NOTICES_KEY] = [*language.run_notices(), *dropped]
    st.session_state[FILTERS_KEY] = f
    return f
