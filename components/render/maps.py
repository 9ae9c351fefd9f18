"""The interactive map: the :class:`~components.render.mapmodel.MapModel` drawn with pydeck.

No base-map tiles: ``map_provider=None`` means deck.gl draws only our layers and the
page makes no request to any map host. Tooltips use pydeck's ``text`` form, so data is
shown as text, never interpreted as HTML. What the map shows is decided in ``mapmodel.py``.
"""

from __future__ import annotations

import json
import math
import weakref
from functools import lru_cache
from pathlib import Path
from typing import Any

import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from components.data import i18n
from components.data.filters import country_name
from components.render import mapraster
from components.render.mapmodel import (
    CAPITAL_COLOR,
    CITY_COLOR,
    DRAFT_COLOR,
    GEO_FILE,
    INSTITUTION_COLOR,
    NO_DATA,
    MapModel,
)

# pydeck reads a bare string as an accessor expression; a literal string must be quoted ("'pixels'").
_FROZEN: weakref.WeakKeyDictionary[pdk.Deck, str] = weakref.WeakKeyDictionary()


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation: pydeck pretty-prints, which makes the
    boundary layer travel as ~600 KB on every rerun instead of ~150 KB."""

    def freeze(self) -> CompactDeck:
        """Write the JSON once; later ``to_json`` calls return it (for a deck that no longer changes,
        such as one kept by memo.memo and drawn on every rerun)."""
        _FROZEN[self] = self._encode()
        return self

    def to_json(self) -> str:
        frozen = _FROZEN.get(self)
        return frozen if frozen is not None else self._encode()

    def _encode(self) -> str:
        # pydeck's own serialize() with indent=2 forces json's pure-Python encoder (~45 ms here);
        # without indent the C encoder writes the same JSON in a few ms.
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"), ensure_ascii=False)


@lru_cache(maxsize=2)
def _load_geojson(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def load_boundaries(path: Path = GEO_FILE) -> dict[str, Any]:
    """The boundary FeatureCollection (cached read): fresh feature and properties dicts, free
    to change, around the shared geometries, which callers must only read."""
    geo = _load_geojson(str(path))
    return {
        **geo,
        "features": [{**feat, "properties": dict(feat.get("properties") or {})} for feat in geo.get("features", [])],
    }


def _points(layer_id: str, items: list[dict[str, Any]], **style: Any) -> pdk.Layer:
    return pdk.Layer(
        "ScatterplotLayer",
        items,
        id=layer_id,
        pickable=True,
        get_position="position",
        radius_units="'pixels'",
        stroked=True,
        **style,
    )


# Zoom at most 6: the ground is drawn for the first view's zoom (mapraster.SCALE times its size), and
# four times larger than that its outlines turn soft.
MAX_ZOOM = 6
DESK_VIEW = pdk.ViewState(latitude=38.5, longitude=90.5, zoom=2.3, min_zoom=1.2, max_zoom=MAX_ZOOM)
# The six countries' box (western Kazakhstan 46.5° E to China's east coast, 18° N to 55.5° N), fitted
# to a phone's map: 358 px wide (390 px less the page's margins) by PHONE_MAP_PX.
SIX_BOUNDS = (46.5, 18.0, 135.0, 55.5)
PHONE_MAP_PX = (358, 300)


def fitted_view(bounds: tuple[float, float, float, float], width: int, height: int, pad: int = 12) -> pdk.ViewState:
    """The view state (Web Mercator) in which ``bounds`` (west, south, east, north) fills a map of
    ``width`` by ``height`` px, less ``pad`` px on each side."""
    west, south, east, north = bounds

    def merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    span_x, span_y = math.radians(east - west), merc(north) - merc(south)
    # at zoom z the world is 512·2^z px wide, i.e. 512·2^z / 2π px per radian
    zoom = math.log2(min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y) * 2 * math.pi / 512)
    mid = math.degrees(2 * math.atan(math.exp((merc(north) + merc(south)) / 2)) - math.pi / 2)
    return pdk.ViewState(latitude=round(mid, 3), longitude=(west + east) / 2, zoom=round(zoom, 3), min_zoom=0.5,
                         max_zoom=MAX_ZOOM)


PHONE_VIEW = fitted_view(SIX_BOUNDS, *PHONE_MAP_PX)
# Four capitals lie close together (within ~60 px on a phone, ~40 px at a desk's first zoom): each
# name is put on its own side, clear of the others (keyed by the capital's rounded longitude and
# latitude; the others keep the name above the dot). Offsets in a phone's 11 px type; a desk scales them.
LABEL_PLACES: dict[tuple[int, int], tuple[list[int], str]] = {
    (58, 38): ([0, 13], "middle"),  # Ashgabat: below
    (69, 41): ([-7, -7], "end"),  # Tashkent: up and left
    (69, 39): ([6, 12], "start"),  # Dushanbe: down and right
    (75, 43): ([8, -3], "start"),  # Bishkek: right
}


def draw_deck(model: MapModel, geo_path: Path = GEO_FILE, view: pdk.ViewState = DESK_VIEW) -> CompactDeck:
    """The pydeck map of ``model``: shaded countries, routes, meeting cities, capitals and their
    names, institutions, one-point projects; seen as ``view`` first (a phone gets :data:`PHONE_VIEW`).

    Everything but a curator's drafts is drawn by one shader program (``IconLayer``, see
    ``mapraster``): two layers, the ground (countries, then routes, sized in metres) and the
    markers (sized in pixels, the capitals' names last, above every marker)."""
    phone = view is PHONE_VIEW
    scale = PHONE_SCALE if phone else mapraster.SCALE
    layers = [_ground_layer(model, geo_path, float(view.zoom) + math.log2(scale), scale)]
    pictured = mapraster.can_draw("".join(p.label for p in model.capitals))
    markers, names = _marker_items(model, phone, scale, names_pictured=pictured)
    if pictured:
        layers.append(_icon_layer("markers", [*markers, *names], scale, "pixels"))
    else:  # no CJK face on this server: the names are left to the browser's fonts (deck.gl's TextLayer)
        layers.append(_icon_layer("markers", markers, scale, "pixels"))
        layers.append(_capital_labels(names, placed=phone))
    layers.extend(_draft_layers(model))
    return CompactDeck(
        layers=layers,
        initial_view_state=view,
        map_provider=None,
        tooltip={"text": "{tooltip}"},
    )


PHONE_SCALE = 3  # phones draw 2-3 device pixels per CSS pixel


@lru_cache(maxsize=4)
def _country_shapes(geo_path: str) -> tuple[tuple[str, tuple[tuple[tuple[mapraster.Coord, ...], ...], ...]], ...]:
    """(iso3, polygons) of each country in the boundary file, read once."""
    return tuple((str(feat["properties"].get("iso3")), mapraster.polygons_of(feat.get("geometry") or {}))
                 for feat in load_boundaries(Path(geo_path))["features"])


def _ground_layer(model: MapModel, geo_path: Path, zoom: float, scale: int) -> pdk.Layer:
    """Countries (the selected last, so their darker outlines lie over their neighbours'), then routes."""
    shades = {s.iso3: s for s in model.shades}
    items: list[dict[str, Any]] = []
    countries = _country_shapes(str(geo_path))
    for iso, polygons in sorted(countries, key=lambda c: bool(shades.get(c[0]) and shades[c[0]].selected)):
        shade = shades.get(iso)
        sel = bool(shade and shade.selected)
        fill = (*(shade.fill if shade else NO_DATA), 235 if sel else 140)
        line = (40, 40, 40, 255) if sel else (160, 160, 160, 200)
        sprite, (lon, lat) = mapraster.country_sprite(polygons, zoom, fill, line, 2.0 if sel else 1.0, scale)
        items.append({"sprite": sprite, "kind": "country", "iso3": iso, "fill": list(fill), "selected": sel,
                      "position": [lon, lat], "tooltip": shade.tooltip if shade else country_name(iso)})
    for r in model.routes:
        sprite, (lon, lat) = mapraster.route_sprite(tuple(r.path), (*r.color, 230), zoom, 5.0, scale)
        items.append({"sprite": sprite, "kind": "route", "name": r.name, "color": [*r.color, 230],
                      "position": [lon, lat], "tooltip": r.tooltip})
    for item in items:
        item["size"] = round(mapraster.metres(item["sprite"].image.size[1], item["position"][1], zoom), 1)
    return _icon_layer("ground", items, scale, "meters")


def _marker_items(model: MapModel, phone: bool, scale: int, names_pictured: bool = True
                  ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The markers (meeting cities, capitals, institutions, one-point projects, in drawing order) and
    the capitals' names, each with the picture it is drawn with (``sprite``; the names only when
    ``names_pictured``)."""
    white, circle = (255, 255, 255, 255), mapraster.circle_sprite
    out: list[dict[str, Any]] = []
    for p in model.cities:
        out.append({"kind": "city", "count": p.count, "position": [p.lon, p.lat], "tooltip": p.tooltip,
                    "sprite": circle(6 + 3 * min(p.count, 6), 1, (*CITY_COLOR, 200), (80, 50, 0, 255), scale)})
    for p in model.capitals:
        out.append({"kind": "capital", "position": [p.lon, p.lat], "tooltip": p.tooltip,
                    "sprite": circle(5, 2, white, (*CAPITAL_COLOR, 255), scale)})
    for p in model.institutions:
        out.append({"kind": "institution", "position": [p.lon, p.lat], "tooltip": p.tooltip,
                    "sprite": circle(7, 2, (*INSTITUTION_COLOR, 255), white, scale)})
    for r in model.sites:
        out.append({"kind": "site", "name": r.name, "position": list(r.path[0]), "tooltip": r.tooltip,
                    "sprite": circle(6, 2, (*r.color, 230), white, scale)})
    names = []
    for p in model.capitals:
        place = _label_place((round(p.lon), round(p.lat)), phone)
        size, ground = (11, 215) if phone else (13, 200)
        name: dict[str, Any] = {"kind": "name", "name": p.label, "position": [p.lon, p.lat], "tooltip": p.tooltip,
                                **place}
        if names_pictured:
            name["sprite"] = mapraster.label_sprite(p.label, size, (*CAPITAL_COLOR, 255), (255, 255, 255, ground),
                                                    tuple(place["offset"]), place["anchor"], scale)
        names.append(name)
    return out, names


def _icon_layer(layer_id: str, items: list[dict[str, Any]], scale: int, units: str) -> pdk.Layer:
    """Items drawn with their pictures (each item's ``sprite``, taken out of the item), packed into
    one atlas; sized in metres (the item's ``size``) or in screen pixels (the picture's height over
    ``scale``)."""
    pictures = [item.pop("sprite") for item in items]
    unique = list(dict.fromkeys(pictures))  # a circle shared by many markers is packed once
    url, mapping, keys = mapraster.atlas(unique)
    key_of = dict(zip(unique, keys, strict=True))
    for item, sprite in zip(items, pictures, strict=True):
        item["icon"] = key_of[sprite]
        if units == "pixels":
            item["size"] = round(sprite.image.size[1] / scale, 2)
    return pdk.Layer(
        "IconLayer",
        items,
        id=layer_id,
        pickable=True,
        icon_atlas=f"'{url}'",  # quoted: a literal string, not an accessor expression
        icon_mapping=mapping,
        get_icon="icon",
        get_position="position",
        get_size="size",
        size_units=f"'{units}'",
        billboard=units == "pixels",  # the ground lies on the map (and turns with it)
    )


def _draft_layers(model: MapModel) -> list[pdk.Layer]:
    """Unsaved rows (the curator's preview): a thick ring around the spot and a label, drawn on top."""
    if not model.drafts:
        return []
    items = [{"position": [p.lon, p.lat], "name": p.label, "tooltip": p.tooltip} for p in model.drafts]
    return [
        _points(
            "drafts",
            items,
            get_radius=16,
            filled=False,
            get_line_color=[*DRAFT_COLOR, 255],
            line_width_min_pixels=4,
        ),
        _labels("draft-labels", items, DRAFT_COLOR, size=14, offset=[-22, -18], anchor="'end'", ground=235),
    ]


def _label_place(key: tuple[int, int], phone: bool) -> dict[str, Any]:
    """A capital's name's offset and anchor: above the dot, or for the four capitals that lie close
    together its own side (the same sides on a desk, at the desk's larger type: ~40 px apart at
    its first zoom, Tashkent's name covered Bishkek's dot and Dushanbe's Tashkent's)."""
    offset, anchor = LABEL_PLACES.get(key, ([0, -13], "middle"))
    if not phone:
        offset = [round(v * DESK_LABEL_FACTOR) for v in offset]
    return {"offset": offset, "anchor": anchor}


DESK_LABEL_FACTOR = 13 / 11  # the desk's names are 13 px, the phone's 11


def _capital_labels(caps: list[dict[str, Any]], placed: bool = False) -> pdk.Layer:
    """The names in the browser's fonts, each at its own offset and anchor (``_label_place``)."""
    size, ground = (11, 215) if placed else (13, 200)  # placed: a phone's smaller type
    return _labels("capital-labels", caps, CAPITAL_COLOR, size=size, offset="offset", anchor="anchor", ground=ground)


def _labels(layer_id: str, items: list[dict[str, Any]], color: tuple[int, int, int], *, size: int,
            offset: list[int] | str, anchor: str, ground: int) -> pdk.Layer:
    """Names (each item's ``name``) in ``color`` on a light ground, ``offset`` px from the spot
    (or each item's field of that name); ``anchor``: a quoted literal ("'end'") or an item's field."""
    return pdk.Layer(
        "TextLayer",
        items,
        id=layer_id,
        get_position="position",
        get_text="name",
        get_size=size,
        get_color=[*color, 255],
        get_pixel_offset=offset,
        get_text_anchor=anchor,
        background=True,
        get_background_color=[255, 255, 255, ground],
        background_padding=[2, 1],
        # Chinese names need a face with CJK glyphs
        font_family="'Noto Sans CJK SC, Noto Sans SC, sans-serif'"
        if i18n.current() == "zh"
        else "'DejaVu Sans, Arial, sans-serif'",
        character_set="'auto'",
    )
