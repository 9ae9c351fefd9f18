"""Every page in 中文 and Русский (AppTest): it runs, it is in that language, and no English sentence
is left on it outside proper names, sources (which stay in their own language) and data text whose
translation is missing (shown in English and marked [EN]).

What is read is what a reader sees: every text of every element (titles, captions, Markdown,
notices, widget labels, options and help), the tables' column headings, and the charts' and the
map's words (titles, axes, legend, annotations, hover and tooltip templates).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from components.data import i18n, registry
from tests.app import test_pages

ROOT = Path(__file__).resolve().parents[2]
PAGES = [p for p in registry.PAGES]
SCRIPT = {"zh": re.compile(r"[\u4e00-\u9fff]"), "ru": re.compile(r"[\u0400-\u04ff]")}
# Three or more English words in a row: a sentence or phrase left untranslated.
ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z']+(?:[ ,:;/–-]+[A-Za-z][a-z']+){2,}\b")
SKIP_KEYS = {"id", "formId", "queryParamKey", "spec", "json", "data", "arrowData", "url", "icon", "pageScriptHash",
             "mapboxToken", "styling", "format", "dataframeSchema", "theme", "selectionMode", "type", "editingMode",
             "deltaPath", "elementId", "value", "default", "rawValues", "urlPath", "scriptPath"}


def _sources_text() -> set[str]:
    """A source's record (title, publisher, what it relays, the curators' notes on it) stays as
    written: sources are not translated (README, "Languages")."""
    with open(ROOT / "data" / "sources.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {r[k] for r in rows for k in ("title", "publisher", "relays", "notes") if r.get(k)}


SOURCES = _sources_text()
SOURCE_BLOB = "\n".join(SOURCES).lower()
NAMES = sorted((s for s in SOURCES if len(s) < 80), key=len, reverse=True)  # publishers and short titles


def _quoted_from_sources(run: str) -> bool:
    """Whether an English run is quoted from sources' records: whole, as a list of them (``A; B``),
    or as a publisher next to a piece of a note (search results put them side by side)."""
    if run.lower() in SOURCE_BLOB:
        return True
    if all(p.lower() in SOURCE_BLOB for p in re.split(r"\s*[;,]\s*", run) if p.strip()):
        return True
    rest = run
    for name in NAMES:
        rest = rest.replace(name, "\n")
    return rest != run and all(m.group(0).lower() in SOURCE_BLOB for m in ENGLISH_RUN.finditer(rest))
PROPER = [
    # names kept as they are written in every language (organisations' own English acronyms, units)
    "PowerPoint", "HTML", "CSV", "JSON", "PNG", "USD", "BibTeX", "RIS", "ISO", "Streamlit", "Okabe-Ito", "iframe",
]


def run_page(key: str, lang: str, **params: str | list[str]) -> AppTest:
    """The page through app.py (tests/app/test_pages.py), with ``lang=`` in its link."""
    return test_pages.run_page(key, lang=lang, **params)


def _strings(value: Any, key: str = "") -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in SKIP_KEYS:
                yield from _strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)


def _figure_words(spec: dict[str, Any]) -> Iterator[str]:
    layout = spec.get("layout", {})
    for v in layout.values():
        if isinstance(v, dict):
            title = v.get("title")
            yield from _strings(title if isinstance(title, dict) else {"text": title} if title else {})
    yield from _strings(layout.get("title", {}))
    for a in layout.get("annotations", []):
        yield str(a.get("text", ""))
    for tr in spec.get("data", []):
        if tr.get("showlegend", True) and tr.get("name"):
            yield str(tr["name"])
        template = tr.get("hovertemplate")
        for t in template if isinstance(template, list) else [template] if template else []:
            yield re.sub(r"%\{[^}]*\}", " ", str(t))


def _texts(at: AppTest) -> list[str]:
    out: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        if proto is not None and kind not in ("bidi_component", "deck_gl_json_chart", "arrow_data_frame"):
            out.extend(_strings(MessageToDict(proto)))
        if kind == "bidi_component" and node.proto.component_name == "cc5_plot":
            out.extend(_figure_words(json.loads(json.loads(node.proto.json)["figure"])))
        if kind == "bidi_component" and node.proto.component_name == "cc5_copy":  # its button's words
            data = json.loads(node.proto.json)
            out.extend(data[k] for k in ("copy", "copied", "select", "label") if data[k] != "BibTeX")
        if kind == "deck_gl_json_chart":
            deck = json.loads(node.proto.json)
            tip = deck.get("tooltip")
            if isinstance(tip, dict):
                out.append(re.sub(r"\{[^}]*\}|<[^>]+>", " ", str(tip.get("html") or tip.get("text") or "")))
        if kind == "arrow_data_frame":
            out.extend(str(c) for c in node.value.columns)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    walk(at.sidebar)
    return out


def english_left(texts: list[str]) -> list[str]:
    """The English runs left in the texts, once proper names, sources and marked fallbacks are out."""
    left = []
    for text in texts:
        plain = re.sub(r"\\([^\w\s])", r"\1", text)  # Markdown's escapes, as the reader does not see them
        if not text or text in SOURCES or "[EN]" in plain:  # a marked fallback, escaped or not
            continue
        plain = re.sub(r"https?://\S+|\]\([^)]*\)|`[^`]*`", " ", plain).replace("**", "")
        for name in PROPER:
            plain = plain.replace(name, " ")
        for name in NAMES:  # publishers and titles quoted whole
            if len(name) > 6:
                plain = plain.replace(name, "\n")
        # a run quoted from a source's record (search results quote them, bold marks removed)
        for m in ENGLISH_RUN.finditer(plain):
            run = m.group(0)
            if m.start() and plain[m.start() - 1] == "…":  # an excerpt may begin in the middle of a name
                run = run.split(" ", 1)[-1]
            if not _quoted_from_sources(run):
                left.append(run)
    return left


@pytest.mark.parametrize("lang", ["zh", "ru"])
@pytest.mark.parametrize("spec", PAGES, ids=[p.key for p in PAGES])
def test_every_page_is_in_the_language(spec, lang):
    params = dict(p.split("=", 1) for p in spec.sample_query.split("&") if p) if spec.sample_query else {}
    at = run_page(spec.key, lang, **params)
    assert not at.exception, [e.value for e in at.exception]
    texts = _texts(at)
    with i18n.using(lang):
        assert at.title[0].value == (spec.shown_title if spec is not registry.DEFAULT else i18n._(
            "China–Central Asia Cooperation Monitor"))
    assert SCRIPT[lang].search(at.title[0].value), at.title[0].value
    left = english_left(texts)
    assert not left, f"{spec.key} in {lang}: English left: {sorted(set(left))[:15]}"
    doubled = [t for t in texts if re.search(r"(?<!\.)\.\.(?=\s|$)", re.sub(r"\\([^\w\s])", r"\1", t))]
    assert not doubled, f"{spec.key} in {lang}: a sentence ends in two stops: {doubled[:3]}"


def test_a_bad_language_is_dropped_with_a_notice_and_english_shown():
    at = run_page("timeline", "de")
    assert not at.exception
    assert any("lang=" in w.value and "'de'" in w.value for w in at.warning)
    assert at.title[0].value == "Timeline"


def test_filters_and_choices_survive_a_language_change():
    """A session switches language: the countries and the page's choice are kept, in the new
    language's words, and the view is the same (same number of events)."""
    at = run_page("timeline", "en", country=["Kazakhstan", "Uzbekistan"], category="Summit", years=["2023", "2025"])
    english_caption = at.caption[0].value
    n_en = len(at.dataframe[0].value) if at.dataframe else None
    at.query_params["lang"] = "ru"
    at.run()
    assert at.title[0].value == "Хронология"
    sidebar = at.sidebar.multiselect[0]
    assert sidebar.value == ["Казахстан", "Узбекистан"], sidebar.value
    assert "2023–2025" in at.caption[0].value and at.caption[0].value != english_caption
    if n_en is not None:
        assert len(at.dataframe[0].value) == n_en


