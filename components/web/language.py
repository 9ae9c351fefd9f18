"""The language of a page's run (Streamlit glue for components/data/i18n.py): read from the link, the
session or the browser; kept in the link; switched in the sidebar; and the URL-bound widgets given
their values in the new language when it changes.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

import streamlit as st

from components.data import i18n
from components.data.filters import parse_lang, parse_query
from components.data.i18n import PARAM_LANG
from components.data.notices import Notice

LANG_KEY = "_lang"  # the session's language, put back in the link when a page change drops it
LANG_SWITCH = "_lang_switch"
NOTICES_KEY = "_url_notices"
CARRIED_KEY = "_notices_carried"  # notices of a run canonical_link() restarted, for the run after it
_RUN = threading.local()  # one script run happens on one thread


def run_notices() -> list[Notice]:
    """What :func:`resolve` dropped from the link in this run (a bad ``lang=``)."""
    return list(getattr(_RUN, "notices", []))


def browser_lang() -> str:
    """The language the browser asks for (``st.context.locale``), English when it is none of the three."""
    try:
        return i18n.from_locale(st.context.locale)
    except Exception:  # noqa: BLE001 - no browser context (a script run outside a session)
        return i18n.DEFAULT_LANG


def resolve() -> str:
    """The language of this run, made current (``i18n.activate``) before anything is drawn: the
    link's ``lang=``; else the one this session chose before (a page change drops it from the
    link, so it is put back); else the browser's. A bad value is dropped with a notice."""
    raw = st.query_params.get_all(PARAM_LANG)
    fallback = st.session_state.get(LANG_KEY) or browser_lang()
    lang, dropped = parse_lang(raw, fallback)
    carried = st.session_state.pop(CARRIED_KEY, [])
    _RUN.notices = dropped or carried
    # Written into the link after st.navigation (which sets the page's address): keep_language().
    _RUN.lang_to_link = lang if (not raw or dropped) and (lang != i18n.DEFAULT_LANG or raw) else None
    st.session_state[LANG_KEY] = lang
    i18n.activate(lang)
    return lang


def keep_language() -> None:
    """Put the run's language in the link when the link lacks it (a page change dropped it, or it
    came from the browser) or named a bad one, so that a copied link shows this language."""
    lang = getattr(_RUN, "lang_to_link", None)
    _RUN.lang_to_link = None
    if lang:
        st.query_params[PARAM_LANG] = lang


CANONICAL_KEY = "_address_written"  # pages whose address this session has written in canonical form


def canonical_link(ds: Any, page: str) -> None:
    """Write the link the session opened with in the page's canonical form, before any widget is
    drawn (``choices.canonical_address``): ``?lang=ru&country=Kazakhstan&category=Summit`` becomes
    ``?lang=ru&country=Казахстан&category=Саммит``, as the page's own widgets write it. Streamlit's
    URL binding would otherwise drop a value that is not one of the widget's labels from the
    address while the view still applies it, so a copied link would reopen another view.

    Once per page and session, before the page's widgets are bound to the address: the address is
    rewritten and the run starts again, so the widgets take their values from the canonical link.
    A parameter already bound (the sidebar's, on a later page of the session, or after a language
    switch) is given its value in this language by :func:`relabel` instead.
    """
    done = st.session_state.setdefault(CANONICAL_KEY, set())
    if page in done or not getattr(ds, "sourced", False):
        return
    done.add(page)
    from streamlit.errors import StreamlitAPIException

    from components.web import choices

    asked = {k: st.query_params.get_all(k) for k in st.query_params}
    wanted = choices.canonical_address(ds, page, asked, i18n.current())
    written = False
    for key in [*asked, *(k for k in wanted if k not in asked)]:
        if asked.get(key) == wanted.get(key):
            continue
        try:
            if key in wanted:
                st.query_params[key] = wanted[key]
            else:
                del st.query_params[key]
            written = True
        except StreamlitAPIException:  # bound to a widget drawn earlier in the session: relabel() gives its value
            pass
    if written:
        # The restarted run reads the cleaned link: what it no longer holds (a bad lang=, which
        # keep_language() has replaced; a value given twice) would lose its notice, so the
        # notices of the link as asked are carried over to it.
        st.session_state[CARRIED_KEY] = lost_notices(ds, page, asked, wanted)
        st.rerun()


def lost_notices(
    ds: Any, page: str, asked: Mapping[str, list[str]], wanted: Mapping[str, list[str]]
) -> list[Notice]:
    """The notices of the link as asked (its language's, its filters', its page choice's) that the
    canonical link ``wanted`` no longer gives."""
    from components.web import choices

    def given(params: Mapping[str, list[str]]) -> list[Notice]:
        f, dropped = parse_query(params, i18n.current())
        return [*dropped, *choices.parse(ds, f, page, params)[1]]

    after = set(given(wanted))
    return [n for n in dict.fromkeys([*run_notices(), *given(asked)]) if n not in after]


def _switch_language() -> None:
    chosen = st.session_state.get(LANG_SWITCH)
    if chosen in i18n.LANGS:
        st.session_state[LANG_KEY] = chosen
        st.query_params[PARAM_LANG] = chosen
        st.session_state[NOTICES_KEY] = []


def switch() -> None:
    """The switch in the sidebar: each language named in itself; the label in all three, so that
    a reader finds it whatever language the page is in."""
    st.session_state[LANG_SWITCH] = i18n.current()
    st.segmented_control(
        "Language · 语言 · Язык",
        list(i18n.LANGS),
        format_func=lambda code: i18n.LANG_NAMES[code],
        key=LANG_SWITCH,
        on_change=_switch_language,
        selection_mode="single",
        width="stretch",
    )


def relabel(key: str, by_label: Mapping[str, str], labels: Mapping[str, str]) -> None:
    """A widget bound to ``key`` in the link shows labels in the current language; a link made in
    another language (``?country=Казахстан`` after switching to English) names them in that one.
    Before the widget is drawn, such values are given to it in this language, so the view keeps
    its countries and choices across a language change. ``by_label``: label in any language → id."""
    raw = st.query_params.get_all(key)
    if not raw or all(r in set(labels.values()) for r in raw):
        return
    ids = [by_label[r] for r in raw if r in by_label]
    if ids:
        st.session_state[key] = [labels[i] for i in dict.fromkeys(ids) if i in labels]


def relabel_one(key: str, by_label: Mapping[str, str], options: Mapping[str, str]) -> None:
    """:func:`relabel` for a single choice (a select box holds one label, not a list)."""
    raw = st.query_params.get_all(key)
    if not raw or raw[0] in set(options.values()):
        return
    chosen = by_label.get(raw[0], "")
    if chosen in options:
        st.session_state[key] = options[chosen]
