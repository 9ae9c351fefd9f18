"""Browser timings with Playwright and the system's Chromium: navigation to a page until its
charts are drawn, and a filter change until the chart shows the new selection. Chromium is
launched as the browser tests launch it (tests/e2e/conftest.py imports CHROMIUM and
CHROMIUM_ARGS from here).

"Drawn" means: Streamlit is idle (no running indicator), the page has its title, every plotly
chart on it has its markers (``.point``) in the SVG, every deck.gl chart has its canvas and every
table its canvas; and the kinds of element the page must show (``plotly``, ``deck``,
``dataframe``) are present.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from components.data import registry

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}

# page name -> (path, what must be drawn), from the page registry
PAGES: dict[str, tuple[str, tuple[str, ...]]] = {p.key: (p.sample_path, p.draws) for p in registry.PAGES}
BASELINE = ("/", ("plotly", "deck"))

DRAWN_JS = """
(req) => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main || document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (!main.querySelector('h1')) return false;
  const plots = [...main.querySelectorAll('.js-plotly-plot')];
  const decks = [...main.querySelectorAll('[data-testid="stDeckGlJsonChart"]')];
  const frames = [...main.querySelectorAll('[data-testid="stDataFrame"]')];
  if (req.includes('plotly') && plots.length === 0) return false;
  if (req.includes('deck') && decks.length === 0) return false;
  if (req.includes('dataframe') && frames.length === 0) return false;
  if (plots.some(p => !p.querySelector('.point'))) return false;
  if (decks.some(d => !d.querySelector('canvas'))) return false;
  if (frames.some(f => !f.querySelector('canvas'))) return false;
  return true;
}
"""

TIMELINE_JS = """
(want) => {
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  const cap = document.querySelector('[data-testid="stMain"] [data-testid="stCaptionContainer"]');
  if (!cap || !cap.innerText.includes(want.caption)) return false;
  return document.querySelectorAll('.js-plotly-plot .scatterlayer .point').length === want.points;
}
"""


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def available() -> bool:
    return os.path.exists(CHROMIUM)


def navigate(browser: Any, url: str, required: Sequence[str], timeout_s: float = 240) -> float:
    """A fresh browser context (a new reader) opens ``url``; seconds until the page is drawn."""
    ctx = browser.new_context(viewport=VIEWPORT)
    try:
        page = ctx.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_function(DRAWN_JS, arg=list(required), timeout=timeout_s * 1000, polling=50)
        return time.perf_counter() - start
    finally:
        ctx.close()


def timeline_filter_changes(
    browser: Any, base_url: str, after_year: tuple[str, int], after_country: tuple[str, int], timeout_s: float = 240
) -> dict[str, float]:
    """On the timeline: move the start of the year slider one year on (keyboard), then remove China
    from the countries; seconds from the input to the chart showing the expected markers.

    ``after_year`` / ``after_country``: (text the caption then contains, markers then plotted).
    """
    ctx = browser.new_context(viewport=VIEWPORT)
    out: dict[str, float] = {}
    try:
        page = ctx.new_page()
        page.goto(base_url + "/timeline", timeout=timeout_s * 1000)
        page.wait_for_function(DRAWN_JS, arg=["plotly"], timeout=timeout_s * 1000, polling=50)
        page.wait_for_timeout(500)
        thumb = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"] input').first
        thumb.focus()
        start = time.perf_counter()
        thumb.press("ArrowRight")
        page.wait_for_function(
            TIMELINE_JS, arg={"caption": after_year[0], "points": after_year[1]}, timeout=timeout_s * 1000, polling=20
        )
        out["year_slider_s"] = time.perf_counter() - start
        page.wait_for_timeout(500)
        chip = page.locator(
            '[data-testid="stSidebar"] [data-testid="stMultiSelect"] button[aria-label="Remove China"]'
        ).first
        start = time.perf_counter()
        chip.click()
        page.wait_for_function(
            TIMELINE_JS,
            arg={"caption": after_country[0], "points": after_country[1]},
            timeout=timeout_s * 1000,
            polling=20,
        )
        out["remove_country_s"] = time.perf_counter() - start
    finally:
        ctx.close()
    return out
