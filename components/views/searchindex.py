"""Search over every record: events, commitments, projects, institutions, mechanisms and sources.

Case and accents are ignored (NFKD folding), ranking is exact phrase, then all words, then any
word, each weighted by where it matched (title before text); highlighting marks the matched
spans as (start, end) offsets in the original text, for the page to draw as escaped Markdown.
Pure: no Streamlit.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from components.data.dataset import Dataset, records
from components.data.datatext import FALLBACK_MARK, english_dataset, kept_in_english
from components.data.filters import Filters
from components.data.i18n import N_, _, ngettext
from components.data.labels import STATUS_LABELS, format_date, plotted_day, project_status_label, status_label
from components.data.selection import filter_by_countries, filter_events

MAX_QUERY = 200
MIN_WORD = 2

# kind -> (table, title column, text columns, date column, page key). The kind is an id (English,
# marked for the catalog): ``kind_label`` gives it in the current language.
KINDS: dict[str, tuple[str, str, tuple[str, ...], str, str]] = {
    N_("Event"): ("events", "title", ("summary", "status_note", "city"), "date", "timeline"),
    N_("Commitment"): ("commitments", "title", ("description", "status_note"), "", "directions"),
    N_("Project"): ("projects", "name", ("milestones", "status_note"), "", "map"),
    N_("Institution"): ("institutions", "name", ("notes", "status_note", "city"), "opened", "map"),
    N_("Mechanism"): ("mechanisms", "name", ("sector", "notes", "status_note"), "first_meeting_date", "mechanisms"),
    N_("Source"): ("sources", "title", ("publisher", "notes"), "published", "sources"),
}
UNTRANSLATED = frozenset({"sources"})  # tables whose text is never translated (datatext: sources stay as written)
RANK_WORDS = {3: N_("exact phrase"), 2: N_("all words"), 1: N_("some words")}


def kind_label(kind: str) -> str:
    """A kind of record in the current language (``Event`` → 事件)."""
    return _(kind)


def kind_heading(kind: str, n: int) -> str:
    """A group's heading with its count: Events (12), Event (1), in the current language."""
    headings = {
        "Event": lambda: ngettext("Event ({n})", "Events ({n})", n),
        "Commitment": lambda: ngettext("Commitment ({n})", "Commitments ({n})", n),
        "Project": lambda: ngettext("Project ({n})", "Projects ({n})", n),
        "Institution": lambda: ngettext("Institution ({n})", "Institutions ({n})", n),
        "Mechanism": lambda: ngettext("Mechanism ({n})", "Mechanisms ({n})", n),
        "Source": lambda: ngettext("Source ({n})", "Sources ({n})", n),
    }
    word = headings[kind]() if kind in headings else f"{kind} ({{n}})"
    return word.format(n=n)


def rank_word(rank: int) -> str:
    """How a record matched, in words (3 → exact phrase)."""
    return _(RANK_WORDS[rank]) if rank in RANK_WORDS else str(rank)


