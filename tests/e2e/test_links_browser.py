"""Every link reopens exactly the view on screen (issue 21), in Chromium, for a sample of the grid
of tests/app/test_links_grid_pages.py (testsupport/links.py): a page opened from a link whose names are
written in another language than the page's keeps its filters and its own choice in the address,
in the page's words; the address is read once the page has drawn the link's view (its caption and
its own choice), never after a sleep; the rows behind the CSV and JSON links are the rows on screen.
One server and one browser serve the whole sample.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from components import views
from components.data import datatext, i18n
from components.data.dataset import load_dataset
from components.web import api, choices
from testsupport import links

SAMPLE = [  # (page, the page's language, the language of the link's names)
    ("timeline", "ru", "en"),
    ("map", "zh", "ru"),
    ("compare", "zh", "en"),
    ("countries", "ru", "zh"),
    ("mechanisms", "en", "ru"),
    ("search", "zh", "ru"),
]
DS = load_dataset()

DRAWN = """
([caption, labels]) => {
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  const main = document.querySelector('[data-testid="stMain"]');
  const cap = main && main.querySelector('[data-testid="stCaptionContainer"]');
  if (!cap || cap.innerText.trim() !== caption) return false;
  const text = main.innerText;
  return labels.every(l => text.includes(l));
}
"""
ROWS = """
() => [...[...document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"] [aria-rowcount]')]
          .map(g => Number(g.getAttribute('aria-rowcount')) - 1),
       ...[...document.querySelectorAll('[data-testid="stMain"] [data-testid="stTable"] table')]
          .map(t => t.querySelectorAll('tbody tr').length)]
"""


def _view(page: str, lang: str):
    want = links.expected(DS, page, lang)
    with i18n.using(lang):
        dsl = datatext.localized(DS, lang)
        f, chosen, text = api.view_of(dsl, page, want)
        caption = views.caption(f, dsl)
        rows = choices.rows(dsl, f, page, chosen, text)
    own = [v for k, vs in want.items() if k not in links.LINK_KEYS for v in vs if k != "q"]
    return want, caption, own, rows


@pytest.mark.parametrize("page_key,lang,written", SAMPLE, ids=[f"{p}-{lg}-names_{w}" for p, lg, w in SAMPLE])
def test_a_link_in_other_words_opens_the_same_view_with_its_canonical_address(server, page, page_key, lang, written):
    want, caption, own, rows = _view(page_key, lang)
    asked = links.asked(DS, page_key, lang, written)
    path = "/" + page_key if page_key != "overview" else "/"
    page.goto(f"{server.url}{path}?{links.encoded(asked)}", wait_until="domcontentloaded")
    page.wait_for_function(DRAWN, arg=[caption, own], timeout=90_000)
    address = page.evaluate("location.href")
    assert links.normal(links.query_of(address)) == want, address
    assert links.path_of(address) == path.rstrip("/") or path == "/"
    for fmt in ("csv", "json"):
        href = page.locator(f'[data-testid="stMain"] a[href*="api/v1/{page_key}.{fmt}"]').first.get_attribute("href")
        assert href and links.normal(links.query_of(href)) == want, href
        body = page.request.get(f"{server.url}/{href.lstrip('/')}").body()
        if fmt == "csv":
            got = len(list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))) - 1
            assert body.startswith(b"\xef\xbb\xbf") == (lang != "en")
        else:
            got = json.loads(body)["count"]
        assert got == len(rows), f"{fmt}: {got} rows, the view {len(rows)}"
    if page_key in ("timeline", "map"):  # the page's one table lists exactly those rows
        page.wait_for_function(f"() => ({ROWS})().length > 0", timeout=30_000)
        assert len(rows) in page.evaluate(ROWS)
