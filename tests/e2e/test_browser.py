"""Every page in real Chromium: drawn, filtered from the URL, navigable, offline, accessible."""

from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from components.data import registry
from tests.e2e.conftest import click_download, wait_for_app

DRAWN = {  # what to wait for, by what the registry says the page draws
    "deck": '[data-testid="stDeckGlJsonChart"] canvas',
    "plotly": ".js-plotly-plot .scatterlayer .point",
    "dataframe": None,
}
BARS = {"countries": ".js-plotly-plot .point"}  # a bar chart: points, no scatter layer
PAGES = {p.key: (p.sample_path, BARS.get(p.key, DRAWN[p.draws[0]] if p.draws else None)) for p in registry.PAGES}
ERROR_BOXES = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def _caption_text(pg) -> str:
    return pg.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_draws_and_is_screenshotted(server, page, artifacts, name):
    path, drawn = PAGES[name]
    page.goto(server.url + path)
    wait_for_app(page)
    assert page.locator(ERROR_BOXES).count() == 0, page.locator(ERROR_BOXES).first.inner_text()
    if drawn:
        page.wait_for_selector(drawn, timeout=30_000)
        assert page.locator(drawn).count() > 0
    assert page.locator("h1").count() >= 1
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def test_map_canvas_has_pixels_drawn(server, page):
    page.goto(server.url + "/map")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=30_000)
    # until the canvas holds a drawn map: a blank canvas compresses to a few KB
    deadline, size = time.monotonic() + 30, 0
    while size <= 20_000 and time.monotonic() < deadline:
        size = len(page.locator('[data-testid="stDeckGlJsonChart"]').first.screenshot())
    assert size > 20_000, size


def test_timeline_points_match_the_filter(server, page):
    page.goto(server.url + "/timeline?country=Kyrgyzstan&years=2022&years=2023")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point")
    # the table below the chart says how many events it holds
    heading = page.get_by_role("heading", name="events").first.inner_text()
    n_points = page.locator(".js-plotly-plot .scatterlayer .point").count()
    n_events = int(heading.split()[0])
    # status-legend traces draw no points; every event is one point
    assert n_points == n_events
    assert "Kyrgyzstan; 2022–2023" in _caption_text(page)


def test_scope_in_the_sidebar_writes_the_link_and_follows_a_language_change(server, page):
    from playwright.sync_api import expect

    page.goto(server.url + "/timeline")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point")
    every = int(page.get_by_role("heading", name="events").first.inner_text().split()[0])
    page.locator('[data-testid="stSidebar"] label', has_text="Mechanism only").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('scope') === 'Mechanism only'")
    caption = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first
    expect(caption).to_contain_text("mechanism only", timeout=30_000)
    heading = page.get_by_role("heading", name="events").first
    expect(heading).not_to_have_text(f"{every} events", timeout=30_000)
    shown = int(heading.inner_text().split()[0])
    with open("data/events.csv", encoding="utf-8") as fh:
        import csv

        want = sum(1 for e in csv.DictReader(fh) if e["scope"] == "mechanism" and e["date"][:4] <= "2026")
    assert shown == want < every
    page.locator('[data-testid="stSidebar"]').get_by_text("中文", exact=True).click()
    expect(caption).to_contain_text("仅机制", timeout=30_000)
    page.wait_for_function("() => new URLSearchParams(location.search).get('scope') === '仅机制'")


def test_deep_link_is_the_first_request_to_a_fresh_server(fresh_server, page):
    page.goto(fresh_server.url + "/timeline?country=Kazakhstan&years=2022&years=2023")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text() == "Timeline"
    # the sidebar (app.py) ran: filters are there and applied
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "Kazakhstan" in sidebar.inner_text()
    assert "Kazakhstan; 2022–2023" in _caption_text(page)
    q = parse_qs(urlparse(page.url).query)
    assert q == {"country": ["Kazakhstan"], "years": ["2022", "2023"]}


def test_switching_pages_keeps_filters_and_back_returns(server, page):
    from playwright.sync_api import expect

    page.goto(server.url + "/map?country=Uzbekistan&years=2024&years=2025")
    wait_for_app(page)
    caption = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first
    expect(caption).to_contain_text("Uzbekistan; 2024–2025")
    page.locator('[data-testid="stSidebarNav"] a', has_text="Timeline").click()
    page.wait_for_url("**/timeline**")
    expect(page.locator("h1").first).to_have_text("Timeline", timeout=30_000)
    expect(caption).to_contain_text("Uzbekistan; 2024–2025", timeout=30_000)
    # the bound widgets write the filters into the new page's address
    page.wait_for_function(
        "() => location.search.includes('country=Uzbekistan') && location.search.includes('years=2025')",
        timeout=15_000,
    )
    q = parse_qs(urlparse(page.url).query)
    assert q["country"] == ["Uzbekistan"] and q["years"] == ["2024", "2025"]
    page.go_back()
    page.wait_for_url("**/map**")
    expect(page.locator("h1").first).to_have_text("Map", timeout=30_000)
    expect(caption).to_contain_text("Uzbekistan; 2024–2025", timeout=30_000)


