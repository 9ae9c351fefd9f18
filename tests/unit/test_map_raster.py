"""The map drawn as pictures placed by one shader program (components/render/mapraster.py, issue 25):
each picture lies where its shape is, the pointer finds each country, names sit where TextLayer
put them, and the atlas holds every picture unchanged."""

from __future__ import annotations

import base64
import io
import json
import math
from functools import lru_cache

import pytest
from PIL import Image

from components import views
from components.data import i18n
from components.data.dataset import load_dataset
from components.data.datatext import localized
from components.data.filters import Filters
from components.render import mapraster, maps
from components.render.mapmodel import GEO_FILE

DS = load_dataset()
CUTOFF = 0.05 * 255  # deck.gl IconLayer's alphaCutoff: a pixel below it is neither drawn nor picked


def _spec(lang: str = "en", f: Filters | None = None, phone: bool = False) -> dict:
    with i18n.using(lang):
        view = views.map_view(localized(DS, lang), f or Filters(), "hosted")
        return json.loads((view.phone_deck if phone else view.deck).to_json())


def _sheet(layer: dict) -> Image.Image:
    return _decoded(layer["iconAtlas"])


@lru_cache(maxsize=8)
def _decoded(url: str) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGBA")


def _placed(layer: dict, item: dict, zoom: float) -> tuple[Image.Image, float, float, float]:
    """An item's picture and where deck.gl puts it, computed as deck.gl's shaders do (not with
    mapraster's own helpers): its top left in world pixels at ``zoom`` and world pixels per picture pixel."""
    frame = layer["iconMapping"][item["icon"]]
    picture = _crop(layer["iconAtlas"], frame["x"], frame["y"], frame["width"], frame["height"])
    lon, lat = item["position"]
    # sizeUnits metres: size × 512 / 40.03e6 common units per metre, × 1/cos(latitude of the anchor)
    height = item["size"] * 512 / 40.03e6 / math.cos(math.radians(lat)) * 2**zoom
    k = height / frame["height"]
    size = 512 * 2**zoom
    ax = (lon + 180) / 360 * size
    ay = (math.pi - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))) / (2 * math.pi) * size
    return picture, ax - frame["anchorX"] * k, ay - frame["anchorY"] * k, k


@lru_cache(maxsize=64)
def _crop(url: str, x: int, y: int, w: int, h: int) -> Image.Image:
    return _decoded(url).crop((x, y, x + w, y + h))


def _alpha_at(layer: dict, item: dict, zoom: float, lon: float, lat: float) -> int:
    picture, x0, y0, k = _placed(layer, item, zoom)
    x, y = mapraster.world_px(lon, lat, zoom)
    px, py = int((x - x0) / k), int((y - y0) / k)
    if not (0 <= px < picture.width and 0 <= py < picture.height):
        return 0
    return int(picture.getpixel((px, py))[3])


def test_world_pixels_and_lonlat_are_inverse():
    for lon, lat in ((46.6, 18.2), (90.5, 38.5), (134.8, 55.4)):
        back = mapraster.lonlat(*mapraster.world_px(lon, lat, 3.3), 3.3)
        assert back == pytest.approx((lon, lat), abs=1e-9)


@pytest.mark.parametrize("phone", [False, True])
def test_every_layer_of_the_map_is_one_shader_program(phone):
    for lang in i18n.LANGS:
        spec = _spec(lang, phone=phone)
        assert [(lay["id"], lay["@@type"]) for lay in spec["layers"]] == [("ground", "IconLayer"),
                                                                           ("markers", "IconLayer")]
        assert spec["layers"][0]["sizeUnits"] == "meters" and spec["layers"][1]["sizeUnits"] == "pixels"
        assert spec["layers"][0]["billboard"] is False


