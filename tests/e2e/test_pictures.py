"""What a reader sees in the pictures and the briefing, measured in Chromium: no axis label of a
server-drawn chart is cut off at the picture's edge (each label's box inside the figure's), in
every language."""

from __future__ import annotations

from collections.abc import Iterator

import plotly.io as pio
import pytest

from components import views
from components.data import i18n
from components.data.dataset import Dataset, load_dataset, source_lookup
from components.data.datatext import localized
from components.data.filters import Filters
from components.data.labels import dates_line
from components.data.sourcing import short_sources
from components.render import images

W, H = 1600, 900
needs_kaleido = pytest.mark.skipif(images.browser_path() is None, reason="no Chromium for kaleido")

# every text plotly draws outside the plot area: tick labels, axis titles, legend, title, footer
LABEL_BOXES_JS = """() => {
  const svg = document.querySelector('svg');
  const frame = svg.getBoundingClientRect();
  const sel = '.xtick text, .ytick text, .g-xtitle text, .g-ytitle text, .legendtext, .gtitle, .annotation-text';
  return Array.from(document.querySelectorAll(sel)).filter(t => t.textContent.trim()).map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left - frame.left, right: r.right - frame.left,
            top: r.top - frame.top, bottom: r.bottom - frame.top, width: frame.width, height: frame.height};
  });
}"""


def _charts(ds: Dataset) -> dict[str, views.Chart]:
    """Each chart page's picture, made as the server makes it (views called directly: nothing memoised)."""
    f = Filters(("KAZ", "KGZ", "TJK", "TKM", "UZB"), (2020, 2026))
    return {
        "timeline": views.timeline_view(ds, f).chart,
        "mechanisms": views.mechanisms_view(ds, f).chart,
        "countries": views.country_view(ds, f, "KAZ").chart,
        "compare": views.compare_view(ds, f, ("KAZ", "UZB")).chart,
        "map": views.map_view(ds, f, "hosted").chart,
    }


@pytest.fixture
def streamlit_template() -> Iterator[None]:
    """The server's conditions: importing Streamlit makes its own plotly template the default."""
    import streamlit  # noqa: F401 - registers the "streamlit" template

    before = pio.templates.default
    pio.templates.default = "streamlit"
    yield
    pio.templates.default = before


@needs_kaleido
@pytest.mark.parametrize("lang", ["en", "zh", "ru"])
def test_no_axis_label_of_a_picture_is_cut_off(lang, streamlit_template, page):
    ds = load_dataset()
    clipped: list[str] = []
    with i18n.using(lang):
        lds = localized(ds, lang)
        src = source_lookup(lds)
        for name, chart in _charts(lds).items():
            assert chart is not None, name
            framed = images.framed_figure(
                chart.picture(), title=chart.title, filters="all six countries; 2020–2026",
                source_line=short_sources(chart.source_ids, src, limit=images.source_limit(W)),
                dates=dates_line(lds), width=W, height=H,
            )
            svg = images.render_svg(framed, W, H)
            page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
            boxes = page.evaluate(LABEL_BOXES_JS)
            kinds = {b["text"] for b in boxes}
            assert kinds, f"{name}: no labels found in the SVG"
            for b in boxes:
                inside = b["left"] >= -0.5 and b["right"] <= b["width"] + 0.5
                if not inside or b["top"] < -0.5 or b["bottom"] > b["height"] + 0.5:
                    clipped.append(f"{lang}/{name}: {b['text'][:40]!r} at x {b['left']:.0f}..{b['right']:.0f}, "
                                   f"y {b['top']:.0f}..{b['bottom']:.0f} of {b['width']:.0f}×{b['height']:.0f}")
    assert not clipped, "labels cut off at the picture's edge:\n" + "\n".join(clipped[:20])


@pytest.mark.parametrize("lang", ["en", "zh", "ru"])
def test_html_briefing_never_scrolls_sideways(lang, browser, tmp_path):
    """At a laptop's width and a phone's, the briefing is no wider than the window: long links
    wrap, and on a phone each table row is a card."""
    from datetime import date

    from components.exports.htmlbrief import build_html

    ds = load_dataset()
    f = Filters(("KAZ", "KGZ", "TJK", "TKM", "UZB"), (2020, 2026), lang=lang)
    path = tmp_path / f"briefing_{lang}.html"
    path.write_text(build_html(localized(ds, lang), f, base_url="http://127.0.0.1:8501", today=date(2026, 11, 25)),
                    encoding="utf-8")
    for width in (1400, 390):
        ctx = browser.new_context(viewport={"width": width, "height": 900}, offline=True)
        pg = ctx.new_page()
        pg.goto(path.as_uri())
        pg.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=30_000)
        wide = pg.evaluate("""() => ({doc: document.documentElement.scrollWidth,
            widest: Math.max(...[...document.querySelectorAll('body *')]
                                 .map(e => e.getBoundingClientRect().right))})""")
        ctx.close()
        assert wide["doc"] <= width and wide["widest"] <= width + 0.5, f"{lang} at {width} px: {wide}"