def fold(text: str) -> str:
    """Lower case without accents: 'Türkmenistan' -> 'turkmenistan' (length kept per character)."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)
        kept = "".join(c for c in base if not unicodedata.combining(c)) or ch
        out.append(kept[0].lower()[0])  # one character for one: match offsets stay offsets in the text
    return "".join(out)


@dataclass(frozen=True)
class Hit:
    kind: str  # a key of KINDS (English): kind_label() words it
    id: str
    title: str
    snippet: str  # the text that matched besides the title, if any
    date: str
    status: str  # in words, in the language of the view
    source_ids: tuple[str, ...]
    page: str  # registry key of the page where it appears
    rank: int  # 3 exact phrase, 2 all words, 1 some words
    score: float
    title_spans: tuple[tuple[int, int], ...]
    snippet_spans: tuple[tuple[int, int], ...]
    day: str = ""  # ISO (YYYY-MM-DD) for ordering: equally good matches, newest first


STOP_WORDS = frozenset({"the", "and", "of", "in", "on", "for", "to", "a", "an", "with", "by", "at",
                        "и", "в", "на", "по", "с", "со", "о", "об", "к", "из", "для", "от", "до", "за", "во"})
CJK = "\u2e80-\u9fff\uf900-\ufaff"  # Chinese characters (and the CJK punctuation between them)
_CYRILLIC_WORD = re.compile(r"[а-я]+")
_CJK_CHAR = re.compile(f"[{CJK}]|.[{CJK}]")
_KEPT_MARKS = frozenset({"\u0306", "\u0308"})  # й and ё: the stemmer needs them; fold() drops them after


@cache
def _stemmer() -> Any:
    import Stemmer  # PyStemmer: Snowball's Russian stemmer (a C extension)

    return Stemmer.Stemmer("russian")


@cache
def _segmenter() -> Any:
    import jieba  # Chinese word segmentation; its dictionary loads once, on the first Chinese query

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def _russian_stem(word: str) -> str:
    """A Russian word reduced to its stem (железная, железной -> железн), found then at the start of
    any inflected form; a stem shorter than two letters keeps the word."""
    stem = str(_stemmer().stemWord(word))
    return stem if len(stem) >= MIN_WORD else word


def _bare(query: str) -> str:
    """The query in lower case, stress marks dropped but й and ё kept (ё read as е), for the stemmer."""
    bare = "".join(c for c in unicodedata.normalize("NFD", query)
                   if not unicodedata.combining(c) or c in _KEPT_MARKS)
    return unicodedata.normalize("NFC", bare).lower().replace("ё", "е")


def _tokens(query: str) -> list[str]:
    return [w.strip("'") for w in re.split(r"[^\w']+", _bare(query))]


def _terms(token: str) -> list[str]:
    """What one word of the query is searched as, folded: a Russian word's Snowball stem, a Chinese
    run's words as segmented (中吉乌铁路项目 -> 中吉乌, 铁路, 项目), any other word as written."""
    if _CYRILLIC_WORD.fullmatch(token):
        return [fold(_russian_stem(token))]
    if re.search(f"[{CJK}]", token):
        return [fold(w) for w in _segmenter().lcut(token) if w.strip()]
    return [fold(token)]


def words_of(query: str) -> list[str]:
    """The words searched for: two letters or more (an apostrophe stays inside: xi'an), Russian
    words stemmed, Chinese segmented, common short words left out unless nothing else is left."""
    words = [t for token in _tokens(query) if token for t in _terms(token)]
    words = [w for w in dict.fromkeys(words) if len(w) >= MIN_WORD]
    return [w for w in words if w not in STOP_WORDS] or words


def phrase_of(query: str) -> str:
    """The query as a phrase, folded, its Russian words stemmed (found as one run: "железной дороги"
    for «железная дорога»)."""
    parts = [fold(_russian_stem(p)) if _CYRILLIC_WORD.fullmatch(p) else fold(p) for p in _bare(query).split()]
    return " ".join(parts)


@cache
def _pattern(needle: str) -> re.Pattern[str]:
    """A needle found at the start of a word (``rail`` finds ``railway``, not ``guardrail``), a
    Russian stem with the rest of its word; Chinese, written without spaces between words, is found
    anywhere, and a word next to Chinese characters counts as starting there (建交30周年)."""
    parts = []
    for part in needle.split(" "):
        parts.append(re.escape(part) + (r"\w*" if _CYRILLIC_WORD.fullmatch(part) else ""))
    body = r"\s+".join(parts)
    if re.match(f"[{CJK}]", needle):
        return re.compile(body)
    return re.compile(f"(?<![^\\W{CJK}])" + body)


def _has(folded: str, needle: str) -> bool:
    return bool(_pattern(needle).search(folded))


def _spans(text: str, needles: list[str]) -> tuple[tuple[int, int], ...]:
    folded = fold(text)
    spans = []
    for n in needles:
        if not n:
            continue
        spans += [(m.start(), m.end()) for m in _pattern(n).finditer(folded)]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return tuple(merged)


