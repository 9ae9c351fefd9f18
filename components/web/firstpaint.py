"""The page's HTML with the stylesheet that holds its first layout steady (``assets/steady.css``).

Streamlit's HTML holds no content: its script draws a placeholder in the centred layout, then the
sidebar and the wide layout arrive with the first script run, and every painted element moves
(Lighthouse measured a cumulative layout shift of 0.3-0.45 on every page, a quarter of its score).
:class:`SteadyFirstPaint` puts the stylesheet, a static file of the project that holds no data,
into the ``<head>`` of every HTML page the app serves, except views that hide the sidebar
(``?present=true``, ``?embed=true``). The HTML is small and answered whole, so it is rewritten in
memory; its length is set again and its validators (ETag, Last-Modified) dropped, since the body
is no longer the file they describe.

The same views get an app shell: the page's heading (the ``<h1>`` its script will draw, from the
registry, in the link's ``lang=`` or else the browser's ``Accept-Language``), escaped, inside
Streamlit's empty ``<div id="root">``, and the app's title (``app.py``'s ``page_title``) for
``<title>Streamlit</title>``. A reader sees what is loading from the first paint instead of a
blank page for the 1-2 s Streamlit's script takes; React replaces the root's content when it
starts, so the shell leaves no trace in the app (it holds no data, and is hidden from assistive
technology: the real heading follows).
"""

from __future__ import annotations

import re
from functools import cache
from html import escape
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from components import PROJECT_ROOT
from components.data import i18n, registry
from components.data.filters import parse_lang
from components.web.compression import _header

STYLESHEET = PROJECT_ROOT / "assets" / "steady.css"
MARK = b'<style id="cc5-steady">'
NO_SIDEBAR = ("present", "embed")  # views that open with the sidebar hidden
ROOT = b'<div id="root"></div>'
SHELL_ID = b'<div id="cc5-shell"'
TAB_TITLE = b"<title>Streamlit</title>"
# Streamlit's HTML preloads its text face (Source Sans), which its stylesheet declares without a
# font-display: text in it stays invisible until the 170 KB file has come (on a throttled phone the
# shell's heading waited ~1.5 s for it). The shell names the same file again with font-display: swap.
FONT_PRELOAD = re.compile(rb'<link\s+rel="preload"\s+href="(\./static/media/[\w.-]+\.woff2)"\s+as="font"')
FONT_ID = b'<style id="cc5-shell-font">'


@cache
def style_tag() -> bytes:
    css = STYLESHEET.read_text(encoding="utf-8")
    if "<" in css:  # a "</style>" would end the tag early
        raise ValueError(f"{STYLESHEET} must not contain '<'")
    return MARK + css.encode("utf-8") + b"</style>"


def link_params(scope: Scope) -> dict[str, list[str]]:
    """The request's query, parsed once for every decision below."""
    return parse_qs(scope.get("query_string", b"").decode("latin-1"))


def hides_sidebar(params: dict[str, list[str]]) -> bool:
    """True when the link opens a view without the sidebar (the same test as app.py's)."""
    return any(v.lower() == "true" for key in NO_SIDEBAR for v in params.get(key, []))


def with_style(html: bytes) -> bytes:
    """``html`` with the stylesheet before ``</head>`` (once; unchanged when it has no head)."""
    if MARK in html:
        return html
    at = html.find(b"</head>")
    return html if at < 0 else html[:at] + style_tag() + html[at:]


def shell_lang(link_langs: list[str], accept_language: str) -> str:
    """The language the page will be drawn in, as far as the server can know it: the link's valid
    ``lang=``, else the browser's first choice (``Accept-Language``), else English. (The app also
    remembers a session's choice; a new page load of a link without ``lang=`` is the only case
    where the two can differ, and then only for the shell's moment.)"""
    first = accept_language.split(",")[0].split(";")[0]
    lang, _dropped = parse_lang(link_langs, i18n.from_locale(first))
    return lang


@cache  # keyed by the page and the language, never by the requested path: at most pages × 3 entries
def shell(page_key: str, lang: str) -> tuple[bytes, bytes]:
    """The shell's root element and the tab's title for the page ``page_key`` in ``lang``."""
    heading = escape(registry.page(page_key).heading(lang), quote=True).encode("utf-8")
    tab = escape(i18n.gettext(registry.APP_TITLE, lang), quote=True).encode("utf-8")  # app.py's page_title
    root = (SHELL_ID + b' aria-hidden="true"><p class="cc5-shell-heading">' + heading + b"</p></div>")
    return root, b"<title>" + tab + b"</title>"


def with_shell(html: bytes, url_path: str, lang: str) -> bytes:
    """``html`` with the shell in its empty root and the page's title on its tab (unchanged when it
    has no empty root, or has its shell already)."""
    if SHELL_ID in html or ROOT not in html:
        return html
    page = url_path.rstrip("/").rsplit("/", 1)[-1]  # the last segment: a base path (/dash/map) is not the page's
    root, tab = shell(registry.by_url_path(page).key, lang)
    html = html.replace(ROOT, ROOT[:-6] + root + b"</div>", 1).replace(TAB_TITLE, tab, 1)
    font = FONT_PRELOAD.search(html)
    if font is None or FONT_ID in html:
        return html
    face = (FONT_ID + b'@font-face{font-family:"cc5-shell";src:url("' + font.group(1)
            + b'") format("woff2");font-weight:100 900;font-display:swap}</style>')
    return html.replace(b"</head>", face + b"</head>", 1)


class SteadyFirstPaint:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        params = link_params(scope) if scope["type"] == "http" else {}
        if scope["type"] != "http" or scope.get("method") != "GET" or hides_sidebar(params):
            await self.app(scope, receive, send)
            return
        if "text/html" in _header(scope, b"accept"):  # a page: asked for plain, so the body can be read;
            scope = {**scope, "headers": [(k, v) for k, v in scope.get("headers", [])  # the Gzip layer
                                          if k.lower() != b"accept-encoding"]}  # outside compresses it after
        start: Message | None = None
        parts: list[bytes] = []

        async def catch(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                given = {k.lower(): v for k, v in message.get("headers", [])}
                html = given.get(b"content-type", b"").startswith(b"text/html")
                if not html or message.get("status") != 200 or b"content-encoding" in given:
                    await send(message)  # not a page: passed on as it comes
                    return
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            parts.append(message.get("body", b""))
            if message.get("more_body"):
                return
            lang = shell_lang(params.get(i18n.PARAM_LANG, []), _header(scope, b"accept-language"))
            body = with_shell(with_style(b"".join(parts)), scope.get("path", "/"), lang)
            drop = (b"content-length", b"etag", b"last-modified")
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in drop]
            headers.append((b"content-length", str(len(body)).encode()))
            if i18n.PARAM_LANG not in params:
                headers.append((b"vary", b"Accept-Language"))  # the shell's language came from the browser's
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, catch)
