"""Browser tests: Playwright drives Debian's Chromium against the app on 127.0.0.1.

Chromium comes from the system (``apt-get install chromium``; `make test` installs it
where it can): Playwright cannot download a browser here. Without Chromium these tests
are skipped with that hint, except in CI (``CI=true``), where they must run.
Every request the browser makes is recorded; any host other than 127.0.0.1 fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from testsupport import stclient
from testsupport.browser import CHROMIUM, CHROMIUM_ARGS  # one definition for tests and benchmarks

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
ALLOWED_HOSTS = {"127.0.0.1"}



def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)
    if not Path(CHROMIUM).exists():
        msg = f"Chromium not found at {CHROMIUM}: install it with `sudo apt-get install chromium` (or run `make test`)"
        if os.environ.get("CI") == "true":
            raise pytest.UsageError("CI must run the browser tests, but " + msg)
        for item in items:
            if Path(str(item.fspath)).is_relative_to(here):
                item.add_marker(pytest.mark.skip(reason=msg))


def Server(env: dict[str, str] | None = None) -> stclient.Server:  # noqa: N802 - the shared harness' server
    """`streamlit run server.py` on a free port of 127.0.0.1, its log in artifacts/."""
    SCREENSHOTS.parent.mkdir(parents=True, exist_ok=True)
    return stclient.Server(env=env, log=SCREENSHOTS.parent)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def server(artifacts: Path) -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.stop()


@pytest.fixture
def fresh_server(artifacts: Path) -> Iterator[Server]:
    """A server no request has reached yet (for first-request deep links)."""
    srv = Server()
    yield srv
    srv.stop()


# Installed in every page before the app's own scripts: the time of the reader's last action (a
# click, a key, a changed field) and of the last script run the app started. wait_for_app waits for
# a run that began after the last action, so that a click just made is never taken for a finished
# run (Streamlit's run state shows 'notRunning' until the click's run reaches the browser).
RUN_WATCH_JS = """(() => {
  const w = window.__cc5 = {action: 0, run: 0};
  for (const type of ['click', 'keydown', 'change'])
    addEventListener(type, () => { w.action = performance.now(); }, true);
  new MutationObserver(records => {
    for (const r of records)
      if (r.target.dataset && r.target.dataset.testScriptState === 'running') w.run = performance.now();
  }).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
})()"""


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        new_context = b.new_context

        def watched_context(*args: object, **kwargs: object) -> object:
            ctx = new_context(*args, **kwargs)  # type: ignore[arg-type]
            ctx.add_init_script(RUN_WATCH_JS)
            return ctx

        b.new_context = watched_context  # type: ignore[method-assign]
        yield b
        b.close()


@pytest.fixture(scope="session")
def request_log() -> list[tuple[str, str]]:
    """Every request the browser made during the run: (url, page it came from)."""
    return []


@pytest.fixture
def page(browser: object, request_log: list[tuple[str, str]]) -> Iterator[object]:
    """A fresh browser context (no cookies, no session), recording every request."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    pg = ctx.new_page()
    seen: list[str] = []
    pg.on("request", lambda req: seen.append(req.url))
    yield pg
    request_log.extend((u, pg.url) for u in seen)
    ctx.close()
    outside = [u for u in seen if urlparse(u).scheme in ("http", "https", "ws", "wss")
               and urlparse(u).hostname not in ALLOWED_HOSTS]
    assert not outside, f"the browser reached outside 127.0.0.1: {outside[:5]}"


def wait_for_app(pg: object, timeout: float = 30_000) -> None:
    """Until Streamlit has finished running the script: the app's run state back to 'notRunning', no
    'running' indicator, no skeleton or stale element left, and a run begun after the reader's last
    action (RUN_WATCH_JS). No fixed wait: what a test needs beyond
    that (a chart's points, a tooltip, the URL) it waits for itself."""
    pg.wait_for_selector('[data-testid="stMain"]', timeout=timeout)  # type: ignore[attr-defined]
    pg.wait_for_function(  # type: ignore[attr-defined]
        # the app's own run state, and a run begun since the last action (RUN_WATCH_JS); an action
        # that starts no run (an expander opened, text typed without Enter) is given 1.5 s
        """() => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'
               && (!window.__cc5 || window.__cc5.run >= window.__cc5.action
                   || performance.now() - window.__cc5.action > 1500)
               && !document.querySelector('[data-testid="stStatusWidget"]')
               && document.querySelectorAll('[data-testid="stHeading"], h1').length > 0""",
        timeout=timeout,
    )
    pg.wait_for_function(  # type: ignore[attr-defined]
        """() => document.querySelectorAll('[data-testid="stSkeleton"]').length === 0
               && document.querySelectorAll('[data-stale="true"]').length === 0""", timeout=timeout
    )


def click_download(pg: object, label: str, timeout: float = 60_000) -> object:
    """Click a download link (a data route, opened in a new tab as Streamlit's link buttons
    are) and return the Playwright Download it starts, from whichever tab it starts in."""
    got: list[object] = []
    ctx = pg.context  # type: ignore[attr-defined]

    def keep(download: object) -> None:
        got.append(download)

    def watch(new_page: object) -> None:
        new_page.on("download", keep)  # type: ignore[attr-defined]

    ctx.on("page", watch)
    pg.on("download", keep)  # type: ignore[attr-defined]
    try:
        links = pg.locator('[data-testid="stLinkButton"] a', has_text=label)  # type: ignore[attr-defined]
        links.filter(visible=True).first.click()  # Streamlit draws a hidden twin of each link button
        waited = 0.0
        while not got and waited < timeout:
            pg.wait_for_timeout(200)  # type: ignore[attr-defined]
            waited += 200
    finally:
        ctx.remove_listener("page", watch)
        pg.remove_listener("download", keep)  # type: ignore[attr-defined]
    if not got:
        raise AssertionError(f"clicking '{label}' started no download within {timeout / 1000:.0f} s")
    return got[0]
