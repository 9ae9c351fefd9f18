"""Content codings as HTTP asks: which one a client takes (``Accept-Encoding`` with its weights),
the ETag of each coded form, ``If-None-Match``; and gzip for the responses that are not static
files (pages, data routes; components/web/webserver.py compresses the static ones once):

- only when ``Accept-Encoding`` takes gzip (``gzip;q=0`` refuses it, whatever ``*`` says);
- the gzip form carries its own strong ETag (``"abc"`` -> ``"abc-gzip"``), and a client that
  holds that form and asks ``If-None-Match: "abc-gzip"`` gets 304 from the route's own check;
- one ``Vary`` header, each name once, whatever the layers below added.

Streamed responses (several body messages) pass as they come.
"""

from __future__ import annotations

import gzip

from starlette.types import ASGIApp, Message, Receive, Scope, Send

try:  # Brotli is in requirements.txt; gzip alone still works without it
    import brotli
except ImportError:  # pragma: no cover
    brotli = None

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/wasm",
                "application/manifest+json", "font/ttf", "application/x-font-ttf")
BROTLI_QUALITY = 5  # as fast as gzip level 6 here and ~13 % smaller (PlotlyChart bundle: 4.7 MB -> 1.24 MB)
GZIP_LEVEL = 6


def _header(scope: Scope, name: bytes) -> str:
    for k, v in scope.get("headers", []):
        if k.lower() == name:
            return bytes(v).decode("latin-1")
    return ""


def _codings(accept: str) -> dict[str, float]:
    taken: dict[str, float] = {}
    for part in accept.split(","):
        name, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if name:
            taken[name.lower()] = q
    return taken


def accepts(accept: str, coding: str) -> bool:
    """Whether ``Accept-Encoding`` takes ``coding``: named with q > 0, or ``*`` with q > 0 and the
    coding not refused by name (``gzip;q=0`` refuses gzip, whatever ``*`` says)."""
    taken = _codings(accept)
    if coding in taken:
        return taken[coding] > 0
    return taken.get("*", 0) > 0


def choose_encoding(accept: str) -> str | None:
    """``br`` when the client takes it (and Brotli is installed), else ``gzip``, else None."""
    if brotli is not None and accepts(accept, "br"):
        return "br"
    return "gzip" if accepts(accept, "gzip") else None


def etag_matches(if_none_match: str, tag: str) -> bool:
    """``If-None-Match`` against an ETag: ``*``, or the tag among the listed ones (weak comparison)."""
    if if_none_match.strip() == "*":
        return True
    listed = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return tag.removeprefix("W/") in listed


def tagged(etag: bytes, encoding: str) -> bytes:
    """The ETag of the ``encoding`` form of a response: each form its own strong tag
    (``"abc"`` -> ``"abc-br"``)."""
    text = etag.decode("latin-1")
    if text.endswith('"'):
        text = text[:-1] + f'-{encoding}"'
    return text.encode("latin-1")


def compress(body: bytes, encoding: str) -> bytes:
    if encoding == "br" and brotli is not None:
        return bytes(brotli.compress(body, quality=BROTLI_QUALITY))
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)



SUFFIX = b"-gzip"


def merged_vary(headers: list[tuple[bytes, bytes]], add: tuple[str, ...] = ()) -> list[tuple[bytes, bytes]]:
    """The headers with every ``Vary`` merged into one, each name once (first spelling kept)."""
    names: list[str] = []
    for k, v in headers:
        if k.lower() == b"vary":
            names += [n.strip() for n in v.decode("latin-1").split(",") if n.strip()]
    names += list(add)
    seen: dict[str, str] = {}
    for n in names:
        seen.setdefault(n.lower(), n)
    out = [(k, v) for k, v in headers if k.lower() != b"vary"]
    if seen:
        out.append((b"vary", ", ".join(seen.values()).encode("latin-1")))
    return out


def _untagged(value: str) -> str:
    """``If-None-Match`` with the gzip form's suffix taken off each tag: the route compares its own."""
    return ", ".join(t.strip().replace(SUFFIX.decode() + '"', '"') for t in value.split(","))


class Gzip:
    def __init__(self, app: ASGIApp, minimum_size: int = 1000) -> None:
        self.app = app
        self.minimum_size = minimum_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not accepts(_header(scope, b"accept-encoding"), "gzip") or _header(scope, b"range"):
            async def plain(message: Message) -> None:
                if message["type"] == "http.response.start":
                    message = {**message, "headers": merged_vary(list(message.get("headers", [])))}
                await send(message)

            await self.app(scope, receive, plain)
            return
        inner = dict(scope)
        inner["headers"] = [(k, _untagged(v.decode("latin-1")).encode("latin-1") if k.lower() == b"if-none-match"
                             else v) for k, v in scope.get("headers", [])]
        start: Message | None = None
        streaming = False

        async def catch(message: Message) -> None:
            nonlocal start, streaming
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            if streaming:
                await send(message)
                return
            if message.get("more_body", False):  # streamed: sent as it comes
                streaming = True
                await send({**start, "headers": merged_vary(list(start.get("headers", [])))})
                await send(message)
                return
            await self._finish(start, message.get("body", b""), send)

        await self.app(inner, receive, catch)

    async def _finish(self, start: Message, body: bytes, send: Send) -> None:
        headers = list(start.get("headers", []))
        names = {k.lower(): v for k, v in headers}
        ctype = names.get(b"content-type", b"").decode("latin-1").lower()
        status = start["status"]
        etag = names.get(b"etag")
        if status == 304 and etag is not None:  # the client holds the gzip form: name it
            headers = [(k, tagged(v, "gzip") if k.lower() == b"etag" else v) for k, v in headers]
            await send({**start, "headers": merged_vary(headers, ("Accept-Encoding",))})
            await send({"type": "http.response.body", "body": body})
            return
        if (len(body) < self.minimum_size or b"content-encoding" in names or not ctype.startswith(COMPRESSIBLE)
                or status < 200 or status in (204, 304)):
            await send({**start, "headers": merged_vary(headers)})
            await send({"type": "http.response.body", "body": body})
            return
        packed = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
        out = [(k, v) for k, v in headers if k.lower() not in (b"content-length", b"etag")]
        out += [(b"content-encoding", b"gzip"), (b"content-length", str(len(packed)).encode())]
        if etag is not None:
            out.append((b"etag", tagged(etag, "gzip")))
        await send({**start, "headers": merged_vary(out, ("Accept-Encoding",))})
        await send({"type": "http.response.body", "body": packed})