@pytest.mark.parametrize("phone", [False, True])
def test_each_countrys_picture_lies_on_its_boundary_and_the_pointer_finds_it_at_its_capital(phone):
    spec = _spec(phone=phone)
    view = maps.PHONE_VIEW if phone else maps.DESK_VIEW
    zoom = view.zoom + math.log2(maps.PHONE_SCALE if phone else mapraster.SCALE)
    ground = spec["layers"][0]
    geo = json.loads(GEO_FILE.read_text(encoding="utf-8"))
    capitals = {row["iso3"]: (row["capital_lon"], row["capital_lat"]) for row in DS["countries"].to_dict("records")}
    countries = {it["iso3"]: it for it in ground["data"] if it["kind"] == "country"}
    assert set(countries) == {"CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB"}
    for feat in geo["features"]:
        item = countries[feat["properties"]["iso3"]]
        rings = [ring for poly in mapraster._rings(feat["geometry"]) for ring in poly]
        vertices = [pt for ring in rings for pt in ring]
        on_line = [_alpha_at(ground, item, zoom, *pt) for pt in vertices[::7]]
        assert min(on_line) > 0, f"{item['iso3']}: a boundary vertex falls off its picture"
        assert _alpha_at(ground, item, zoom, *capitals[item["iso3"]]) > CUTOFF  # hover there finds the country
        assert _alpha_at(ground, item, zoom, 150.0, 10.0) == 0


def test_a_selected_country_is_filled_stronger_and_outlined_darker():
    spec = _spec(f=Filters(("KAZ",)))
    ground = spec["layers"][0]
    sheet = _sheet(ground)

    def picture(iso: str) -> Image.Image:
        item = next(it for it in ground["data"] if it.get("iso3") == iso)
        fr = ground["iconMapping"][item["icon"]]
        return sheet.crop((fr["x"], fr["y"], fr["x"] + fr["width"], fr["y"] + fr["height"]))

    kaz, uzb = picture("KAZ"), picture("UZB")
    opaque = lambda im: max(px[3] for px in im.get_flattened_data())  # noqa: E731
    assert opaque(kaz) >= 250 > 235 >= opaque(uzb)  # fill 235 under a solid outline; fill 140 under a 200 one
    darkest = lambda im: min(sum(px[:3]) for px in im.get_flattened_data() if px[3] > 128)  # noqa: E731
    assert darkest(kaz) < darkest(uzb)


def test_names_sit_where_deck_gl_put_them():
    """Anchor point ``offset`` screen pixels from the capital: centred, or the picture's start or end there."""
    mid = mapraster.label_sprite("Astana", 13, (40, 40, 40, 255), (255, 255, 255, 200), (0, -15), "middle", 2)
    w, h = mid.image.size
    assert mid.anchor == (w / 2, h / 2 + 30)
    start = mapraster.label_sprite("Bishkek", 11, (40, 40, 40, 255), (255, 255, 255, 215), (8, -3), "start", 3)
    assert start.anchor == (-24, start.image.size[1] / 2 + 9)
    end = mapraster.label_sprite("Tashkent", 11, (40, 40, 40, 255), (255, 255, 255, 215), (-7, -7), "end", 3)
    assert end.anchor == (end.image.size[0] + 21, end.image.size[1] / 2 + 21)
    assert 13 * 2 <= h <= 13 * 2 * 1.8  # the type's size at two atlas pixels per screen pixel, and its padding


