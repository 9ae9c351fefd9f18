"""The interactive map's shapes as pictures (issue 25): what deck.gl would compile five shader
programs for (country fills and outlines, routes, circles, the capitals' names and their ground)
is drawn here as small images, and the map places them all with one program, deck.gl's
``IconLayer``. With software WebGL (a browser without a GPU, as in Lighthouse, or on a remote
desktop) each program costs the page's main thread a fraction of a second to compile; one costs
what a bare pydeck map costs.

Two kinds of sprite, both packed into one atlas per layer and sent as PNG ``data:`` URLs (no
request to any host):

- **Ground** (countries, routes): drawn in Web Mercator at :data:`SCALE` times the first view's
  size and placed in metres, so they grow and shrink with the map as polygons do. Each country
  and each route is its own sprite, so deck.gl's picking (it skips a sprite's transparent pixels)
  gives the country or the route under the pointer, each with its own tooltip.
- **Markers and names**: sized in screen pixels, as deck.gl's circles and text were.

Edges are smoothed by drawing at :data:`SUPERSAMPLE` times the size and reducing. Plain Python
(Pillow); no Streamlit.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from components.render import fonts

RGBA = tuple[int, int, int, int]
Coord = tuple[float, float]

SCALE = 2  # atlas pixels per screen pixel at the first view: sharp on 2x screens and one zoom step in
SUPERSAMPLE = 4
TILE_SIZE = 512  # deck.gl's world size at zoom 0, in pixels
EARTH_CIRCUMFERENCE = 40.03e6  # metres: deck.gl's constant for sizes in metres (math.gl web-mercator)
PAD = 3  # transparent pixels around each sprite in an atlas (no bleeding between neighbours)
ATLAS_WIDTH = 2048
LATIN_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: the caches hand out the same sprite
class Sprite:
    """One picture and the pixel of it that sits on its item's position."""

    image: Image.Image
    anchor: Coord


def world_px(lon: float, lat: float, zoom: float) -> Coord:
    """Web Mercator pixel of (lon, lat) at ``zoom`` (deck.gl's 512-pixel world), from the top left."""
    size = TILE_SIZE * 2**zoom
    y = math.log(math.tan(math.pi / 4 + math.radians(max(min(lat, 85.0), -85.0)) / 2))
    return (lon + 180.0) / 360.0 * size, (math.pi - y) / (2 * math.pi) * size


def lonlat(x: float, y: float, zoom: float) -> Coord:
    """The inverse of :func:`world_px`."""
    size = TILE_SIZE * 2**zoom
    lat = math.degrees(2 * math.atan(math.exp(math.pi - 2 * math.pi * y / size)) - math.pi / 2)
    return x / size * 360.0 - 180.0, lat


def metres(height_px: float, lat: float, zoom: float) -> float:
    """The size in metres that deck.gl draws as ``height_px`` world pixels at ``zoom`` at ``lat``:
    it converts metres at the equator's scale, then divides by cos(latitude) of the anchor."""
    return height_px / 2**zoom * EARTH_CIRCUMFERENCE / TILE_SIZE * math.cos(math.radians(lat))


def _bbox(points: Iterable[Coord], pad: float) -> tuple[int, int, int, int]:
    xs, ys = zip(*points, strict=True)
    return (math.floor(min(xs) - pad), math.floor(min(ys) - pad), math.ceil(max(xs) + pad), math.ceil(max(ys) + pad))


def _rings(geometry: dict) -> list[list[list[Sequence[float]]]]:
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    return [coords] if kind == "Polygon" else list(coords) if kind == "MultiPolygon" else []


@lru_cache(maxsize=64)
def _shape_masks(polygons: tuple[tuple[tuple[Coord, ...], ...], ...], zoom: float,
                 widths: tuple[float, ...]) -> tuple[Coord, Image.Image, tuple[Image.Image, ...]]:
    """A country's fill mask and its outline masks (one per width, in atlas pixels), smoothed; and the
    world pixel of the masks' top left. Kept per boundary geometry and zoom: only colours change per view."""
    px = [[[world_px(x, y, zoom) for x, y in ring] for ring in poly] for poly in polygons]
    pad = max(widths) + PAD
    x0, y0, x1, y1 = _bbox((p for poly in px for ring in poly for p in ring), pad)
    size = ((x1 - x0) * SUPERSAMPLE, (y1 - y0) * SUPERSAMPLE)

    def big(ring: list[Coord]) -> list[Coord]:
        return [((x - x0) * SUPERSAMPLE, (y - y0) * SUPERSAMPLE) for x, y in ring]

    fill = Image.new("L", size, 0)
    draw = ImageDraw.Draw(fill)
    for poly in px:
        for i, ring in enumerate(poly):
            draw.polygon(big(ring), fill=255 if i == 0 else 0)
    lines = []
    for width in widths:
        line = Image.new("L", size, 0)
        ldraw = ImageDraw.Draw(line)
        for poly in px:
            for ring in poly:
                pts = big(ring)
                ldraw.line([*pts, pts[0]], fill=255, width=max(1, round(width * SUPERSAMPLE)), joint="curve")
        lines.append(line.reduce(SUPERSAMPLE))
    return (float(x0), float(y0)), fill.reduce(SUPERSAMPLE), tuple(lines)