def test_copied_link_reopens_the_same_view_in_a_fresh_browser(server, browser):
    ctx = browser.new_context()
    pg = ctx.new_page()
    pg.goto(server.url + "/timeline")
    wait_for_app(pg)
    # change a filter through the UI: remove China from the countries
    from playwright.sync_api import expect

    pg.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"] button[aria-label="Remove China"]').click()
    pg.wait_for_function("() => location.search.includes('country=')")
    # the run that follows the click has drawn the view: the link alone may come before the caption
    expect(pg.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first).to_contain_text(
        "Showing: Kazakhstan, Kyrgyzstan", timeout=30_000)
    wait_for_app(pg)
    link = pg.url
    caption = _caption_text(pg)
    ctx.close()
    ctx2 = browser.new_context()
    pg2 = ctx2.new_page()
    pg2.goto(link)
    wait_for_app(pg2)
    assert _caption_text(pg2) == caption
    assert "China" not in caption.split(";")[0]
    ctx2.close()


def test_citation_follows_the_comparison_as_it_changes(server, page):
    """The sidebar's citation (and the briefings made from it) carry the page's own choice,
    read in the same run the reader changed it in."""
    from playwright.sync_api import expect

    page.goto(server.url + "/compare?compare=Kazakhstan&compare=Uzbekistan")
    wait_for_app(page)
    page.get_by_text("Cite or embed this view").click()
    cite = page.locator('[data-testid="stSidebar"] .cc5-copy pre').first
    expect(cite).to_contain_text("/compare?compare=Kazakhstan&compare=Uzbekistan ", timeout=30_000)
    # its Copy button puts exactly that text on the clipboard
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    page.locator('[data-testid="stSidebar"] .cc5-copy button').first.click()
    expect(page.locator('[data-testid="stSidebar"] .cc5-copy button').first).to_have_text("Copied")
    assert page.evaluate("() => navigator.clipboard.readText()") == cite.text_content()
    main = page.locator('[data-testid="stMainBlockContainer"]')
    main.locator('button[aria-label="Remove Uzbekistan"]').click()
    wait_for_app(page)
    main.locator('[data-testid="stMultiSelect"] input').click()
    page.keyboard.type("Kyrg")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('Kyrgyzstan')")
    wait_for_app(page)
    expect(cite).to_contain_text("/compare?compare=Kazakhstan&compare=Kyrgyzstan ", timeout=30_000)


def test_invalid_link_values_show_a_notice(server, page):
    page.goto(server.url + "/timeline?country=Mars&years=abc")
    wait_for_app(page)
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "Ignored country 'Mars'" in text and "Ignored years 'abc'" in text
    assert page.locator(ERROR_BOXES).count() == 0


def test_accessibility_axe(server, page, artifacts):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    report: dict[str, list[dict]] = {}
    ours: list[str] = []
    allowed = _streamlit_findings()
    for name, (path, drawn) in PAGES.items():
        page.goto(server.url + path)
        wait_for_app(page)
        if drawn:
            page.wait_for_selector(drawn, timeout=30_000)
        if name == "timeline":  # the citation's copy boxes (our own component) are audited open
            page.get_by_text("Cite or embed this view").click()
            page.wait_for_selector('[data-testid="stSidebar"] .cc5-copy pre', timeout=30_000)
        res = axe.run(page, options={"resultTypes": ["violations"], "runOnly": ["wcag2a", "wcag2aa", "best-practice"]})
        found = []
        for v in res.response["violations"]:
            if v["impact"] not in ("critical", "serious"):
                continue
            targets = [" ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"]) for n in v["nodes"]]
            found.append({"id": v["id"], "impact": v["impact"], "targets": targets})
            for t in targets:
                if not any(v["id"] == a["id"] and a["selector"] in t for a in allowed):
                    ours.append(f"{name}: {v['id']} ({v['impact']}) at {t}")
        report[name] = found
    (artifacts.parent / "axe-report.json").write_text(json.dumps(report, indent=2))
    assert not ours, "accessibility violations not listed in docs/accessibility.md:\n" + "\n".join(ours)


