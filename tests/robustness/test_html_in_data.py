"""HTML and script in the data (titles, summaries, notes, source titles, ...) are shown as text
everywhere: plotly hover text is escaped, pydeck tooltips use the ``text`` form, no element of any
page renders them as HTML, and ``unsafe_allow_html`` appears nowhere in the source tree."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from robust_helpers import (
    PAYLOADS,
    ROOT,
    app_pages,
    copy_data,
    exceptions,
    inject_payloads,
    plotly_specs,
    run_page,
)

from components.data.dataset import load_dataset, source_lookup
from components.data.filters import Filters
from components.data.selection import filter_events
from components.render import charts, mapmodel, maps

RAW_MARKERS = ("<script", "<img", "<a href", "<b>")  # what a payload looks like unescaped
MARKDOWN = MarkdownIt("commonmark", {"html": False})  # Streamlit renders Markdown with raw HTML escaped
FOREIGN = re.compile(r"""(?:src|href)=["']?https?://evil\.example""")  # a Markdown payload that took effect
NEEDLE = "unsafe_" + "allow_html"  # built so that this file does not match itself


@pytest.fixture(scope="module")
def payload_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = copy_data(tmp_path_factory.mktemp("html"))
    inject_payloads(data)
    return data


@pytest.fixture(scope="module")
def payload_ds(payload_dir: Path) -> Any:
    ds = load_dataset(payload_dir)
    assert not ds.errors, [str(p) for p in ds.errors]  # the payloads keep every row valid
    return ds


def _raw(text: str) -> list[str]:
    return [m for m in RAW_MARKERS if m in text]


def _unmarked(hover: str) -> str:
    """A hover label without its own markup: the <br> between lines and the <b>…</b> around a
    whole line (the title, wrapped over several); markup inside a line is left for _raw to find."""
    lines = [ln[3:-4] if ln.startswith("<b>") and ln.endswith("</b>") else ln for ln in str(hover).split("<br>")]
    return "".join(lines)


# --------------------------------------------------------------------------- the source tree


def test_unsafe_allow_html_is_never_used():
    hits = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in (".venv", "artifacts") or "site-packages" in rel.parts or path == Path(__file__).resolve():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if NEEDLE in text or "unsafe_allow_javascript" in text or "components.v1.html" in text:
            hits.append(str(rel))
    assert not hits, f"raw HTML rendering in: {hits}"


