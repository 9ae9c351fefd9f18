"""Every link reopens exactly the view on screen (issue 21), at the view-model level, over the
whole grid: every page × en/zh/ru × links written with English, Chinese and Russian names and
the page's own choice (testsupport/links.py).

For each cell:
- the canonical form the page writes in its address (``choices.canonical_address``) is the one
  stated from the labels, and parses to the same view as the link asked;
- the view's link (``choices.link_query``: what the downloads carry) is that canonical form;
- the CSV and JSON routes, asked with that link, answer the view's rows; the JSON names the view;
- the citation and the embed code reopen it;
- every link in the deck and in the HTML briefing (made by the briefing route from that link)
  reopens it, or, for a link to another page, carries the same filters.

The pictures are not drawn here (a stand-in PNG): they are not what is tested, and the grid
makes 90 decks.
"""

from __future__ import annotations

import base64
import io
import json
import re
from datetime import date

import pandas as pd
import pytest
from pptx import Presentation
from starlette.applications import Starlette
from starlette.testclient import TestClient

from components.data import datatext, i18n, registry
from components.data.dataset import load_dataset
from components.data.filters import COUNTRY_NAMES_I18N
from components.exports import citation
from components.render import images
from components.web import api, choices, webserver
from testsupport import links
from testsupport.slides import slide_runs

BASE = "http://monitor.test"
# a 1×1 PNG: the deck and the HTML briefing place it where the chart would be
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
CELLS = list(links.cells())
URL = r"http://monitor\.test/[^\s<\"（()]*"


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


@pytest.fixture(scope="module")
def client():
    patch = pytest.MonkeyPatch()
    patch.setattr(images, "figure_png", lambda *a, **k: PNG)
    # links in answers are absolute only with a public address configured (or a trusted Host)
    patch.setenv("CC5_PUBLIC_URL", BASE)
    app = Starlette(routes=api.routes(), middleware=webserver.middleware({}))
    with TestClient(app, base_url=BASE) as c:
        yield c
    patch.undo()


def _cell_id(cell: tuple[str, str, str]) -> str:
    page, lang, written = cell
    return f"{page}-{lang}-names_{written}"


def _view(ds, page: str, lang: str, query):
    """(filters, choice, text) as the data routes read a link, in the page's language."""
    with i18n.using(lang):
        return api.view_of(datatext.localized(ds, lang), page, {k: v for k, v in query.items()})


@pytest.mark.parametrize("cell", CELLS, ids=_cell_id)
def test_the_page_writes_the_canonical_form_and_it_is_the_same_view(ds, cell):
    page, lang, written = cell
    asked = links.asked(ds, page, lang, written)
    want = links.expected(ds, page, lang)
    with i18n.using(lang):
        got = choices.canonical_address(datatext.localized(ds, lang), page, asked, lang)
    assert links.normal(got) == want
    assert _view(ds, page, lang, got) == _view(ds, page, lang, asked)
    f, chosen, text = _view(ds, page, lang, asked)
    assert f.countries == links.COUNTRIES and chosen == links.OWN.get(page, chosen)
    with i18n.using(lang):
        assert links.normal(choices.link_query(datatext.localized(ds, lang), f, page, chosen, text)) == want


def _route_rows(client, page: str, fmt: str, query) -> tuple[object, dict | None]:
    r = client.get(f"/api/v1/{page}.{fmt}?{links.encoded(query)}")
    assert r.status_code == 200, r.text
    if fmt == "json":
        return None, json.loads(r.content)
    return pd.read_csv(io.BytesIO(r.content), encoding="utf-8-sig", dtype=str, keep_default_na=False), None