def test_the_atlas_holds_every_picture_unchanged_and_apart():
    sprites = [mapraster.circle_sprite(r, 2, (0, 158, 115, 255), (255, 255, 255, 255)) for r in range(3, 30)]
    url, mapping, keys = mapraster.atlas(sprites)
    sheet = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGBA")
    boxes = []
    for sprite, key in zip(sprites, keys, strict=True):
        fr = mapping[key]
        box = (fr["x"], fr["y"], fr["x"] + fr["width"], fr["y"] + fr["height"])
        assert box[2] <= sheet.width and box[3] <= sheet.height
        got, want = sheet.crop(box).get_flattened_data(), sprite.image.get_flattened_data()
        # in 256 colours (mapraster.png_url): a smoothed edge's channels within 16 levels (a sixteenth
        # of the range), the fill's own colour exact, the clear stays clear
        assert max(abs(g - w) for a, b in zip(got, want, strict=True) for g, w in zip(a, b, strict=True)) <= 16
        centre = (int(sprite.anchor[0]), int(sprite.anchor[1]))
        assert sheet.getpixel((box[0] + centre[0], box[1] + centre[1])) == sprite.image.getpixel(centre)
        assert [px[3] == 0 for px in got] == [px[3] == 0 for px in want]
        boxes.append(box)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] + mapraster.PAD <= b[0] or b[2] + mapraster.PAD <= a[0] or a[3] + mapraster.PAD <= b[1] \
                or b[3] + mapraster.PAD <= a[1], (a, b)


def test_a_circle_is_drawn_as_deck_gls_scatterplot_drew_it():
    """Radius to the middle of the stroke: fill inside radius - line/2, stroke out to radius + line/2."""
    s = mapraster.circle_sprite(7, 2, (0, 158, 115, 255), (255, 255, 255, 255), 2)
    cx, cy = s.anchor
    assert s.image.getpixel((int(cx), int(cy))) == (0, 158, 115, 255)
    assert s.image.getpixel((int(cx + 7 * 2), int(cy)))[:3] == (255, 255, 255)  # on the stroke
    assert s.image.getpixel((int(cx + 8 * 2), int(cy)))[3] < 128  # beyond its edge, 8 px out (at most a smoothed rim)


def test_chinese_names_without_a_cjk_face_are_left_to_the_browser(monkeypatch):
    monkeypatch.setattr(mapraster, "cjk_face", lambda: None)
    with i18n.using("zh"):
        view = views.map_view(localized(DS, "zh"), Filters(), "hosted")
        deck = maps.draw_deck(view.model)
    assert [layer.id for layer in deck.layers] == ["ground", "markers", "capital-labels"]
    assert all("sprite" not in item for layer in deck.layers for item in layer.data)
    assert not any(item.get("kind") == "name" for item in deck.layers[1].data)
    assert mapraster.can_draw("Astana") and not mapraster.can_draw("北京")


@pytest.mark.parametrize("phone", [False, True])
@pytest.mark.parametrize("lang", ["en", "zh", "ru"])
def test_capitals_names_cover_no_other_name_and_no_capitals_dot(lang, phone):
    """At the first view, on a desk and on a phone, in each language: the capitals' names (pictures
    sized in screen pixels) do not overlap one another, and none covers a capital's dot (Tashkent's
    name covered Bishkek's dot on a desk, and Dushanbe's Tashkent's)."""
    spec = _spec(lang, phone=phone)
    zoom = spec["initialViewState"]["zoom"]
    layer = next(lay for lay in spec["layers"] if lay["id"] == "markers")
    if "iconAtlas" not in layer:
        pytest.skip("names left to the browser's fonts on this server")

    def box(item: dict) -> tuple[float, float, float, float]:
        frame = layer["iconMapping"][item["icon"]]
        k = item["size"] / frame["height"]  # screen px per picture px
        x, y = mapraster.world_px(*item["position"], zoom)
        x0, y0 = x - frame["anchorX"] * k, y - frame["anchorY"] * k
        return x0, y0, x0 + frame["width"] * k, y0 + frame["height"] * k

    names = [(i["name"], box(i)) for i in layer["data"] if i["kind"] == "name"]
    dots = [mapraster.world_px(*i["position"], zoom) for i in layer["data"] if i["kind"] == "capital"]
    assert len(names) == len(dots) == 6
    for n, (a, (ax0, ay0, ax1, ay1)) in enumerate(names):
        for b, (bx0, by0, bx1, by1) in names[n + 1:]:
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, (a, b)
        assert not any(ax0 < x < ax1 and ay0 < y < ay1 for x, y in dots), a
