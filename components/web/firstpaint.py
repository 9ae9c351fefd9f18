"""The page's HTML with the stylesheet that holds its first layout steady (``assets/steady.css``).

Streamlit's HTML holds no content: its script draws a placeholder in the centred layout, then the
sidebar and the wide layout arrive with the first script run, and every painted element moves
(Lighthouse measured a cumulative layout shift of 0.3-0.45 on every page, a quarter of its score).
:class:`SteadyFirstPaint` puts the stylesheet, a static file of the project that holds no data,
into the ``<head>`` of every HTML page the app serves, except views that hide the sidebar
(``?present=true``, ``?embed=true``). The HTML is small and answered whole, so it is rewritten in
memory; its length is set again and its validators (ETag, Last-Modified) dropped, since the body
is no longer the file they describe.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from components import PROJECT_ROOT
from components.web.compression import _header

STYLESHEET = PROJECT_ROOT / "assets" / "steady.css"
MARK = b'<style id="cc5-steady">'
NO_SIDEBAR = ("present", "embed")  # views that open with the sidebar hidden


@cache
def style_tag() -> bytes:
    css = STYLESHEET.read_text(encoding="utf-8")
    if "<" in css:  # a "</style>" would end the tag early
        raise ValueError(f"{STYLESHEET} must not contain '<'")
    return MARK + css.encode("utf-8") + b"</style>"


def hides_sidebar(query_string: bytes) -> bool:
    """True when the link opens a view without the sidebar (the same test as app.py's)."""
    params = parse_qs(query_string.decode("latin-1"))
    return any(v.lower() == "true" for key in NO_SIDEBAR for v in params.get(key, []))


def with_style(html: bytes) -> bytes:
    """``html`` with the stylesheet before ``</head>`` (once; unchanged when it has no head)."""
    if MARK in html:
        return html
    at = html.find(b"</head>")
    return html if at < 0 else html[:at] + style_tag() + html[at:]


class SteadyFirstPaint:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET" \
                or hides_sidebar(scope.get("query_string", b"")):
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
            body = with_style(b"".join(parts))
            drop = (b"content-length", b"etag", b"last-modified")
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in drop]
            await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, catch)