@pytest.mark.parametrize("cell", CELLS, ids=_cell_id)
def test_the_routes_rows_citation_and_embed_code_are_the_views(ds, client, cell):
    page, lang, written = cell
    want = links.expected(ds, page, lang)
    f, chosen, text = _view(ds, page, lang, links.asked(ds, page, lang, written))
    dsl = datatext.localized(ds, lang)
    with i18n.using(lang):
        rows = choices.rows(dsl, f, page, chosen, text)
        link = choices.link_query(dsl, f, page, chosen, text)
        spec = registry.page(page)
        c = citation.cite(dsl, f, spec, BASE, date(2026, 12, 1), choices.own_query(dsl, f, page, chosen, text),
                          choices.choice_words(dsl, f, page, chosen, text))
        embed = citation.embed_code(c)
    assert rows is not None
    frame, _none = _route_rows(client, page, "csv", link)
    _none, body = _route_rows(client, page, "json", link)
    assert len(frame) == len(rows) == body["count"] == len(body["rows"])
    key = "id" if "id" in rows.columns else None
    if key and lang == "en":  # English keeps the field names as headings
        assert list(frame["id"]) == [str(v) for v in rows["id"]]
    if key:
        assert [r["id"] for r in body["rows"]] == list(rows["id"])
    assert links.path_of(body["view"]) == spec.path and links.normal(links.query_of(body["view"])) == want
    assert links.path_of(c.url) == spec.path and links.normal(links.query_of(c.url)) == want
    assert c.url in c.plain() and c.url in c.bibtex()
    src = re.search(r'src="([^"]+)"', embed).group(1)  # type: ignore[union-attr]
    assert links.normal(links.query_of(src)) == {**want, "embed": ["true"]}
    if page in links.OWN or page == "search":  # the title names the page's choice
        assert choices.choice_words(dsl, f, page, chosen, text) in c.title


def _deck_links(data: bytes) -> tuple[list[str], str]:
    prs = Presentation(io.BytesIO(data))
    found: list[str] = []
    text: list[str] = []
    for slide in prs.slides:
        for run in slide_runs(slide):
            text.append(run.text)
            if run.hyperlink.address:
                found.append(run.hyperlink.address)
    if prs.core_properties.comments:  # the file's properties hold 255 characters (briefing.property_link)
        found.append(prs.core_properties.comments)
    return found, "\n".join(text)


def _check_app_links(urls: list[str], page: str, want: dict[str, list[str]]) -> int:
    """Every link into the app reopens the view (its page) or carries its filters (another page)."""
    mine = [u for u in urls if u.startswith(BASE)]
    for u in mine:
        q = links.normal(links.query_of(u))
        if links.path_of(u) == registry.page(page).path:
            assert q == want, u
        else:
            assert q == links.filters_only(want), u
    return sum(links.path_of(u) == registry.page(page).path for u in mine)


@pytest.mark.parametrize("cell", CELLS, ids=_cell_id)
def test_every_link_in_the_deck_and_the_html_briefing_reopens_the_view(ds, client, cell):
    page, lang, written = cell
    want = links.expected(ds, page, lang)
    query = {**links.asked(ds, page, lang, written), "page": [page]}
    deck = client.get(f"/api/v1/briefing.pptx?{links.encoded(query)}")
    assert deck.status_code == 200, deck.text
    urls, text = _deck_links(deck.content)
    assert _check_app_links(urls, page, want) >= 2, "the footers and the file's properties carry the view"
    cited = re.findall(URL, text)  # the title slide's citation and the footers, as printed
    assert cited and _check_app_links(cited, page, want) >= 1
    html = client.get(f"/api/v1/briefing.html?{links.encoded(query)}")
    assert html.status_code == 200, html.text
    hrefs = [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', html.text)]
    assert _check_app_links(hrefs, page, want) >= 1
    plain = re.search(r'<p class="cite">(.*?)</p>', html.text, re.S)
    assert plain and _check_app_links([u.replace("&amp;", "&") for u in re.findall(URL, plain.group(1))], page,
                                      want) == 1, "the citation"
    if page == "compare":  # the citation names the countries compared
        names = [COUNTRY_NAMES_I18N[lang][c] for c in links.OWN["compare"]]
        assert all(n in plain.group(1) for n in names), plain.group(1)
