"""The language switch in real Chromium: the page, the link, the timeline's hover text and the map's
tooltips change language; the filters stay; the browser's own language picks the default."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from components.data import i18n
from tests.e2e.conftest import wait_for_app

HAN = re.compile(r"[\u4e00-\u9fff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _tr(lang: str, text: str) -> str:
    with i18n.using(lang):
        return i18n._(text)


def _query(pg) -> dict[str, list[str]]:
    return parse_qs(urlparse(pg.evaluate("location.href")).query)


def _caption_el(pg):
    return pg.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first


def _hover_text(pg) -> str:
    """Move over the timeline's points until plotly draws a hover label; its text (SVG text)."""
    points = pg.locator(".js-plotly-plot .scatterlayer .point")
    for i in range(min(points.count(), 8)):
        point = points.nth(i)
        point.scroll_into_view_if_needed()
        box = point.bounding_box()
        if not box:
            continue
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        pg.mouse.move(x, y)
        pg.mouse.move(x + 1, y)
        label = pg.locator(".js-plotly-plot .hoverlayer .hovertext")
        try:  # the label plotly draws for this point, if it draws one
            label.first.wait_for(state="attached", timeout=2_000)
        except PlaywrightTimeout:
            continue
        return label.first.text_content() or ""
    return ""


def _map_tooltip(pg) -> str:
    """Move over the map until deck.gl shows a tooltip (a country, a city or a route); its text.
    Rounds over the map until one shows or 30 s pass (the map may still be drawing)."""
    canvas = pg.locator('[data-testid="stDeckGlJsonChart"]').first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box
    tip = pg.locator(".deck-tooltip")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for fy in (0.3, 0.45, 0.6):
            for fx in (0.2, 0.35, 0.5, 0.65, 0.8):
                pg.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
                try:  # deck.gl shows its tooltip on the next frame after a pick
                    pg.wait_for_function(
                        "() => [...document.querySelectorAll('.deck-tooltip')]"
                        ".some(t => t.offsetParent !== null && t.innerText.trim())", timeout=500)
                except PlaywrightTimeout:
                    continue
                return tip.first.inner_text()
    return ""


def test_switching_language_keeps_the_view_and_translates_hover_and_tooltips(server, page):
    from playwright.sync_api import expect

    page.goto(server.url + "/timeline?country=Kazakhstan&country=Uzbekistan&years=2023&years=2025")
    wait_for_app(page)
    english_hover = _hover_text(page)
    assert english_hover and not HAN.search(english_hover)

    page.locator('[data-testid="stSidebar"]').get_by_text("中文", exact=True).click()
    expect(page.locator("h1").first).to_have_text(_tr("zh", "Timeline"), timeout=30_000)
    page.wait_for_function("() => location.search.includes('lang=zh')", timeout=15_000)
    page.wait_for_function("() => decodeURIComponent(location.search).includes('哈萨克斯坦')", timeout=15_000)
    q = _query(page)
    assert q["lang"] == ["zh"] and q["country"] == ["哈萨克斯坦", "乌兹别克斯坦"] and q["years"] == ["2023", "2025"]
    expect(_caption_el(page)).to_contain_text("哈萨克斯坦、乌兹别克斯坦；2023—2025年", timeout=30_000)
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point")
    hover = _hover_text(page)
    assert HAN.search(hover), hover

    # another page keeps the language and the filters; the map's tooltips are in Chinese
    page.locator('[data-testid="stSidebarNav"] a', has_text=_tr("zh", "Map")).click()
    expect(page.locator("h1").first).to_have_text(_tr("zh", "Map"), timeout=30_000)
    page.wait_for_function("() => location.search.includes('lang=zh')", timeout=15_000)
    expect(_caption_el(page)).to_contain_text("哈萨克斯坦、乌兹别克斯坦；2023—2025年", timeout=30_000)
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=30_000)
    tip = _map_tooltip(page)
    assert HAN.search(tip), tip

    # and on to Russian
    page.locator('[data-testid="stSidebar"]').get_by_text("Русский", exact=True).click()
    expect(page.locator("h1").first).to_have_text(_tr("ru", "Map"), timeout=30_000)
    page.wait_for_function("() => location.search.includes('lang=ru')", timeout=15_000)
    expect(_caption_el(page)).to_contain_text("Казахстан, Узбекистан; 2023–2025", timeout=30_000)


def test_the_browsers_language_picks_the_default_and_is_written_into_the_link(server, browser):
    ctx = browser.new_context(locale="ru-RU")
    pg = ctx.new_page()
    pg.goto(server.url + "/sources")
    wait_for_app(pg)
    assert pg.locator("h1").first.inner_text() == _tr("ru", "Sources")
    pg.wait_for_function("() => location.search.includes('lang=ru')", timeout=15_000)
    ctx.close()
    ctx = browser.new_context(locale="ru-RU")
    pg = ctx.new_page()
    pg.goto(server.url + "/sources?lang=en")  # the link wins over the browser
    wait_for_app(pg)
    assert pg.locator("h1").first.inner_text() == "Sources"
    ctx.close()