SLIDE_FITS_JS = """() => {
  const h = window.innerHeight;
  const next = [...document.querySelectorAll('[data-testid="stPageLink"]')].pop();
  const exit = [...document.querySelectorAll('[data-testid="stButton"]')].pop();
  const hint = [...document.querySelectorAll('[data-testid="stCaptionContainer"]')].pop();
  const bottom = el => el ? el.getBoundingClientRect().bottom : null;
  return {h, next: bottom(next), exit: bottom(exit), hint: bottom(hint)};
}"""


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_each_presentation_slide_fits_one_screen(lang, server, browser, artifacts):
    """At 1400×900, every slide (the map and the timeline included) shows its controls and their
    hint without scrolling: Next is on the screen. The slides are stepped through as a presenter
    does, with Next, from the first one opened by its link."""
    from components.data import registry
    from tests.e2e.conftest import wait_for_app

    over: list[str] = []
    total = len(registry.SLIDES)
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = ctx.new_page()
    pg.goto(f"{server.url}/{registry.SLIDES[0].url_path}?present=true&lang={lang}")
    for n, spec in enumerate(registry.SLIDES, start=1):
        # this slide's own caption ("n / total · …"): the previous slide is gone
        pg.wait_for_function(
            """([n, total]) => [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
                 .some(c => c.textContent.trim().startsWith(`${n} / ${total}`))""",
            arg=[n, total], timeout=30_000,
        )
        wait_for_app(pg)
        pg.wait_for_selector('[data-testid="stButton"]', timeout=30_000)  # Exit presentation: the controls are drawn
        if spec.key in ("timeline", "mechanisms"):
            pg.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=30_000)
        if spec.key == "map":
            pg.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=30_000)
        got = pg.evaluate(SLIDE_FITS_JS)
        pg.screenshot(path=str(artifacts / f"present-{spec.key}-{lang}-1400x900.png"))
        if any(v is None or v > got["h"] for k, v in got.items() if k != "h"):
            over.append(f"{spec.key}: {got}")
        if n < total:
            pg.locator('[data-testid="stPageLink"] a').last.click()  # Next
    ctx.close()
    assert not over, f"slides taller than the screen in {lang}:\n" + "\n".join(over)


PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0 Mobile Safari/537.36")
# the chart's texts and the milestones' stems as boxes: overlaps between texts, texts across stems
PHONE_CHART_JS = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  const box = e => { const r = e.getBoundingClientRect(); return {l: r.left, r: r.right, t: r.top, b: r.bottom,
                     text: e.textContent}; };
  const texts = [...plot.querySelectorAll('.annotation-text, .textpoint text')].filter(e => e.textContent.trim())
                 .map(box);
  const stems = [...plot.querySelectorAll('.annotation-arrow-g path')].map(box);
  const drag = plot.querySelector('.nsewdrag').getBoundingClientRect();
  const chart = plot.getBoundingClientRect();
  return {texts, stems, plotWidth: drag.width, chartWidth: chart.width, chartLeft: chart.left,
          modebar: !!plot.querySelector('.modebar')};
}"""


def _cross(a, b, slack=1.0):
    return a["l"] + slack < b["r"] and b["l"] + slack < a["r"] and a["t"] + slack < b["b"] and b["t"] + slack < a["b"]


def _hover_labels_off_screen(pg) -> list[str]:
    """Move over points spread along the timeline (the first, the last, the middle): each hover
    label plotly draws must lie inside the screen (a 70-column label spilt past both sides)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    points = pg.locator(".js-plotly-plot .scatterlayer .point")
    n, seen, out = points.count(), 0, []
    for i in sorted({0, n // 4, n // 2, 3 * n // 4, n - 1}):
        box = points.nth(i).bounding_box()
        if not box:
            continue
        pg.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        label = pg.locator(".js-plotly-plot .hoverlayer .hovertext").first
        try:
            label.wait_for(state="attached", timeout=3_000)
        except PlaywrightTimeout:
            continue
        seen += 1
        r = label.bounding_box()
        if r and (r["x"] < -0.5 or r["x"] + r["width"] > 390.5):
            out.append(f"timeline: hover label at {r['x']:.0f}..{r['x'] + r['width']:.0f} px of 390")
    return out if seen else ["timeline: no hover label was drawn"]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_phone_reads_every_label_of_the_timeline_and_mechanisms(lang, server, browser, artifacts):
    """At 390 px on a phone: the plot has the width (lane names above the lanes, not beside them),
    no two labels overlap, no label lies across a milestone's stem, and no toolbar covers them."""
    from tests.e2e.conftest import wait_for_app

    ctx = browser.new_context(viewport={"width": 390, "height": 844}, user_agent=PHONE_UA, is_mobile=True,
                              has_touch=True)
    problems: list[str] = []
    for path in ("timeline", "mechanisms"):
        pg = ctx.new_page()
        pg.goto(f"{server.url}/{path}?lang={lang}")
        wait_for_app(pg)
        pg.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=30_000)
        got = pg.evaluate(PHONE_CHART_JS)
        pg.locator(".js-plotly-plot").first.screenshot(path=str(artifacts / f"phone-{path}-{lang}.png"))
        if path == "timeline":
            problems += _hover_labels_off_screen(pg)
        pg.close()
        if got["modebar"]:
            problems.append(f"{path}: plotly's toolbar is drawn")
        if got["plotWidth"] < 0.85 * got["chartWidth"]:
            problems.append(f"{path}: the plot is {got['plotWidth']:.0f} of {got['chartWidth']:.0f} px")
        texts = got["texts"]
        problems += [f"{path}: {a['text']!r} cut at the edge" for a in texts
                     if a["l"] < got["chartLeft"] - 0.5 or a["r"] > got["chartWidth"] + got["chartLeft"] + 0.5]
        for i, a in enumerate(texts):
            problems += [f"{path}: {a['text']!r} over {b['text']!r}" for b in texts[i + 1:] if _cross(a, b)]
        for a in texts:  # a stem may touch its own label's edge, never pass through another label
            problems += [f"{path}: a stem through {a['text']!r}" for s in got["stems"]
                         if a["l"] + 2 < s["l"] < a["r"] - 2 and a["t"] + 1 < s["b"] and s["t"] < a["b"] - 1]
    ctx.close()
    assert not problems, "\n".join(problems[:15])



# the box of a city's tooltip once shown (its events, counted, and its sources), else null
CITY_TIP_JS = """() => {
  const t = document.querySelector('.deck-tooltip');
  if (!t || getComputedStyle(t).display === 'none') return null;
  const text = t.innerText;
  if (!/(Source|来源|Источник)/.test(text) || !/\\d+ events?/.test(text)) return null;
  const r = t.getBoundingClientRect();
  const clipped = [];  // an ancestor that cuts it off (overflow other than visible), or what covers it
  for (let e = t.parentElement; e && e !== document.body; e = e.parentElement) {
    if (getComputedStyle(e).overflow === 'visible') continue;
    const q = e.getBoundingClientRect();
    if (r.left < q.left - 1 || r.right > q.right + 1 || r.top < q.top - 1 || r.bottom > q.bottom + 1)
      clipped.push(e.getAttribute('data-testid') || e.className.toString().slice(0, 40));
  }
  t.style.pointerEvents = 'auto';
  for (const [fx, fy] of [[0.1, 0.1], [0.5, 0.5], [0.9, 0.9]]) {
    const hit = document.elementFromPoint(r.left + r.width * fx, r.top + r.height * fy);
    if (!t.contains(hit)) clipped.push('covered by ' + (hit ? hit.tagName + '.' + hit.className : 'nothing'));
  }
  t.style.pointerEvents = 'none';
  return {l: r.left, r: r.right, t: r.top, b: r.bottom, w: innerWidth, h: innerHeight, text, clipped};
}"""


def _city_tooltip(pg) -> dict | None:
    """Move over the map, from its right edge, until a city's tooltip shows; its box."""
    import time

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    canvas = pg.locator('[data-testid="stDeckGlJsonChart"]').first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:
        for fx in [i / 20 for i in range(19, 1, -1)]:  # the right first: where a tip used to be cut
            for fy in [i / 20 for i in range(3, 18)]:
                pg.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
                try:
                    pg.wait_for_function(CITY_TIP_JS, timeout=300)
                except PlaywrightTimeout:
                    continue
                return pg.evaluate(CITY_TIP_JS)
    return None


@pytest.mark.parametrize("phone", [False, True], ids=["desk", "phone"])
def test_a_citys_map_tooltip_is_read_whole(phone, server, browser, artifacts):
    """A city's tooltip lists its events and cites its sources: on a desk, wrapped (at most 420 px
    wide) and inside the window, not cut at the map's edge; on a phone, a card across the foot of
    the screen."""
    from tests.e2e.conftest import wait_for_app

    size = {"width": 390, "height": 844} if phone else {"width": 1400, "height": 1000}
    extra = {"user_agent": PHONE_UA, "is_mobile": True, "has_touch": True} if phone else {}
    ctx = browser.new_context(viewport=size, **extra)
    pg = ctx.new_page()
    pg.goto(f"{server.url}/map")
    wait_for_app(pg)
    pg.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=30_000)
    got = _city_tooltip(pg)
    pg.screenshot(path=str(artifacts / f"map-tooltip-{'phone' if phone else 'desk'}.png"))
    ctx.close()
    assert got, "no city's tooltip was shown"
    assert 0 <= got["l"] and got["r"] <= got["w"] and 0 <= got["t"] and got["b"] <= got["h"], got
    assert not got["clipped"], got  # not cut by the map's frame, not under the legend that follows
    if phone:
        assert got["l"] <= 10 and got["r"] >= got["w"] - 10 and got["b"] >= got["h"] - 10, got
    else:
        assert got["r"] - got["l"] <= 422, got
