"""Every link reopens exactly the view on screen (issue 21), on the pages themselves (AppTest), over
the whole grid: every page × en/zh/ru × links written with English, Chinese and Russian names and
the page's own choice (testsupport/links.py). A page is opened directly with the link, as a
browser opens a shared link, and then:

- its address holds the canonical form of what was asked (names in the page's language: no
  filter dropped while the view still applies it);
- the view it shows is that link's view (the caption under the title names its filters, the
  page's own choice shows the labels asked);
- the CSV, JSON and PNG links, the deck and HTML briefing links, the citation and the embed code
  carry that same canonical form.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components import views
from components.data import datatext, i18n, registry
from components.data.dataset import load_dataset
from components.data.labels import md
from components.web import api, choices
from testsupport import links
from testsupport.plots import copied_texts

ROOT = Path(__file__).resolve().parents[2]
CELLS = list(links.cells())


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def open_link(page: str, query: dict[str, list[str]]) -> AppTest:
    """The page opened straight from a link (a browser's first request), through app.py."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(str(ROOT / registry.page(page).script))
    at.run()
    return at


def _cell_id(cell: tuple[str, str, str]) -> str:
    page, lang, written = cell
    return f"{page}-{lang}-names_{written}"


@pytest.mark.parametrize("cell", CELLS, ids=_cell_id)
def test_the_address_and_every_link_on_the_page_are_the_canonical_view(ds, cell):
    page, lang, written = cell
    want = links.expected(ds, page, lang)
    at = open_link(page, links.asked(ds, page, lang, written))
    assert not at.exception, [e.value for e in at.exception]
    assert links.normal(dict(at.query_params)) == want, "the address after the page loaded"
    with i18n.using(lang):
        f, _chosen, _text = api.view_of(datatext.localized(ds, lang), page, want)
        caption = views.caption(f, datatext.localized(ds, lang))
    if page != "sources":  # the register of sources is the same for every view: it has no filter caption
        assert at.caption[0].value == md(caption), "the page shows the link's filters"
    if page in links.OWN:  # the page's own widget shows the labels asked, in its language
        single = page in ("map", "countries")
        shown = [at.main.selectbox[0].value] if single else list(at.main.multiselect[0].value)
        assert shown == want[choices.CHOICES[page].param]
    buttons = {b.proto.url for b in at.get("link_button") if "datapackage" not in b.proto.url}
    assert buttons, "the page offers its downloads and briefings"
    for url in buttons:
        q = links.normal(links.query_of(url))
        if "briefing." in url:
            assert q == {**want, "page": [page]}, url
        else:
            assert links.path_of(url).startswith(f"/api/v1/{page}."), url
            assert q == want, url
    codes = copied_texts(at)
    cite = next(c for c in codes if "http" in c and not c.startswith(("@misc", "<iframe")))
    url = re.search(r"http://127\.0\.0\.1:8501/[^\s（()]*", cite).group(0)  # type: ignore[union-attr]
    assert links.path_of(url) == registry.page(page).path and links.normal(links.query_of(url)) == want
    embed = next(c for c in codes if c.startswith("<iframe"))
    src = re.search(r'src="([^"]+)"', embed).group(1)  # type: ignore[union-attr]
    assert links.normal(links.query_of(src)) == {**want, "embed": ["true"]}
