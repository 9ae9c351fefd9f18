"""How sources and views are named in every renderer: source lines for hover labels, footers and
tables; the list of sources behind a set of facts; the link that reopens a view.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

import pandas as pd

from components.data import i18n
from components.data.filters import Filters
from components.data.i18n import _, ngettext

Sources = Mapping[str, Mapping[str, Any]]
LIST_JOIN = ";"


def sources_text(ids: tuple[str, ...], sources: Sources, limit: int | None = None) -> str:
    """'Publisher, date; Publisher, date' for hover labels, captions and tables; a relay names
    whose text it carries: 'Kazinform, 2023-04-25, relaying Xinhua'. With ``limit``, whole
    citations up to about that many characters, then 'and 3 more' (never one cut mid-word)."""
    parts = []
    for sid in ids:
        s = sources.get(sid)
        if not s:
            parts.append(sid)
            continue
        date = s.get("published")
        when = f", {pd.Timestamp(date).date().isoformat()}" if date is not None and not pd.isna(date) else ""
        parts.append(relay_text(f"{s.get('publisher')}{when}", s))
    named = list(dict.fromkeys(parts))  # several pages of one publisher on one day: named once
    return "; ".join(named) if limit is None else _within(named, limit)


def _within(names: list[str], limit: int) -> str:
    """Whole names joined with '; ' up to about ``limit`` characters, then 'and 3 more'."""
    shown: list[str] = []
    for i, name in enumerate(names):
        rest = len(names) - i - 1
        tail = "; " + _more(rest) if rest else ""
        if shown and len("; ".join([*shown, name])) + len(tail) > limit:
            break
        shown.append(name)
    rest = len(names) - len(shown)
    return "; ".join(shown) + ("; " + _more(rest) if rest else "")


def relay_text(named: str, source: Mapping[str, Any]) -> str:
    """``named`` (a source's publisher, perhaps with its day), followed, for a relay, by whose
    text it carries: a reprint is never passed off as the original publisher's word."""
    original = source.get("relays")
    if source.get("role") != "relay" or not isinstance(original, str):  # an original; an empty cell (NaN)
        return named
    original = original.strip()
    if not original or original.casefold() in named.casefold():  # "People's Daily Online (Xinhua)" says it
        return named
    return _("{source}, relaying {original}").format(source=named, original=original)


def day_text(value: str | date | pd.Timestamp | None, form: str = "medium") -> str:
    """A day in prose (footers, slides, citations): ISO (YYYY-MM-DD) as always in English, the
    language's own form in Chinese and Russian (2025年6月17日, 17 июн. 2025 г.). Text that is not
    a day is returned as it is."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return ""
    if i18n.current() == i18n.DEFAULT_LANG:
        return value if isinstance(value, str) else pd.Timestamp(value).date().isoformat()
    try:
        return i18n.format_date(value if isinstance(value, str) else pd.Timestamp(value), form)
    except (ValueError, TypeError):  # already words (a view that wrote the day in the language)
        return str(value)


def publishers(ids: Iterable[str], sources: Sources) -> list[str]:
    """Distinct publishers behind ``ids``, in order of first mention; a relay with whose text it
    carries (a download says what the table on screen says)."""
    seen: list[str] = []
    for sid in ids:
        s = sources.get(sid, {})
        pub = relay_text(str(s.get("publisher") or sid), s)
        if pub not in seen:
            seen.append(pub)
    return seen


def urls(ids: Iterable[str], sources: Sources) -> str:
    """The original addresses behind ``ids``, joined with ``;``."""
    return LIST_JOIN.join(str(u) for u in (sources.get(s, {}).get("url") for s in ids) if u)


def short_sources(ids: Iterable[str], sources: Sources, limit: int = 140) -> str:
    """Publishers behind ``ids``, most cited first, cut to ``limit`` characters with a count of the rest."""
    counts: Counter[str] = Counter()
    for sid in ids:
        counts[str(sources.get(sid, {}).get("publisher") or sid)] += 1
    if not counts:
        return _("none for this selection")
    return _within([p for p, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))], limit)


def _more(n: int) -> str:
    """'and 3 more' (publishers left out of a line)."""
    return ngettext("and {n} more", "and {n} more", n).format(n=n)


def ranked_sources(ids: Sequence[str], sources: Sources) -> list[Mapping[str, Any]]:
    """Distinct sources behind ``ids``: most cited first, then newest."""
    counts = Counter(ids)
    found = [sources[s] for s in counts if s in sources]

    def key(s: Mapping[str, Any]) -> tuple[int, float, str]:
        when = s.get("published")
        stamp = pd.Timestamp(when).timestamp() if when is not None and not pd.isna(when) else 0.0
        return (-counts[str(s["id"])], -stamp, str(s["id"]))

    return sorted(found, key=key)


def ids_in(frame: pd.DataFrame, column: str = "source_ids") -> list[str]:
    """Every source id cited by the rows of ``frame`` (repeats kept: they rank the sources)."""
    if frame.empty or column not in frame.columns:
        return []
    return [sid for cell in frame[column] for sid in (cell or ())]


def view_url(base: str, page: str, f: Filters, extra: Mapping[str, Sequence[str]] | None = None) -> str:
    """The address that reopens ``page`` with these filters (``?country=…&years=…``), and the
    page's own parameters in ``extra`` (e.g. ``{"compare": ["Kazakhstan", "Uzbekistan"]}``)."""
    url = base.rstrip("/") + "/" + page.strip("/")
    query = {**f.to_query(), **{k: list(v) for k, v in (extra or {}).items()}}
    return url + ("?" + urlencode(query, doseq=True, quote_via=quote) if query else "")