def test_st_html_only_renders_the_projects_static_files():
    """st.html is the one way left to put HTML on a page; it must never receive data."""
    calls = []
    for path in [ROOT / "app.py", *sorted((ROOT / "components").rglob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bst\.html\(", line):
                calls.append((path.relative_to(ROOT).as_posix(), n, line.strip()))
    assert calls and all(c[0] == "components/web/ui.py" and "ASSETS" in c[2] for c in calls), calls


# --------------------------------------------------------------------------- builders


def test_timeline_hover_text_is_escaped(payload_ds):
    ev = filter_events(payload_ds["events"], Filters())
    fig = charts.build_timeline(ev, source_lookup(payload_ds), title=PAYLOADS[0])
    hovers = [h for tr in fig.data if tr.hovertext is not None for h in tr.hovertext]
    assert len(hovers) == len(ev)
    for h in hovers:
        assert not _raw(_unmarked(h)), h
    joined = "\n".join(hovers)
    assert html.escape(PAYLOADS[0]) in joined and html.escape(PAYLOADS[1]) in joined
    for ann in fig.layout.annotations:
        assert not _raw(ann.text or ""), ann.text
    assert not _raw(fig.layout.title.text or "")


def test_mechanism_chart_hover_and_labels_are_escaped(payload_ds):
    ev = filter_events(payload_ds["events"], Filters())
    meetings = ev[ev["mechanism_id"].notna()]
    fig = charts.build_mechanism_chart(meetings, payload_ds["mechanisms"])
    for tr in fig.data:
        for h in tr.hovertext or ():
            assert not _raw(_unmarked(h)), h
        for t in tr.text or ():
            assert not _raw(t), t


# Regression (found by this suite): mechanism names went unescaped into the y values (category axis
# labels); plotly renders its HTML subset there, so <b> showed bold and <a href=...> became a link.
def test_mechanism_chart_axis_labels_are_escaped(payload_ds):
    ev = filter_events(payload_ds["events"], Filters())
    meetings = ev[ev["mechanism_id"].notna()]
    fig = charts.build_mechanism_chart(meetings, payload_ds["mechanisms"])
    labels = [str(y) for tr in fig.data for y in (tr.y or ())] + [str(c) for c in fig.layout.yaxis.categoryarray]
    labels += [str(t).replace("<br>", " ") for t in fig.layout.yaxis.ticktext]  # the lanes' shown names
    assert labels
    assert not [lab for lab in labels if _raw(lab)], labels


def test_trade_chart_hover_is_escaped(payload_ds):
    fig = charts.build_trade_chart(payload_ds["trade"], title=PAYLOADS[1])
    for tr in fig.data:
        for h in tr.hovertext or ():
            assert not _raw(h.replace("<br>", "")), h
    assert not _raw(fig.layout.title.text or "")


def test_map_tooltips_use_the_text_form(payload_ds):
    f = Filters()
    view = mapmodel.build_model(
        "hosted",
        f,
        filter_events(payload_ds["events"], f),
        payload_ds["trade"],
        payload_ds["countries"],
        payload_ds["institutions"],
        payload_ds["projects"],
        source_lookup(payload_ds),
    )
    deck = maps.draw_deck(view)
    spec = json.loads(deck.to_json())
    tooltip = deck._tooltip if hasattr(deck, "_tooltip") else spec.get("tooltip")
    assert tooltip == {"text": "{tooltip}"}, tooltip
    assert "html" not in json.dumps(tooltip)
    # the payloads travel as plain text in the tooltip field, which deck.gl shows as text
    tips = json.dumps([lay.get("data") for lay in spec["layers"]], ensure_ascii=False)
    assert PAYLOADS[0] in tips or PAYLOADS[1] in tips


# --------------------------------------------------------------------------- every page


def _walk(at: Any) -> list[Any]:
    return [node for node in at._tree if hasattr(node, "proto")]


def _variants() -> list[Any]:
    from urllib.parse import parse_qs

    from components.data import registry

    # each page with its sample query (the Search page shows nothing without a query)
    out = [pytest.param(p, parse_qs(registry.page(p).sample_query), id=p) for p in app_pages()]
    # presentation mode draws the same data bigger
    out += [pytest.param(p, {"present": "true"}, id=f"{p}-present") for p in ("timeline", "mechanisms", "map")]
    return out


@pytest.mark.parametrize("page,params", _variants())
def test_pages_show_html_from_the_data_as_text(payload_dir, page, params):
    at = run_page(page, payload_dir, params=params)
    assert not at.exception, exceptions(at)
    seen_payload = False
    for node in _walk(at):
        proto = node.proto
        kind = type(proto).__name__
        if kind in ("Markdown", "Alert", "Heading"):
            assert not FOREIGN.search(MARKDOWN.render(proto.body)), f"data rendered as Markdown: {proto.body[:300]}"
        if kind == "Markdown":
            assert not proto.allow_html, f"markdown with HTML allowed: {proto.body[:200]}"
            shown = proto.body.replace("\\", "").replace("\u200b", "")  # as read: escapes taken away
            seen_payload |= any(p in shown for p in PAYLOADS)
        elif kind == "Html":
            assert "alert(1)" not in proto.body, "data reached st.html"
        elif getattr(node, "type", "") == "bidi_component" and proto.component_name == "cc5_plot":
            spec = json.loads(json.loads(proto.json)["figure"])
            for tr in spec.get("data", []):
                for h in tr.get("hovertext") or []:
                    assert not _raw(_unmarked(h)), h
                for t in tr.get("text") or []:
                    assert not _raw(str(t)), t
            for ann in spec.get("layout", {}).get("annotations", []):
                assert not _raw(str(ann.get("text", ""))), ann
        elif getattr(node, "type", "") == "deck_gl_json_chart":
            deck = json.loads(proto.json)
            assert "html" not in (proto.tooltip or ""), proto.tooltip
            assert json.loads(proto.tooltip) == {"text": "{tooltip}"} if proto.tooltip else True
            assert "tooltip" not in deck or "html" not in json.dumps(deck["tooltip"])
        elif kind in ("Alert", "Heading"):
            seen_payload |= any(p in proto.body for p in PAYLOADS)
        elif getattr(node, "type", "") == "dataframe":
            cells = node.value.astype(str).to_numpy().ravel()
            seen_payload |= any(p in c for c in cells for p in PAYLOADS)
    assert seen_payload or plotly_specs(at) or at.get("deck_gl_json_chart"), "the page showed none of the data"


@pytest.mark.parametrize("page", ["mechanisms"])
def test_expander_labels_show_data_as_text(payload_dir, page):
    at = run_page(page, payload_dir)
    assert not at.exception, exceptions(at)
    labels = [n.proto.label for n in _walk(at) if type(n.proto).__name__ == "Expandable"]
    assert labels
    bad = [label for label in labels if FOREIGN.search(MARKDOWN.render(label))]
    assert not bad, bad
