"""The charts a page drew, read from an AppTest run: each is a ``cc5_plot`` component
(components/web/plot.py) whose data holds the figure as plotly's JSON."""

from __future__ import annotations

import json
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio


def chart_elements(at: Any) -> list[Any]:
    return [el for el in at.get("bidi_component") if el.proto.component_name == "cc5_plot"]


def chart_specs(at: Any) -> list[dict[str, Any]]:
    """Each chart's figure as the browser receives it (plain JSON)."""
    return [json.loads(json.loads(el.proto.json)["figure"]) for el in chart_elements(at)]


def chart_figures(at: Any) -> list[go.Figure]:
    """Each chart's figure, decoded by plotly (plotly 7 encodes number arrays)."""
    return [pio.from_json(json.loads(el.proto.json)["figure"]) for el in chart_elements(at)]


def copied_texts(at: Any) -> list[str]:
    """The texts of the page's copy boxes (components/web/copybox.py: the citation, its BibTeX and
    the embed code), in the order drawn."""
    return [json.loads(el.proto.json)["text"] for el in at.get("bidi_component")
            if el.proto.component_name == "cc5_copy"]


def map_countries(layers: list[Any]) -> dict[str, dict[str, Any]]:
    """The interactive map's countries by ISO3 (their fill, tooltip and selection), from a deck's
    layers (a spec's dicts or pydeck's Layer objects): the ``ground`` layer's country items."""
    for layer in layers:
        lid, data = (layer.get("id"), layer.get("data")) if isinstance(layer, dict) else (layer.id, layer.data)
        if lid == "ground":
            return {item["iso3"]: item for item in data if item.get("kind") == "country"}
    raise AssertionError("the map has no ground layer")
