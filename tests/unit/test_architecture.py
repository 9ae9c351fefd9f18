"""The shape of the code: one page registry read by every renderer, no import cycle, small
modules, no private attributes of kaleido, views as typed dataclasses."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pandas as pd

from components import presentation, registry, views
from components.briefing import slide_titles
from components.briefing.slides import SLIDE_OF
from components.data import load_dataset
from components.filters import Filters

ROOT = Path(__file__).resolve().parents[2]
COMPONENTS = ROOT / "components"
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    out = {}
    for path in COMPONENTS.rglob("*.py"):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Modules of components/ imported by ``path`` at module level or in functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("components"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in modules)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("components"))
    return {m for m in found if m in modules}


def test_no_import_cycle():
    modules = _modules()
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    # a package imports its own submodules by design; a submodule importing a sibling through the
    # package is still an edge
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if nxt.startswith(node + "."):
                continue
            assert state.get(nxt) != 1, "import cycle: " + " -> ".join([*trail, node, nxt])
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [])


def test_no_module_over_the_limit():
    long = {p.relative_to(ROOT).as_posix(): n for p in COMPONENTS.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long


def test_no_private_attribute_of_kaleido_or_streamlit_but_the_documented_guard():
    hits = []
    for path in [*COMPONENTS.rglob("*.py"), ROOT / "app.py", *(ROOT / "pages").glob("*.py")]:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"kaleido\._|_global_server|\._initialized|\._thread\b", line):
                hits.append(f"{path.name}:{n}")
            if re.search(r"streamlit\.runtime", line) and "PagesManager" not in line:
                hits.append(f"{path.name}:{n}")
    assert not hits, hits


def test_the_page_list_is_written_once():
    """Page scripts and titles appear only in the registry, not in app.py, presentation or the deck."""
    for path in [ROOT / "app.py", COMPONENTS / "presentation.py", *(COMPONENTS / "briefing").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert "pages/" not in text.replace("pages/ (", ""), path.name
        assert not re.search(r'"[^"]*/ ?7"|slide 7', text), path.name


def test_every_slide_has_a_presentation_and_a_deck_slide():
    keys = [p.key for p in registry.SLIDES]
    assert set(keys) == set(presentation.DRAW)
    assert set(SLIDE_OF) == {p.key for p in registry.DECK_SLIDES} >= set(keys)
    assert list(slide_titles()[1:]) == [p.slide_title for p in registry.SLIDES]
    assert registry.slide_position(keys[0]) == 1 and registry.slide_position("countries") is None


def test_views_are_typed_dataclasses():
    ds = load_dataset()
    f = Filters()
    made = [
        views.overview_view(ds, f, pd.Timestamp("2026-11-23")),
        views.map_view(ds, f, "hosted"),
        views.timeline_view(ds, f),
        views.directions_view(ds, f),
        views.mechanisms_view(ds, f),
        views.country_view(ds, f, "KAZ"),
        views.sources_view(ds),
    ]
    for v in made:
        assert dataclasses.is_dataclass(v) and type(v).__dataclass_params__.frozen, type(v).__name__  # type: ignore[attr-defined]
        for fld in dataclasses.fields(v):
            assert fld.type not in ("dict", "tuple", "Any"), (type(v).__name__, fld.name)


def test_the_count_sentence_is_written_once():
    """The official-count wording lives in views/base.py only."""
    for path in [*COMPONENTS.rglob("*.py"), *(ROOT / "pages").glob("*.py")]:
        if path.name == "base.py":
            continue
        assert "Official count" not in path.read_text(encoding="utf-8"), path


def test_stylesheets_hold_no_angle_bracket():
    """st.html sanitises a stylesheet as HTML: a '<p>' even in a comment drops the rules after it
    (the presentation mode's large figures were lost to one)."""
    from components import ui

    for name in ui.STYLESHEETS:
        text = (ui.ASSETS / name).read_text(encoding="utf-8")
        assert "<" not in text, name