def _snippet(text: str, needles: list[str], width: int = 160) -> str:
    folded = fold(text)
    found = [m.start() for n in needles if (m := _pattern(n).search(folded))]
    at = min(found, default=0)
    start = max(0, at - width // 3)
    end = min(len(text), start + width)
    # Begin and end between words ("…027 г." was 2027), moving at most SNAP characters, and only
    # in a word of letters or digits: Chinese has no spaces, and is cut anywhere as before.
    if start and _in_word(text, start):
        space = text.find(" ", start, min(at, start + SNAP))
        start = space + 1 if space >= 0 else start
    if end < len(text) and _in_word(text, end):
        space = text.rfind(" ", max(at + max((len(n) for n in needles), default=0), end - SNAP), end)
        end = space if space >= 0 else end
    body = text[start:end].strip().strip("·").strip()  # never a bare field separator at an edge
    return ("…" if start else "") + body + ("…" if end < len(text) else "")


SNAP = 20  # characters a snippet's edge may move to fall between words


def _in_word(text: str, at: int) -> bool:
    """True when ``at`` cuts a word of a spaced script (not Chinese) in two."""
    before, after = text[at - 1], text[at]
    return before.isalnum() and after.isalnum() and not _CJK_CHAR.match(before + after)


def _status(code: str) -> str:
    """A record's status in words: a fact's status, else a project's state ("Under construction",
    never the code ``under_construction``)."""
    if code in STATUS_LABELS:
        return status_label(code)
    return project_status_label(code)


def search(ds: Dataset, f: Filters, query: str) -> list[Hit]:
    """Every record matching ``query`` within the filters, best first, in the dataset's language
    and, for a translated dataset, in its English text too: a word typed in English ("railway",
    "CKU", a minister's name in Latin letters) finds on a Chinese or Russian page the records it
    finds on the English one. A record found only in its English text is shown with its title in
    the page's language and the English passage that matched, marked as English."""
    hits = _search(ds, f, query)
    english = english_dataset(ds)
    if english is ds:
        return hits
    seen = {(h.kind, h.id) for h in hits}
    titles: dict[tuple[str, str], str] = {}
    for h in _search(english, f, query):
        if (h.kind, h.id) in seen:
            continue
        if not titles:  # the page's titles, looked up once, only when an English-only hit needs them
            titles = {(kind, str(r["id"])): str(r.get(title_col) or "")
                      for kind, (table, title_col, *_rest) in KINDS.items() if table in ds.tables
                      for r in records(ds.tables[table])}
        # the English passage that matched (its title when only the title did), highlighted as found
        snippet, spans = (h.snippet, h.snippet_spans) if h.snippet else (h.title, h.title_spans)
        marked = snippet if snippet.endswith(FALLBACK_MARK) else kept_in_english(snippet)
        hits.append(replace(h, title=titles.get((h.kind, h.id), h.title), title_spans=(),
                            snippet=marked, snippet_spans=spans))
    return _ordered(hits)


def _ordered(hits: list[Hit]) -> list[Hit]:
    order = list(KINDS)
    hits.sort(key=lambda h: h.title)
    hits.sort(key=lambda h: h.day, reverse=True)  # equally good matches: the newest first, a briefing's order
    return sorted(hits, key=lambda h: (-h.score, order.index(h.kind)))


def _search(ds: Dataset, f: Filters, query: str) -> list[Hit]:
    phrase = phrase_of(query[:MAX_QUERY])
    words = words_of(query[:MAX_QUERY])
    if not words:
        return []
    hits: list[Hit] = []
    for kind, (table, title_col, text_cols, date_col, page) in KINDS.items():
        frame = ds.tables.get(table)
        if frame is None or frame.empty:
            continue
        if table == "events":
            frame = filter_events(frame, f)
        elif "countries" in frame.columns:
            frame = filter_by_countries(frame, f)
        for r in records(frame):
            title = str(r.get(title_col) or "")
            body = " · ".join(str(r.get(c) or "") for c in text_cols if r.get(c))
            ft, fb = fold(title), fold(body)
            both = ft + " " + fb
            found = [w for w in words if _has(both, w)]
            if not found:
                continue
            rank = 3 if phrase and _has(both, phrase) else 2 if len(found) == len(words) else 1
            score = rank * 10 + sum(2 if _has(ft, w) else 1 for w in found)
            needles = [phrase] if rank == 3 else found
            snippet = _snippet(body, needles) if any(_has(fb, n) for n in needles) else ""
            if table in UNTRANSLATED:
                snippet = kept_in_english(snippet)
            when = r.get(date_col) if date_col else None
            day = format_date(when, r.get("date_precision") or "day") if when is not None and str(when) != "NaT" else ""
            status = str(r.get("status") or r.get("data_status") or "")
            hits.append(
                Hit(kind, str(r["id"]), title, snippet, day, _status(status),
                    tuple(r.get("source_ids") or ((str(r["id"]),) if table == "sources" else ())), page, rank,
                    score, _spans(title, needles), _spans(snippet, needles),
                    plotted_day(when, r.get("date_precision") or "day") if day else "")
            )
    return _ordered(hits)