def _tinted(mask: Image.Image, rgba: RGBA) -> Image.Image:
    """``mask`` as an RGBA picture in ``rgba``, its alpha scaled by the mask."""
    out = Image.new("RGBA", mask.size, (*rgba[:3], 0))
    a = rgba[3]
    out.putalpha(mask.point([v * a // 255 for v in range(256)]))
    return out


def polygons_of(geometry: dict) -> tuple[tuple[tuple[Coord, ...], ...], ...]:
    """A Polygon's or MultiPolygon's rings (outer ring first) as tuples of (lon, lat)."""
    return tuple(tuple(tuple((float(p[0]), float(p[1])) for p in ring) for ring in poly) for poly in _rings(geometry))


@lru_cache(maxsize=24)  # a few fills per country: China's picture alone is about 2 MB, and re-tinting takes ms
def country_sprite(polygons: tuple[tuple[tuple[Coord, ...], ...], ...], zoom: float,
                   fill: RGBA, line: RGBA, line_px: float, scale: int = SCALE) -> tuple[Sprite, Coord]:
    """A country filled in ``fill`` and outlined ``line_px`` screen pixels wide in ``line``; with the
    lon/lat its anchor (the picture's centre) stands on."""
    widths = (1.0 * scale, 2.0 * scale)  # the two outline widths the map uses, so both share the masks
    width = line_px * scale
    (x0, y0), mask, lines = _shape_masks(polygons, zoom, widths)
    outline = lines[min(range(len(widths)), key=lambda i: abs(widths[i] - width))]
    image = Image.alpha_composite(_tinted(mask, fill), _tinted(outline, line))
    return _ground(image, x0, y0, zoom)


def _ground(image: Image.Image, x0: float, y0: float, zoom: float) -> tuple[Sprite, Coord]:
    w, h = image.size
    return Sprite(image, (w / 2, h / 2)), lonlat(x0 + w / 2, y0 + h / 2, zoom)


@lru_cache(maxsize=64)
def route_sprite(path: tuple[Coord, ...], color: RGBA, zoom: float, width_px: float = 5.0,
                 scale: int = SCALE) -> tuple[Sprite, Coord]:
    """A route ``width_px`` screen pixels wide, with round ends and bends."""
    width = width_px * scale
    px = [world_px(x, y, zoom) for x, y in path]
    x0, y0, x1, y1 = _bbox(px, width / 2 + PAD)
    size = ((x1 - x0) * SUPERSAMPLE, (y1 - y0) * SUPERSAMPLE)
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    pts = [((x - x0) * SUPERSAMPLE, (y - y0) * SUPERSAMPLE) for x, y in px]
    r = width * SUPERSAMPLE / 2
    if len(pts) > 1:
        draw.line(pts, fill=255, width=round(2 * r), joint="curve")
    for x, y in pts:  # round ends (and a single point as a dot)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=255)
    return _ground(_tinted(mask.reduce(SUPERSAMPLE), color), float(x0), float(y0), zoom)


@lru_cache(maxsize=128)
def circle_sprite(radius: float, line: float, fill: RGBA, stroke: RGBA, scale: int = SCALE) -> Sprite:
    """A circle as deck.gl's ScatterplotLayer draws it: ``radius`` screen pixels to the middle of a
    ``line`` pixels wide stroke."""
    outer = (radius + line / 2) * scale
    side = math.ceil(2 * outer) + 2
    big = side * SUPERSAMPLE
    c = big / 2
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    o, i = outer * SUPERSAMPLE, (radius - line / 2) * scale * SUPERSAMPLE
    draw.ellipse([c - o, c - o, c + o, c + o], fill=stroke)
    draw.ellipse([c - i, c - i, c + i, c + i], fill=fill)
    return Sprite(image.reduce(SUPERSAMPLE), (side / 2, side / 2))


def cjk_face() -> Path | None:
    """The Noto CJK file the names are drawn with, if installed (components/render/fonts.py)."""
    return next((p for p in fonts.CJK_FILES if p.exists()), None)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Noto Sans CJK SC where installed (Latin, Cyrillic and Chinese in one face), else DejaVu Sans,
    else Pillow's own face."""
    face = cjk_face()
    if face is not None:
        return ImageFont.truetype(str(face), size, index=2)  # index 2: the simplified Chinese face
    try:
        return ImageFont.truetype(LATIN_FONT, size)
    except OSError:
        return ImageFont.load_default(size)


def can_draw(text: str) -> bool:
    """True when the server has a face for ``text``: Chinese needs Noto CJK; Latin and Cyrillic
    are in every face :func:`_font` may take."""
    return not any("\u2e80" <= ch <= "\u9fff" for ch in text) or cjk_face() is not None


@lru_cache(maxsize=256)
def label_sprite(text: str, size: int, color: RGBA, ground: RGBA, offset: Coord, anchor: str,
                 scale: int = SCALE) -> Sprite:
    """``text`` on a light ground (padding 2 by 1 px), as deck.gl's TextLayer drew the capitals'
    names: its anchor point ``offset`` screen pixels from the item's position, aligned ``anchor``
    (start, middle or end) horizontally and centred vertically."""
    font = _font(size * scale)
    left, top, right, bottom = font.getbbox(text)
    ascent, descent = font.getmetrics() if isinstance(font, ImageFont.FreeTypeFont) else (bottom, 0)
    px, py = 2 * scale, 1 * scale
    w, h = math.ceil(right - left + 2 * px), math.ceil(ascent + descent + 2 * py)
    image = Image.new("RGBA", (w, h), ground)
    ImageDraw.Draw(image).text((px - left, py), text, fill=color, font=font)
    dx, dy = offset
    ax = {"start": 0.0, "end": float(w)}.get(anchor, w / 2)
    return Sprite(image, (ax - dx * scale, h / 2 - dy * scale))


def atlas(sprites: Sequence[Sprite]) -> tuple[str, dict[str, dict[str, float]], list[str]]:
    """The sprites packed in rows into one PNG (a ``data:`` URL), deck.gl's icon mapping for it, and
    each sprite's key in that mapping (in the order given). Kept for the same sprites (many views
    differ in nothing the map draws)."""
    return _atlas(tuple(sprites))


@lru_cache(maxsize=64)
def _atlas(sprites: tuple[Sprite, ...]) -> tuple[str, dict[str, dict[str, float]], list[str]]:
    order = sorted(range(len(sprites)), key=lambda i: -sprites[i].image.size[1])
    width = max([ATLAS_WIDTH, *(s.image.size[0] + 2 * PAD for s in sprites)])
    places: dict[int, tuple[int, int]] = {}
    x = y = row = 0
    for i in order:
        w, h = sprites[i].image.size
        if x + w + 2 * PAD > width:
            x, y, row = 0, y + row, 0
        places[i] = (x + PAD, y + PAD)
        x, row = x + w + 2 * PAD, max(row, h + 2 * PAD)
    sheet = Image.new("RGBA", (width, max(1, y + row)), (0, 0, 0, 0))
    keys, mapping = [], {}
    for i, sprite in enumerate(sprites):
        px, py = places[i]
        sheet.paste(sprite.image, (px, py))
        key = f"s{i}"
        keys.append(key)
        w, h = sprite.image.size
        mapping[key] = {"x": px, "y": py, "width": w, "height": h, "anchorX": sprite.anchor[0],
                        "anchorY": sprite.anchor[1]}
    return png_url(sheet), mapping, keys


def png_url(image: Image.Image) -> str:
    """``image`` as a PNG ``data:`` URL, in 256 colours with their alpha: a map's few flat colours
    and their smoothed edges need no more, and the picture is a third the size, encoded twice as fast."""
    buf = io.BytesIO()
    paletted = image.quantize(256, method=Image.Quantize.FASTOCTREE)
    rgba = paletted.getpalette(rawmode="RGBA") or []
    # the quantiser rounds alpha: a solid fill would come out at 254, a clear edge at 3
    rgba[3::4] = [0 if a < 8 else 255 if a > 247 else a for a in rgba[3::4]]
    paletted.putpalette(rgba, rawmode="RGBA")
    paletted.save(buf, "PNG", compress_level=3)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
