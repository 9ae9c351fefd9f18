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
    wait_for_app(pg)  # a list closed may still ask for a run: the next field waits for it


def _date(pg, label: str, value: str) -> None:
    """A date is typed as text (YYYY-MM-DD), as the file holds it."""
    _text(pg, label, value)


def _number(pg, label: str, value: str) -> None:
    """A number too: typed as text, kept exactly as typed."""
    _text(pg, label, value)


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


def _edit_first_mechanism(pg) -> None:
    from playwright.sync_api import expect

    pg.goto(pg.url.split("/curate")[0] + "/curate")
    wait_for_app(pg)
    _choose(pg, "stSelectbox", "Table", "Ministerial meeting mechanisms")
    wait_for_app(pg)
    pg.locator('[data-testid="stMain"] [data-testid="stRadio"]').get_by_text("Edit a row").click()
    wait_for_app(pg)
    expect(pg.locator('[data-testid="stMain"]')).to_contain_text("Edit mechanisms.csv", timeout=30_000)
    # the edit form itself, drawn with the row's values: until then a field found by its label may be
    # the add form's, which the run is about to replace (text typed into it would go with it)
    pg.wait_for_function(
        """() => {
            const boxes = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stTextInput"]')]
                .filter(b => (b.querySelector('[data-testid="stWidgetLabel"]')?.textContent || '').trim()
                             === 'first_meeting_date');
            return boxes.length === 1 && /^\\d{4}-\\d{2}-\\d{2}$/.test(boxes[0].querySelector('input').value)
                && !document.querySelector('[data-stale="true"]')
                && !document.querySelector('[data-testid="stStatusWidget"]');
        }""", timeout=30_000)


def _type_and_save_at_once(pg, label: str, value: str) -> None:
    """Type into a field and click Save straight away: no Enter, no Tab, no wait in between."""
    from playwright.sync_api import expect

    field = _box(pg, "stTextInput", label).locator("input").or_(_box(pg, "stTextArea", label).locator("textarea"))
    expect(field).to_have_count(1, timeout=30_000)  # the edit form alone, the previous one gone
    field.fill(value)
    expect(field).to_have_value(value)  # typed into the field on screen (no Enter, no Tab)
    pg.get_by_role("button", name="Save").click()
    wait_for_app(pg)


def test_save_takes_what_was_typed_even_without_enter(curate_server, page, curate_data):
    """Issue 22 item 3: the text typed into a field, then Save clicked at once, is what is saved."""
    from playwright.sync_api import expect

    page.goto(curate_server.url + "/curate")
    _edit_first_mechanism(page)
    _type_and_save_at_once(page, "first_meeting_city", "Typed then saved at once")
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("Saved mechanisms.csv 'fm'", timeout=30_000)
    first = (curate_data / "mechanisms.csv").read_text(encoding="utf-8").splitlines()[1]
    assert ",Typed then saved at once," in first, first


@pytest.mark.parametrize(("label", "value", "words"), [
    ("name", "<b>Bold</b> name", "must be plain text (no Markdown or HTML)"),
    ("first_meeting_date", "2099-13-40", "'2099-13-40' is not a valid date (expected YYYY-MM-DD"),
])
def test_save_refuses_what_was_typed_when_it_is_invalid(curate_server, page, curate_data, label, value, words):
    """Invalid text typed and Save clicked at once: refused with the validator's words, nothing written."""
    from playwright.sync_api import expect

    before = (curate_data / "mechanisms.csv").read_bytes()
    page.goto(curate_server.url + "/curate")
    _edit_first_mechanism(page)
    _type_and_save_at_once(page, label, value)
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text(words, timeout=30_000)
    expect(main).not_to_contain_text("Saved mechanisms.csv")
    assert (curate_data / "mechanisms.csv").read_bytes() == before
