"""Notices about the view asked for, as data: what was wrong (a code), in which parameter,
with which value, and what would have been right. Each channel words them its own way:
:func:`page_text` for the page (a link's parameters), :func:`cli_text` for the command line
(its options). Translation will word the same codes again.
"""

from __future__ import annotations

from dataclasses import dataclass

# The codes, and what each means.
UNKNOWN_VALUE = "unknown_value"  # a value that is not one of the allowed ones
NO_VALUE_LEFT = "no_value_left"  # every value of a repeatable parameter was dropped: the default applies
YEARS_FORM = "years_form"  # not exactly a start and an end year
YEARS_RANGE = "years_range"  # years outside the data
CODES: tuple[str, ...] = (UNKNOWN_VALUE, NO_VALUE_LEFT, YEARS_FORM, YEARS_RANGE)

CLIP = 40


@dataclass(frozen=True)
class Notice:
    """One value of the view that was dropped, and why."""

    code: str
    param: str  # the URL parameter (``country``, ``years``, ``category``…)
    value: str = ""  # what was given, clipped and printable
    suggestion: str = ""  # the allowed value meant, if one is close
    allowed: tuple[str, ...] = ()  # the allowed values, as shown
    what: str = ""  # the parameter in words (``country``, ``event category``)
    default: str = ""  # what is shown instead, in words (``2020–2026``, ``all six``)

    def __str__(self) -> str:
        return page_text(self)


def clip(text: object, limit: int = CLIP) -> str:
    """A value as it may be quoted back: printable characters only, at most ``limit`` long."""
    out = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return out if len(out) <= limit else out[: limit - 1] + "…"


def _tail(n: Notice) -> str:
    return f" Did you mean '{n.suggestion}'?" if n.suggestion else ""


def page_text(n: Notice) -> str:
    """The notice as the page shows it (plain text; the page escapes it for Markdown)."""
    what = n.what or n.param or "value"
    if n.code == UNKNOWN_VALUE:
        if n.param == "country":
            return f"Ignored country '{n.value}' in the link: it is not one of {', '.join(n.allowed)}.{_tail(n)}"
        return f"Ignored {what} '{n.value}' in the link ({n.param}=): use one of {', '.join(n.allowed)}.{_tail(n)}"
    if n.code == NO_VALUE_LEFT:
        return f"No valid {what} was left in the link, so {n.default} are shown."
    if n.code == YEARS_FORM:
        return (
            f"Ignored years '{n.value}' in the link: give a start and an end year, "
            f"e.g. years=2022&years=2023. Showing {n.default}."
        )
    if n.code == YEARS_RANGE:
        return f"Ignored years '{n.value}' in the link: the data covers {n.default}. Showing {n.default}."
    return f"Ignored {what} '{n.value}' in the link ({n.param}=)."


def cli_text(n: Notice, *, lenient: bool) -> str:
    """The notice as the command line says it: its options, and no fallback unless ``lenient``."""
    option = f"--{n.param}"
    verb = "Ignored" if lenient else "Invalid"
    showing = f" Showing {n.default}." if lenient else ""
    if n.code == UNKNOWN_VALUE:
        return f"{verb} {option} '{n.value}': it is not one of {', '.join(n.allowed)}.{_tail(n)}"
    if n.code == NO_VALUE_LEFT:
        return f"No valid {option} value was left, so {n.default} are used."
    if n.code == YEARS_FORM:
        return (
            f"{verb} {option} '{n.value}': give one year or a start and an end year, e.g. {option} 2022 2023.{showing}"
        )
    if n.code == YEARS_RANGE:
        return f"{verb} {option} '{n.value}': the data covers {n.default}.{showing}"
    return f"{verb} {option} '{n.value}'."
