"""The curator's workspace in Chromium: add an event through the page, see the draft preview,
save, and find the event on the timeline. One server, started with CC5_CURATE=1 on a copy of
data/ (never the real folder)."""

from __future__ import annotations

import re
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import Server, wait_for_app

ROOT = Path(__file__).resolve().parents[2]
EVENT_ID = "test-browser-forum-2026-03-04"
TITLE = "Browser test China-Central Asia forum"


@pytest.fixture(scope="module")
def curate_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("curate") / "data"
    shutil.copytree(ROOT / "data", dest)
    return dest


@pytest.fixture(scope="module")
def curate_server(artifacts: Path, curate_data: Path) -> Iterator[object]:
    srv = Server(env={"CC5_CURATE": "1", "CC5_DATA_DIR": str(curate_data)})
    yield srv
    srv.stop()


def _box(pg, testid: str, label: str):
    exact = re.compile(rf"^{re.escape(label)}( \*)?$")
    return pg.locator(f'[data-testid="stMain"] [data-testid="{testid}"]').filter(
        has=pg.locator('[data-testid="stWidgetLabel"]', has_text=exact))


def _text(pg, label: str, value: str, area: bool = False) -> None:
    field = _box(pg, "stTextArea" if area else "stTextInput", label).locator("textarea" if area else "input")
    field.fill(value)
    field.press("Tab" if area else "Enter")
    wait_for_app(pg)


def _choose(pg, testid: str, label: str, *values: str) -> None:
    box = _box(pg, testid, label)
    for v in values:
        box.locator("input").first.click()
        pg.keyboard.type(v)
        pg.get_by_role("option", name=v, exact=True).click()
        wait_for_app(pg)
    pg.keyboard.press("Escape")


def _date(pg, label: str, value: str) -> None:
    """Streamlit's date field: one spin button per part (year, month, day); typing moves along."""
    _box(pg, "stDateInput", label).locator('[role="spinbutton"]').first.click()
    pg.keyboard.type(value.replace("-", ""))
    pg.keyboard.press("Tab")
    wait_for_app(pg)


def _number(pg, label: str, value: str) -> None:
    field = _box(pg, "stNumberInput", label).locator("input")
    field.fill(value)
    field.press("Enter")
    wait_for_app(pg)


def _shot(pg, artifacts: Path, name: str, at: str) -> None:
    """A screenshot with ``at`` at the top of the window (Streamlit scrolls inside its main block)."""
    pg.locator(at).first.evaluate("e => e.scrollIntoView({block: 'start'})")
    pg.wait_for_timeout(300)
    pg.screenshot(path=str(artifacts / name))


def _heading_count(pg) -> int:
    return int(pg.get_by_role("heading", name=re.compile(r"^\d+ events?$")).first.inner_text().split()[0])


def test_add_an_event_in_the_browser_and_find_it_on_the_timeline(curate_server, page, artifacts, curate_data):
    from playwright.sync_api import expect

    page.goto(curate_server.url + "/timeline")
    wait_for_app(page)
    before = _heading_count(page)
    page.goto(curate_server.url + "/curate")
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("Curator's workspace")
    _text(page, "id", EVENT_ID)
    _date(page, "date", "2026-03-04")
    _choose(page, "stSelectbox", "date_precision", "day")
    _text(page, "title", TITLE, area=True)
    _choose(page, "stSelectbox", "category", "forum")
    _choose(page, "stSelectbox", "scope", "mechanism")
    _choose(page, "stMultiSelect", "countries", "CHN", "KAZ", "UZB")
    _choose(page, "stSelectbox", "host_country", "UZB")
    _text(page, "city", "Tashkent")
    _number(page, "lat", "41.2995")
    _number(page, "lon", "69.2401")
    _text(page, "summary", "A forum added by the browser test, in our own words.", area=True)
    _choose(page, "stSelectbox", "status", "single_source")
    _choose(page, "stMultiSelect", "source_ids", "24kg-2025-04-26-fm6")
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("No problem found", timeout=30_000)
    expect(main).to_contain_text("Draft — not saved", timeout=30_000)
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=30_000)
    assert page.locator('[data-testid="stAlertContentError"], [data-testid="stException"]').count() == 0
    page.wait_for_timeout(1500)  # the map's canvas
    _shot(page, artifacts, "curate-form-1400.png", "h1")
    _shot(page, artifacts, "curate-checks-1400.png", '[data-testid="stMain"] h3:has-text("Checks")')
    _shot(page, artifacts, "curate-draft-1400.png", '[data-testid="stMain"] h3:has-text("Preview")')
    _shot(page, artifacts, "curate-draft-map-1400.png", '[data-testid="stMain"] [data-testid="stDeckGlJsonChart"]')
    page.set_viewport_size({"width": 390, "height": 900})
    wait_for_app(page)
    _shot(page, artifacts, "curate-checks-390.png", '[data-testid="stMain"] h3:has-text("Checks")')
    _shot(page, artifacts, "curate-draft-390.png", '[data-testid="stMain"] h3:has-text("Preview")')
    page.set_viewport_size({"width": 1400, "height": 1000})
    wait_for_app(page)
    page.get_by_role("button", name="Save").click()
    expect(main).to_contain_text(f"Saved events.csv '{EVENT_ID}'", timeout=30_000)
    wait_for_app(page)
    _shot(page, artifacts, "curate-saved-1400.png", "h1")
    assert f"{EVENT_ID},2026-03-04,day," in (curate_data / "events.csv").read_text(encoding="utf-8")
    assert f",events.csv,{EVENT_ID},added," in (curate_data / "changes.csv").read_text(encoding="utf-8")
    page.goto(curate_server.url + "/timeline")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=30_000)
    assert _heading_count(page) == before + 1
    with urllib.request.urlopen(curate_server.url + "/api/v1/events.csv") as r:  # noqa: S310 - 127.0.0.1
        assert TITLE in r.read().decode("utf-8")  # the timeline's rows, from the same view
    page.screenshot(path=str(artifacts / "curate-timeline-1400.png"), full_page=True)
