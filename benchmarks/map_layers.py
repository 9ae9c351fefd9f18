"""What each layer of the map costs in the browser: Lighthouse on the map alone, with each layer
removed in turn, beside a bare pydeck map, all served by one server in the same run (issue 25).

    .venv/bin/python -m benchmarks.map_layers [--runs 3] [--langs en,zh,ru] [--variants full,-countries,...]

This file is also the page it measures (``streamlit run benchmarks/map_layers.py``; benchmark-only,
nothing in the app reads it): ``?v=full`` draws the Map page's deck (``views.map_view``: the same
model, the same JSON) at the page's size; ``?v=-markers`` the same deck without the layer
``markers``; ``?v=only-markers`` that layer alone (``+`` joins several ids in both forms);
``?v=none`` the deck with no layer (deck.gl alone); ``?v=bare`` the bare map of
benchmarks/baseline_app.py (41 dots, one layer). ``&lang=zh``: the deck in Chinese;
``&geo=countries.geojson``: the same model on another boundary file of data/geo;
``&set=ground.pickable=false``: a layer property changed (a JSON value; ``;`` between several).
Variants are measured round-robin (run 1 of every variant, then run 2, ...), so the machine's load
falls on all alike; medians are kept. Table: artifacts/lighthouse/map_layers.md and .json.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LAYERS = ("ground", "markers")


def _bare_layers() -> list[Any]:
    import pydeck as pdk

    rng = random.Random(42)
    points = [{"position": [60 + rng.random() * 60, 35 + rng.random() * 15], "tooltip": f"Point {i}"}
              for i in range(41)]
    return [pdk.Layer("ScatterplotLayer", points, id="points", get_position="position", get_radius=8,
                      radius_units="'pixels'", get_fill_color=[230, 159, 0, 200], pickable=True)]


def page() -> None:
    """The measured page: one deck, nothing else."""
    import streamlit as st

    from components import views
    from components.data import i18n
    from components.data.dataset import shared_dataset
    from components.data.datatext import localized
    from components.data.filters import Filters
    from components.render import maps
    from components.render.maps import CompactDeck
    from components.web.ui import configured_dir

    st.set_page_config(page_title="Map layers", layout="wide")
    st.title("Map layers")  # a text to paint: Lighthouse needs a contentful paint (a canvas is none)
    variant = st.query_params.get("v", "full")
    lang = st.query_params.get("lang", "en")
    with i18n.using(lang):
        view = views.map_view(localized(shared_dataset(configured_dir()), lang), Filters(), "hosted")
        geo = st.query_params.get("geo")  # another boundary file (data/geo/NAME), the same model
        deck = maps.draw_deck(view.model, ROOT / "data" / "geo" / geo) if geo else view.deck
    if variant == "bare":
        layers = _bare_layers()
    elif variant == "none":
        layers = []
    elif variant.startswith("only-"):  # only-countries+cities: those layers alone
        keep = set(variant.removeprefix("only-").replace(" ", "+").split("+"))  # a URL's + arrives as a space
        layers = [layer for layer in deck.layers if layer.id in keep]
    else:  # -countries+cities: all but those
        drop = set(variant.removeprefix("-").replace(" ", "+").split("+")) if variant.startswith("-") else set()
        layers = [layer for layer in deck.layers if layer.id not in drop]
    for change in filter(None, st.query_params.get("set", "").split(";")):  # set=countries.stroked=false
        target, _, value = change.partition("=")
        layer_id, _, prop = target.partition(".")
        for i, layer in enumerate(layers):
            if layer.id == layer_id:
                layers[i] = copy.copy(layer)  # the kept deck's layer stays as it is
                setattr(layers[i], prop, json.loads(value))
    shown = CompactDeck(layers=layers, initial_view_state=deck.initial_view_state, map_provider=None,
                        tooltip=deck._tooltip)  # noqa: SLF001 - the same tooltip as the page's deck
    st.pydeck_chart(shown, height=520, width="stretch")


def main(argv: list[str] | None = None) -> int:
    from benchmarks.lighthouse import OUT, chrome_path, ensure_lighthouse, lighthouse, say, warm
    from testsupport.stclient import Server

    ap = argparse.ArgumentParser(prog="python -m benchmarks.map_layers", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--langs", default="en", help="languages of the full deck (other variants: the first)")
    ap.add_argument("--variants", default=",".join(["bare", "none", "full", *(f"-{x}" for x in LAYERS)]))
    ap.add_argument("--preset", default="desktop", choices=("desktop", "mobile"))
    ap.add_argument("--before", type=Path, help="another checkout (e.g. `git archive` of the commit before a change, "
                    "with this file copied in): its variants too, named before:VARIANT, in the same rounds")
    ap.add_argument("--app", action="store_true", help="also the app's whole /map page (server.py of each checkout, "
                    "named app / before:app) and the bare baseline app (benchmarks/baseline_app.py, baseline-app)")
    args = ap.parse_args(argv)
    langs = args.langs.split(",")
    urls = [(v, langs[0]) for v in args.variants.split(",") if v] + [("full", lang) for lang in langs[1:]]
    chrome = chrome_path()
    ensure_lighthouse()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "logs").mkdir(exist_ok=True)
    runs: dict[str, list[dict[str, Any]]] = {}
    checkouts = [("", ROOT)] + ([("before:", args.before.resolve())] if args.before else [])
    servers: list[Server] = []
    targets: list[tuple[str, str]] = []  # (name, url)
    try:
        for label, root in checkouts:
            srv = Server(script=root / "benchmarks" / "map_layers.py", log=OUT / "logs")
            servers.append(srv)
            mine = [(v, lang) for v, lang in urls if not (label and v in ("bare", "none"))]
            warm(srv.url, [(f"/?v={v}&lang={lang}", v) for v, lang in mine])
            targets += [(f"{label}{v}@{lang}", f"{srv.url}/?v={v}&lang={lang}") for v, lang in mine]
            if args.app:
                app = Server(script=root / "server.py", log=OUT / "logs")
                servers.append(app)
                warm(app.url, [("/map", "map")])
                targets.append((f"{label}app", f"{app.url}/map"))
        if args.app:
            base = Server(script=ROOT / "benchmarks" / "baseline_app.py", log=OUT / "logs")
            servers.append(base)
            warm(base.url, [("/", "baseline")])
            targets.append(("baseline-app", base.url + "/"))
        for i in range(1, args.runs + 1):
            for name, url in targets:
                report = OUT / f"map_layers-{name.replace(':', '-').replace('@', '-')}-{i}.json"
                r = lighthouse(url, args.preset, report, chrome)
                if report.exists() and "error" not in r:
                    audits = json.loads(report.read_text(encoding="utf-8"))["audits"]
                    r["main_ms"] = audits["mainthread-work-breakdown"].get("numericValue")
                    r["bootup_ms"] = audits["bootup-time"].get("numericValue")
                runs.setdefault(name, []).append(r)
                if r.get("error") or r.get("score") is None:
                    shown = r.get("error") or "no score"
                else:
                    shown = (f"score {r['score']}, TBT {r['tbt_ms']:.0f} ms, main thread {r.get('main_ms', 0):.0f} ms, "
                             f"{r['bytes'] / 1e6:.2f} MB")
                say(f"run {i} {name:24} {shown}")
    finally:
        for srv in servers:
            srv.stop()
    keys = ("score", "tbt_ms", "main_ms", "bootup_ms", "bytes", "benchmark_index")
    med = {name: {k: statistics.median(r[k] for r in rs if r.get(k) is not None)
                  for k in keys if any(r.get(k) is not None for r in rs)}
           | {"runs": len(rs), "scored": sum(r.get("score") is not None for r in rs)}
           for name, rs in runs.items()}
    lines = ["| map variant | score | TBT ms | main-thread ms | script ms | MB | scored runs |",
             "|---|--:|--:|--:|--:|--:|--:|"]
    for name, m in med.items():
        if "score" not in m:
            lines.append(f"| {name} | error | | | | | 0 of {m['runs']} |")
            continue
        lines.append(f"| {name} | {m['score']:.0f} | {m['tbt_ms']:.0f} | {m.get('main_ms', 0):.0f} | "
                     f"{m.get('bootup_ms', 0):.0f} | {m['bytes'] / 1e6:.2f} | {m['scored']} of {m['runs']} |")
    md = "\n".join(lines)
    (OUT / "map_layers.md").write_text(md + "\n", encoding="utf-8")
    (OUT / "map_layers.json").write_text(json.dumps({"medians": med, "runs": runs}, indent=2) + "\n",
                                         encoding="utf-8")
    say("\n" + md)
    return 0


if __name__ == "__main__":
    try:
        from streamlit.runtime import exists
    except ImportError:  # pragma: no cover
        exists = None  # type: ignore[assignment]
    if exists is not None and exists():
        page()
    else:
        sys.exit(main())
