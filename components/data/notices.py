"""Notices about the view asked for, as data: what was wrong (a code), in which parameter,
with which value, and what would have been right. Each channel words them its own way:
:func:`page_text` for the page (a link's parameters), :func:`cli_text` for the command line
(its options). The page's wording is in the language of the view (``components.data.i18n``); the
command line's stays English, as its options are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from components.data import i18n
from components.data.i18n import _

# The codes, and what each means.
UNKNOWN_VALUE = "unknown_value"  # a value that is not one of the allowed ones
NO_VALUE_LEFT = "no_value_left"  # every value of a repeatable parameter was dropped: the default applies
YEARS_FORM = "years_form"  # not exactly a start and an end year
YEARS_RANGE = "years_range"  # years outside the data
DATE_FORM = "date_form"  # not a date written YYYY-MM-DD, or outside the dates the data can have
REPEATED = "repeated"  # the same value given more than once: it counts once

CLIP = 40


@dataclass(frozen=True)
class Notice:
    """One value of the view that was dropped, and why."""

    code: str
    param: str  # the URL parameter (``country``, ``years``, ``category``…)
    value: str = ""  # what was given, clipped and printable
    suggestion: str = ""  # the allowed value meant, if one is close
    allowed: tuple[str, ...] = ()  # the allowed values, as shown
    what: str = ""  # the parameter in words (``country``, ``event category``), English, marked N_
    default: str = ""  # what is shown instead, in words (``2020–2026``, ``all six``), marked N_
    count: int = 1  # values this notice stands for (grouped: see ``grouped``)
    values: tuple[str, ...] = ()  # grouped: the values quoted (``value`` holds them as the command line says them)
    hints: tuple[tuple[str, str], ...] = ()  # grouped: (value, suggestion) pairs

    def __str__(self) -> str:
        return page_text(self)


def clip(text: object, limit: int = CLIP) -> str:
    """A value as it may be quoted back: printable characters only, at most ``limit`` long."""
    out = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return out if len(out) <= limit else out[: limit - 1] + "…"


SHOWN_VALUES = 8  # a grouped notice quotes this many values, then counts the rest


def grouped(items: list[Notice]) -> list[Notice]:
    """At most one notice per parameter and code: the unknown values of one parameter become one
    notice that quotes the first few and counts the rest (a link with 250 bad values gives one)."""
    by_key: dict[tuple[str, str], list[Notice]] = {}
    for n in items:
        by_key.setdefault((n.param, n.code), []).append(n)
    out = []
    for group in by_key.values():
        first = group[0]
        if len(group) == 1:
            out.append(first)
            continue
        if first.code == REPEATED:  # one notice per repeated value already, each with its count
            out.extend(group)
            continue
        values = list(dict.fromkeys(n.value for n in group))
        if len(values) == 1:  # one bad value given many times: it is one value to report
            out.append(first)
            continue
        hints = list(dict.fromkeys(f"'{n.value}' → '{n.suggestion}'" for n in group if n.suggestion))
        out.append(
            Notice(
                first.code,
                first.param,
                "', '".join(values[:SHOWN_VALUES]),
                "; ".join(hints[:SHOWN_VALUES]),
                allowed=first.allowed,
                what=first.what,
                default=first.default,
                count=len(values),  # distinct values: 10 x 'KAZ' is one value, not 'KAZ' and 2 more
                values=tuple(values[:SHOWN_VALUES]),
                hints=tuple(dict.fromkeys((n.value, n.suggestion) for n in group if n.suggestion))[:SHOWN_VALUES],
            )
        )
    return out


def _tail(n: Notice) -> str:
    return f" Did you mean '{n.suggestion}'?" if n.suggestion else ""


def _text(n: Notice, *, subject: str, where: str, verb: str, showing: str, example: str) -> str:
    """One wording for every channel: ``subject`` names the parameter (``country``, ``--country``),
    ``where`` says where it came from (`` in the link``), ``showing`` what is shown instead."""
    if n.code == REPEATED:
        return f"{subject} '{n.value}' is given more than once{where} ({n.count} times); it counts once."
    if n.code == UNKNOWN_VALUE and n.count > 1:
        more = f" and {n.count - SHOWN_VALUES} more" if n.count > SHOWN_VALUES else ""
        hint = f" Did you mean {n.suggestion}?" if n.suggestion else ""
        allowed = ", ".join(n.allowed)
        return f"{verb} {subject} values '{n.value}'{more}{where}: none is one of {allowed}.{hint}"
    if n.code == UNKNOWN_VALUE:
        given = f"'{n.value}'" if n.value else "(an empty value)"
        return f"{verb} {subject} {given}{where}: it is not one of {', '.join(n.allowed)}.{_tail(n)}"
    if n.code == NO_VALUE_LEFT:
        return f"No valid {subject} was left{where}, so {n.default} are shown."
    if n.code == YEARS_FORM:
        return f"{verb} {subject} '{n.value}'{where}: give {example}.{showing}"
    if n.code == YEARS_RANGE:
        return f"{verb} {subject} '{n.value}'{where}: the data covers {n.default}.{showing}"
    if n.code == DATE_FORM:
        return f"{verb} {subject} '{n.value}'{where}: give a date written YYYY-MM-DD, e.g. 2026-11-01, {n.default}."
    return f"{verb} {subject} '{n.value}'{where}."


def _sentences(*parts: str) -> str:
    """Sentences one after another: a space between them, none in Chinese."""
    return i18n.choose((" ", "", " ")).join(p for p in parts if p)


_SINCE_RANGE = re.compile(r"from (\S+) to today")
_YEAR_RANGE = re.compile(r"(\d{4})–(\d{4})")


def _default(n: Notice) -> str:
    """What is shown instead, in the current language."""
    got = _SINCE_RANGE.fullmatch(n.default)
    if got:
        return _("from {first} to today").format(first=got.group(1))
    years = _YEAR_RANGE.fullmatch(n.default)
    if years:  # 2020–2026, 2020—2026年
        return i18n.year_range(int(years.group(1)), int(years.group(2)))
    return _(n.default) if n.default else ""


# param -> how one of its allowed values is named in the current language (components.data.filters
# registers ``country``: an English country name shown in the page's language); others as they are
SHOWN: dict[str, Callable[[str], str]] = {}


def _shown(param: str, value: str) -> str:
    """An allowed or suggested value as the page shows it (the link understands it in any language)."""
    word = SHOWN.get(param)
    return word(value) if word else value


def page_text(n: Notice) -> str:
    """The notice as the page shows it (plain text; the page escapes it for Markdown), in the
    language of the view: values in its quotes (「…」, «…»), allowed values in its words."""
    q = i18n.quoted
    what = _(n.what) if n.what else (n.param or _("value"))
    plain = n.param in ("country", "years", "since") or n.code == NO_VALUE_LEFT
    where = _("in the link") if plain else _("in the link ({param}=)").format(param=n.param)
    allowed = i18n.list_text(q(_shown(n.param, v)) for v in n.allowed)
    default = _default(n)
    showing = _("Showing {default}.").format(default=default)
    value = q(n.value)
    if n.code == REPEATED:
        return _("The {what} {value} is given more than once {where} ({count} times); it counts once.").format(
            what=what, value=value, where=where, count=n.count
        )
    if n.code == UNKNOWN_VALUE and n.count > 1:
        values = i18n.list_text(q(v) for v in (n.values or (n.value,)))
        if n.count > SHOWN_VALUES:
            text = _("Ignored {what} values {values} and {more} more {where}: none is one of {allowed}.").format(
                what=what, values=values, more=n.count - SHOWN_VALUES, where=where, allowed=allowed
            )
        else:
            text = _("Ignored {what} values {values} {where}: none is one of {allowed}.").format(
                what=what, values=values, where=where, allowed=allowed
            )
        pairs = i18n.choose(("; ", "；", "; ")).join(f"{q(a)} → {q(_shown(n.param, b))}" for a, b in n.hints)
        hint = _("Did you mean {suggestion}?").format(suggestion=pairs) if pairs else ""
        return _sentences(text, hint)
    if n.code == UNKNOWN_VALUE:
        given = value if n.value else _("(an empty value)")
        text = _("Ignored {what} {given} {where}: it is not one of {allowed}.").format(
            what=what, given=given, where=where, allowed=allowed
        )
        meant = q(_shown(n.param, n.suggestion))
        hint = _("Did you mean {suggestion}?").format(suggestion=meant) if n.suggestion else ""
        return _sentences(text, hint)
    if n.code == NO_VALUE_LEFT:
        return _("No valid {what} was left {where}, so {default} are shown.").format(
            what=what, where=where, default=default
        )
    if n.code == YEARS_FORM:
        text = _("Ignored {what} {value} {where}: give a start and an end year, e.g. years=2022&years=2023.").format(
            what=what, value=value, where=where
        )
        return _sentences(text, showing)
    if n.code == YEARS_RANGE:
        text = _("Ignored {what} {value} {where}: the data covers {default}.").format(
            what=what, value=value, where=where, default=default
        )
        return _sentences(text, showing)
    if n.code == DATE_FORM:
        text = _("Ignored {what} {value} {where}: give a date written YYYY-MM-DD, e.g. 2026-11-01, {default}.")
        return text.format(what=what, value=value, where=where, default=default)
    return _("Ignored {what} {value} {where}.").format(what=what, value=value, where=where)


def cli_text(n: Notice, *, lenient: bool) -> str:
    """The notice as the command line says it: its options, and no fallback unless ``lenient``."""
    option = f"--{n.param}"
    example = f"one year or a start and an end year, e.g. {option} 2022 2023"
    showing = f" Showing {n.default}." if lenient else ""
    verb = "Ignored" if lenient else "Invalid"
    return _text(n, subject=option, where="", verb=verb, showing=showing, example=example)