def test_a_choice_named_by_the_data_survives_a_language_change():
    """The mechanisms are named by the data: one chosen in Russian is the same one in Chinese."""
    from components.data import datatext
    from components.data.dataset import load_dataset

    ds = load_dataset()
    names = {lang: datatext.localized(ds, lang)["mechanisms"].set_index("id")["name"] for lang in ("ru", "zh")}
    mech = "transport"
    at = run_page("mechanisms", "ru", mechanism=names["ru"][mech])
    assert not at.exception
    assert at.main.multiselect[0].value == [names["ru"][mech]]
    at.query_params["lang"] = "zh"
    at.run()
    assert at.title[0].value == "部长级会晤机制"
    assert at.main.multiselect[0].value == [names["zh"][mech]], at.main.multiselect[0].value


def test_zh_and_ru_pages_punctuate_and_count_money_in_their_language():
    """Chinese: full-width colons after the profile's labels, money in 亿美元; Russian: «» quotes
    in notices and no straight quotes (issue 21)."""
    at = run_page("countries", "zh", profile="Kazakhstan")
    facts = " ".join(m.value for m in at.markdown if "首都" in m.value)
    assert "**首都**：" in facts and ":**" not in facts, facts
    at = run_page("compare", "ru", compare=["Kazakhstan", "Uzbekistan"], country=["Mars"])
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "«Mars»" in warnings and "«Казахстан»" in warnings and "'" not in warnings, warnings
    table = " ".join(str(v) for v in at.dataframe[0].value.to_numpy().ravel())
    assert "млрд долл. США" in table and "USD" not in table, table