def _streamlit_findings() -> list[dict[str, str]]:
    """Findings attributed to Streamlit itself, from docs/accessibility.md's table."""
    doc = Path(__file__).resolve().parents[2] / "docs" / "accessibility.md"
    rows = []
    for line in doc.read_text(encoding="utf-8").splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0] and cells[0] not in ("axe rule", "---") and not cells[0].startswith("-"):
            rows.append({"id": cells[0], "selector": cells[1]})
    return rows


def test_no_request_left_the_machine(request_log):
    """Summary over every page opened in this run (each test also checks its own)."""
    outside = [u for u, _ in request_log if urlparse(u).hostname not in (None, "127.0.0.1")
               and urlparse(u).scheme in ("http", "https", "ws", "wss")]
    assert len(request_log) > 50, "too few browser requests were recorded"
    assert not outside, outside[:5]


def test_one_click_deck_from_a_filtered_view(server, page, tmp_path):
    from pptx import Presentation

    page.goto(server.url + "/timeline?country=Kazakhstan&years=2023&years=2025")
    wait_for_app(page)
    download = click_download(page, "Briefing deck (PowerPoint)", timeout=180_000)
    path = tmp_path / "deck.pptx"
    download.save_as(path)
    deck = Presentation(str(path))
    assert len(deck.slides) == 7
    link = f"{server.url}/timeline?country=Kazakhstan&years=2023&years=2025"
    for slide in deck.slides:
        text = " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
        assert link in text and "Latest sourced item" in text and "Data reviewed" in text


def test_csv_download_holds_exactly_the_rows_shown(server, page, tmp_path):
    import csv

    page.goto(server.url + "/timeline?country=Turkmenistan&years=2024&years=2025")
    wait_for_app(page)
    heading = page.get_by_role("heading", name="events").first.inner_text()
    download = click_download(page, "Rows shown (CSV)")
    assert download.suggested_filename == "cc5_timeline_2024-2025.csv"
    path = tmp_path / "rows.csv"
    download.save_as(path)
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == int(heading.split()[0])
    assert all("Turkmenistan" in r["countries"] for r in rows)
    assert all(r["date"][:4] in ("2024", "2025") for r in rows)
    assert all(r["source_urls"].startswith("http") for r in rows)


def test_print_hides_the_sidebar(server, page, artifacts):
    page.goto(server.url + "/timeline")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .point")
    page.emulate_media(media="print")
    assert page.locator('[data-testid="stSidebar"]').is_hidden()
    assert page.locator(".js-plotly-plot").first.is_visible()
    page.pdf(path=str(artifacts.parent / "timeline-print.pdf"), format="A4", landscape=True)


def test_embedded_view_shows_the_chart_without_the_sidebar(server, page):
    """The Embed snippet's link (Streamlit's embed mode) shows the view alone, filters from the link."""
    page.goto(server.url + "/timeline?country=Kazakhstan&years=2023&years=2025&embed=true")
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=60_000)
    wait_for_app(page)
    assert page.locator('[data-testid="stSidebar"]').count() == 0
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    assert _caption_text(page).startswith("Showing: Kazakhstan; 2023–2025")


def test_html_briefing_opens_with_the_network_cut(browser, tmp_path):
    """The HTML briefing opened from disk with every network request refused: charts drawn, nothing asked."""
    from components.data.dataset import load_dataset
    from components.data.filters import Filters
    from components.exports.htmlbrief import build_html

    path = tmp_path / "briefing.html"
    path.write_text(build_html(load_dataset(), Filters(("KAZ",), (2023, 2025)), base_url="http://127.0.0.1:8501"),
                    encoding="utf-8")
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, offline=True)
    asked: list[str] = []
    ctx.route("**/*", lambda route: (asked.append(route.request.url), route.continue_() if
                                     route.request.url.startswith("file:") else route.abort()))
    pg = ctx.new_page()
    pg.goto(path.as_uri())
    pg.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=30_000)
    assert pg.locator(".js-plotly-plot").count() == 2
    assert [u for u in asked if not u.startswith(("file:", "data:"))] == []
    pg.emulate_media(media="print")
    assert pg.locator("h2", has_text="Sources").count() == 1
    ctx.close()


