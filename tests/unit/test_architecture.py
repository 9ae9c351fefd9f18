"""The shape of the code: one page registry read by every renderer, no import cycle, small
modules, no private attributes of kaleido, views as typed dataclasses."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pandas as pd

from components import views
from components.data import registry
from components.data.dataset import load_dataset
from components.data.filters import Filters
from components.exports.briefing import slide_titles
from components.exports.briefing.slides import SLIDE_OF
from components.web import presentation

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


# The layers, lowest first: a module may import from its own layer and the layers before it, never
# from a later one (docs/architecture.md, "Layers"). components/__init__.py belongs to none.
LAYERS = ("data", "render", "views", "exports", "web", "curate")


def _layer(module: str) -> int:
    parts = module.split(".")
    assert len(parts) >= 3 and parts[1] in LAYERS, f"{module} is in no layer package of components/"
    return LAYERS.index(parts[1])


def test_every_module_sits_in_a_layer_and_imports_only_downwards():
    modules = _modules()
    placed = {name for name in modules if name != "components" and name.count(".") >= 1}
    assert {name.split(".")[1] for name in placed} == set(LAYERS), "a layer package is missing or one is extra"
    wrong = []
    for name in sorted(placed):
        if name in (f"components.{layer}" for layer in LAYERS):
            continue
        mine = _layer(name)
        for used in _imports(modules[name], modules):
            if used == "components" or used in (f"components.{layer}" for layer in LAYERS):
                continue
            if _layer(used) > mine:
                wrong.append(f"{name} ({LAYERS[mine]}) imports {used} ({LAYERS[_layer(used)]})")
    assert not wrong, wrong


def test_the_layer_rule_sees_an_upward_import(tmp_path):
    """The rule test above can fail: a drawing module importing a view is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("from components.views import panels\n", encoding="utf-8")
    modules = {**_modules(), "components.render.bad": bad}
    used = _imports(bad, modules)
    assert "components.views.panels" in used and _layer("components.views.panels") > _layer("components.render.bad")


def test_pages_and_entry_points_import_only_the_web_layer_and_below():
    """Pages are thin: they reach the data through views and the web glue, never the curator's
    internals (pages/curate.py draws the workspace, which is its job)."""
    modules = _modules()
    for path in [ROOT / "app.py", ROOT / "server.py", *(ROOT / "pages").glob("*.py")]:
        if path.name == "curate.py":
            continue
        for used in _imports(path, modules):
            if used == "components" or used in (f"components.{layer}" for layer in LAYERS):
                continue
            assert _layer(used) <= LAYERS.index("web"), (path.name, used)


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
    briefing = (COMPONENTS / "exports" / "briefing").glob("*.py")
    for path in [ROOT / "app.py", COMPONENTS / "web" / "presentation.py", *briefing]:
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
    from components.web import ui

    for name in ui.STYLESHEETS:
        text = (ui.ASSETS / name).read_text(encoding="utf-8")
        assert "<" not in text, name


def test_benchmarks_and_the_test_harness_import():
    """Modules run only by hand (benchmarks) still import after code moves: a layer move once left
    one importing a module that was no longer there."""
    import importlib

    names = [f"benchmarks.{p.stem}" for p in sorted((ROOT / "benchmarks").glob("*.py"))
             if p.stem not in ("__init__", "baseline_app")]
    names += [f"testsupport.{p.stem}" for p in sorted((ROOT / "testsupport").glob("*.py")) if p.stem != "__init__"]
    assert "benchmarks.run" in names and "benchmarks.common" in names
    for name in names:
        importlib.import_module(name)
