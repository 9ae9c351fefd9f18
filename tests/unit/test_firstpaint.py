"""The page's HTML carries the stylesheet that holds its first layout (components/web/firstpaint.py),
through the server's whole middleware stack: compressed as before, not for views without the
sidebar, and nothing else touched."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from components.web import firstpaint, webserver

HTML = "<!DOCTYPE html><html><head><title>Streamlit</title></head><body>" + "<div></div>" * 200 + "</body></html>"


def _client() -> TestClient:
    async def page(request):  # noqa: ANN001
        return HTMLResponse(HTML, headers={"etag": '"abc"', "last-modified": "Sun, 06 Dec 2026 07:06:05 GMT"})

    async def data(request):  # noqa: ANN001
        return JSONResponse({"a": "</head>" * 300}, headers={"etag": '"d1"'})

    app = Starlette(routes=[Route("/data", data), Route("/{path:path}", page)],
                    middleware=webserver.middleware({}))
    return TestClient(app)


def test_a_page_gets_the_stylesheet_once_before_its_head_ends_and_still_compressed():
    client = _client()
    for path in ("/", "/map", "/sources?country=Kazakhstan&lang=ru"):
        r = client.get(path, headers={"accept": "text/html,application/xhtml+xml", "accept-encoding": "gzip"})
        assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
        html = r.content.decode()  # httpx took the gzip off
        assert html.count('<style id="cc5-steady">') == 1
        assert html.index('<style id="cc5-steady">') < html.index("</head>") < html.index("<body>")
        assert "padding-left: 300px" in html and "etag" not in r.headers and "last-modified" not in r.headers
        plain = client.get(path, headers={"accept": "text/html", "accept-encoding": "identity"})
        assert "content-encoding" not in plain.headers
        assert int(plain.headers["content-length"]) == len(plain.content) == len(HTML) + len(firstpaint.style_tag())


def test_views_without_the_sidebar_and_other_responses_are_left_alone():
    client = _client()
    for path in ("/map?present=true", "/timeline?embed=true&country=Uzbekistan", "/map?present=True"):
        r = client.get(path, headers={"accept": "text/html"})
        assert r.text == HTML and r.headers["etag"] in ('"abc"', '"abc-gzip"')  # the file's validator kept
    r = client.get("/data", headers={"accept": "text/html,*/*"})
    assert "cc5-steady" not in r.text and r.headers["etag"] in ('"d1"', '"d1-gzip"')
    assert firstpaint.hides_sidebar(b"embed=true") and not firstpaint.hides_sidebar(b"present=false&embed=no")


def test_the_stylesheet_cannot_end_its_tag_early():
    assert "<" not in firstpaint.STYLESHEET.read_text(encoding="utf-8")
    assert firstpaint.with_style(b"<html>no head</html>") == b"<html>no head</html>"
    once = firstpaint.with_style(HTML.encode())
    assert firstpaint.with_style(once) == once


def test_a_table_says_its_height_from_the_first_paint(monkeypatch):
    """ui.table gives st.dataframe the height Streamlit would choose (35 px a row and the heading,
    2 px of border, at most 400): the grid's script loads after the page's first paint, and its
    placeholder, shorter than the grid, pushed everything below down (Sources: layout shift 0.19)."""
    import pandas as pd

    from components.web import ui

    seen: list[dict] = []
    monkeypatch.setattr(ui.st, "dataframe", lambda data, **kw: seen.append(kw))
    for rows in (1, 5, 9, 10, 244):
        ui.table(pd.DataFrame({"A": range(rows)}))
    ui.table(pd.DataFrame({"A": range(3)}), height=598)  # a page's own height stays
    ui.table(pd.DataFrame({"A": []}))  # an empty frame: Streamlit's own
    assert [kw.get("height") for kw in seen] == [72, 212, 352, 387, 400, 598, None]