def test_presentation_mode_shows_the_headline_figures_large(server, page, artifacts):
    page.goto(server.url + "/?present=true")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=30_000)
    sizes = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stMetric"]')].map(m => {
        const px = sel => parseFloat(getComputedStyle(m.querySelector(sel + ' p') || m.querySelector(sel)).fontSize);
        return [px('[data-testid="stMetricValue"]'), px('[data-testid="stMetricLabel"]')];
    })""")
    page.screenshot(path=str(artifacts / "present-overview-1400.png"))
    assert sizes and all(value >= 2.2 * label for value, label in sizes), sizes  # a figure, then its label


def test_the_first_paint_stylesheet_reserves_what_streamlit_draws(server, page):
    """assets/steady.css (sent in the page's HTML) reserves the sidebar's width and its page list's
    height until they arrive; Streamlit's own layout must have exactly those sizes, in every
    language, or the reservation would move the page instead of holding it still."""
    import re

    from playwright.sync_api import expect

    from components.web.firstpaint import STYLESHEET

    css = STYLESHEET.read_text(encoding="utf-8")
    width = int(re.search(r"padding-left: (\d+)px", css).group(1))
    nav = int(re.search(r"margin-top: (\d+)px", css).group(1))
    for lang in ("en", "zh", "ru"):
        page.goto(server.url + f"/sources?lang={lang}")
        wait_for_app(page)
        expect(page.locator('[data-testid="stSidebarNav"]')).to_be_visible()
        sizes = page.evaluate("""() => {
            const r = s => document.querySelector(s).getBoundingClientRect();
            return {sidebar: r('[data-testid="stSidebar"]').width, nav: r('[data-testid="stSidebarNav"]').height,
                    main: r('[data-testid="stMain"]').x, steady: !!document.getElementById('cc5-steady')}; }""")
        assert sizes == {"sidebar": width, "nav": nav, "main": width, "steady": True}, lang
        chips = page.evaluate("""() => {  // every country chip of the sidebar wholly inside its box
            const ms = document.querySelector('[data-testid="stSidebar"] [data-testid="stMultiSelect"]');
            const chips = ms.querySelectorAll('[data-testid="stMultiSelectTagsContainer"] > [role="group"] > *');
            return [...chips].map(t => {
                let clip = t.parentElement;  // the box that scrolls (or clips) the chips
                while (clip !== ms && getComputedStyle(clip).overflowY === 'visible') clip = clip.parentElement;
                const r = t.getBoundingClientRect(), box = clip.getBoundingClientRect();
                return r.top >= box.top && r.bottom <= box.bottom; }); }""")
        assert chips == [True] * 6, (lang, chips)
    choice = int(re.search(r"stSkeleton\"\] \{\s*height: (\d+)px", css).group(1))
    for path in ("/map", "/timeline?lang=ru", "/search?lang=zh"):  # a select, a multiselect, a text box
        page.goto(server.url + path)
        wait_for_app(page)
        mine = page.locator('[data-testid="stMain"] [class*="st-key-"]').first
        expect(mine.locator("label")).to_be_visible()
        assert round(mine.bounding_box()["height"]) == choice, path


def test_the_shell_shows_the_pages_heading_where_the_page_draws_it(server, browser):
    """Before Streamlit's script runs, the page's HTML shows the page's heading (components/web/
    firstpaint.py) in the link's language; it must be the heading the page then draws, in the same
    place and size, at desktop and phone widths, or the first paint would jump or say another thing."""
    box = """el => { const r = el.getBoundingClientRect(); return [el.textContent, Math.round(r.x), Math.round(r.y),
                     Math.round(r.width), Math.round(r.height)]; }"""
    for width in (1400, 390):
        for path in ("/sources", "/?lang=ru", "/map?lang=zh"):
            before = browser.new_context(viewport={"width": width, "height": 900})
            pg = before.new_page()
            pg.route("**/*.js", lambda route: route.abort())  # the HTML alone, as painted before the script
            pg.goto(server.url + path)
            shell = pg.locator("#cc5-shell > p").evaluate(box)
            before.close()
            after = browser.new_context(viewport={"width": width, "height": 900})
            pg = after.new_page()
            pg.goto(server.url + path)
            wait_for_app(pg)
            assert pg.locator("#cc5-shell").count() == 0  # React replaced it
            heading = pg.locator('[data-testid="stMain"] h1').first.evaluate(box)
            size = pg.locator('[data-testid="stMain"] h1').first.evaluate("el => getComputedStyle(el).fontSize")
            after.close()
            assert shell == heading, (width, path)
            # a phone's heading at 32 px: the Russian app title in three lines of 390 px, not five
            assert size == ("32px" if width == 390 else "44px"), (width, path, size)
            assert width != 390 or path != "/?lang=ru" or heading[4] <= 20 + 16 + 3 * 39, heading
