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
    hides = firstpaint.hides_sidebar
    assert hides({"embed": ["true"]}) and not hides({"present": ["false"], "embed": ["no"]})


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


SHELLED = HTML.replace("<body>", '<body><div id="root"></div>')


def _page_client() -> TestClient:
    async def page(request):  # noqa: ANN001
        return HTMLResponse(SHELLED)

    return TestClient(Starlette(routes=[Route("/{path:path}", page)], middleware=webserver.middleware({})))


def _shell_of(html: str) -> tuple[str, str]:
    """The shell's text and the tab's title in a served page."""
    import re

    shell = re.search(r'<div id="root"><div id="cc5-shell" aria-hidden="true">'
                      r'<p class="cc5-shell-heading">(.*?)</p></div></div>', html)
    title = re.search(r"<title>(.*?)</title>", html)
    assert shell and title and html.count("id=\"cc5-shell\"") == 1, html[:400]
    return shell.group(1), title.group(1)


def test_a_page_opens_with_its_heading_in_the_links_language_then_the_browsers():
    client = _page_client()
    app, app_zh, app_ru = "China–Central Asia Cooperation Monitor", "中国—中亚合作监测", \
        "Мониторинг сотрудничества «Китай — Центральная Азия»"
    cases = {  # (path, Accept-Language) -> (heading, tab title)
        ("/", ""): (app, app),
        ("/map?lang=zh", "ru-RU,ru;q=0.9"): ("地图", app_zh),
        ("/timeline", "ru-KZ,ru;q=0.9,en;q=0.8"): ("Хронология", app_ru),
        ("/sources?lang=xx", "zh-CN"): ("来源", app_zh),  # a bad lang=: the browser's, as the app does
        ("/sources?lang=RU&country=Kazakhstan", "zh"): ("Источники", app_ru),
        ("/no-such-page", "de-DE"): (app, app),
    }
    for (path, accept_language), expected in cases.items():
        headers = {"accept": "text/html", "accept-language": accept_language, "accept-encoding": "gzip"}
        r = client.get(path, headers=headers)
        assert _shell_of(r.text) == expected, path
        assert r.headers["content-encoding"] == "gzip"  # still compressed, with its stylesheet
        assert r.text.index('<style id="cc5-steady">') < r.text.index("</head>")
    vary = {path: client.get(path, headers={"accept": "text/html"}).headers.get("vary", "")
            for path in ("/timeline", "/timeline?lang=ru")}
    assert "Accept-Language" in vary["/timeline"] and "Accept-Language" not in vary["/timeline?lang=ru"]
    r = client.get("/dash/map?lang=zh", headers={"accept": "text/html"})  # behind a base path (/dash)
    assert _shell_of(r.text)[0] == "地图"
    for path in ("/map?present=true", "/?embed=true&lang=zh"):  # views without the sidebar: the file as it is
        assert client.get(path, headers={"accept": "text/html"}).text == SHELLED


def test_the_shell_escapes_its_heading_and_is_added_once(monkeypatch):
    from components.data import registry

    monkeypatch.setattr(registry.PageSpec, "heading", lambda self, lang=None: '<img src=x onerror="alert(1)">&')
    firstpaint.shell.cache_clear()
    try:
        once = firstpaint.with_shell(SHELLED.encode(), "/map", "en")
    finally:
        firstpaint.shell.cache_clear()
    text = once.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;" in text and "<img" not in text
    assert firstpaint.with_shell(once, "/map", "en") == once
    assert firstpaint.with_shell(HTML.encode(), "/map", "en") == HTML.encode()  # no empty root: left alone
    assert firstpaint.shell_lang(["zh", "ru"], "ru") == "ru"  # two values: dropped, as the app drops them
    for n in range(50):  # any path a client makes up shares its page's entry
        firstpaint.with_shell(SHELLED.encode(), f"/made-up-{n}", "en")
    assert firstpaint.shell.cache_info().currsize <= len(registry.pages()) * 3


def test_the_shell_names_streamlits_text_face_with_swap_so_it_shows_before_the_font_comes():
    """Streamlit's own HTML preloads Source Sans, declared in its stylesheet without font-display
    (text stays invisible until the file comes): the shell names the same file, once, with
    font-display: swap, and the stylesheet puts that face first for the shell."""
    import re
    from pathlib import Path

    import streamlit

    html = (Path(streamlit.__file__).parent / "static" / "index.html").read_bytes()
    preload = re.search(rb'rel="preload"\s+href="([^"]+\.woff2)"', html)
    assert preload, "Streamlit's HTML no longer preloads its font: see FONT_PRELOAD"
    out = firstpaint.with_shell(html, "/sources", "en").decode()
    faces = re.findall(r'<style id="cc5-shell-font">@font-face\{font-family:"cc5-shell";src:url\("([^"]+)"\) '
                       r'format\("woff2"\);font-weight:100 900;font-display:swap\}</style></head>', out)
    assert faces == [preload.group(1).decode()]
    assert firstpaint.with_shell(out.encode(), "/sources", "en").decode() == out  # once
    assert "cc5-shell-font" not in firstpaint.with_shell(SHELLED.encode(), "/", "en").decode()  # no preload, no face
    assert '"cc5-shell", "Source Sans"' in firstpaint.STYLESHEET.read_text(encoding="utf-8")
