"""What the server adds around Streamlit (``server.py``: ``st.App("app.py", ...)``).

- **Compression on by default.** Streamlit sends its JavaScript bundles uncompressed (about 3 MB
  more per page than behind a gzip proxy): it will not recompress an immutable bundle on every
  request. ``CompressedAssets`` compresses each static file once, per encoding (Brotli when the
  browser takes it, else gzip), keeps the bytes in a bounded cache and answers later requests
  from it; the long ``immutable`` cache headers Streamlit sets on hashed bundles stay. Other
  responses (pages, data routes) go through Starlette's gzip.
- **Headers for embedding and safety.** A ``Content-Security-Policy`` whose ``frame-ancestors``
  is ``CC5_FRAME_ANCESTORS`` (default ``'self'``: set the sites that may embed the dashboard,
  e.g. ``'self' https://example.org``, or ``*``), ``object-src 'none'``, ``base-uri 'self'``;
  ``X-Content-Type-Options: nosniff``; ``Referrer-Policy``.
- **Memory given back**: the lifespan drops views no reader asked for in ``CC5_MEMO_IDLE_S``
  seconds (default 30) and returns the freed memory to the system.
- **Which replica answered**: ``X-CC5-Replica`` with ``CC5_REPLICA``'s value, when set.
- **Host allow-list, websocket origin, public address**: components/hosts.py.
"""

from __future__ import annotations

import ctypes
import gc
import gzip
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import anyio
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from components.hosts import HostGuard, allowed_hosts

try:  # Brotli is in requirements.txt; gzip alone still works without it
    import brotli
except ImportError:  # pragma: no cover
    brotli = None

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/wasm",
                "application/manifest+json", "font/ttf", "application/x-font-ttf")
ASSET_PREFIXES = ("/static/",)
BROTLI_QUALITY = 5  # as fast as gzip level 6 here and ~13 % smaller (PlotlyChart bundle: 4.7 MB -> 1.24 MB)
GZIP_LEVEL = 6
CACHE_BUDGET = 64 * 1024 * 1024


def _header(scope: Scope, name: bytes) -> str:
    for k, v in scope.get("headers", []):
        if k.lower() == name:
            return bytes(v).decode("latin-1")
    return ""


def choose_encoding(accept: str) -> str | None:
    """``br`` when the client takes it (and Brotli is installed), else ``gzip``, else None."""
    taken = {}
    for part in accept.split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        taken[name.strip().lower()] = q
    if brotli is not None and taken.get("br", 0) > 0:
        return "br"
    if taken.get("gzip", 0) > 0 or taken.get("*", 0) > 0:
        return "gzip"
    return None


def compress(body: bytes, encoding: str) -> bytes:
    if encoding == "br" and brotli is not None:
        return bytes(brotli.compress(body, quality=BROTLI_QUALITY))
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


@dataclass(frozen=True)
class _Kept:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


class CompressedAssets:
    """Static files compressed once per path and encoding, answered from memory afterwards."""

    def __init__(self, app: ASGIApp, prefixes: Iterable[str] = ASSET_PREFIXES, budget: int = CACHE_BUDGET) -> None:
        self.app = app
        self.prefixes = tuple(prefixes)
        self.budget = budget
        self.kept: OrderedDict[tuple[str, str], _Kept] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or not any(p in path for p in self.prefixes)
            or _header(scope, b"range")
        ):
            await self.app(scope, receive, send)
            return
        encoding = choose_encoding(_header(scope, b"accept-encoding"))
        if encoding is None:
            await self.app(scope, receive, send)
            return
        key = (path, encoding)
        with self.lock:
            kept = self.kept.get(key)
            if kept is not None:
                self.kept.move_to_end(key)
        if kept is None:
            status, headers, body = await self._collect(scope, receive)
            kept = await self._compressed(status, headers, body, encoding)
            if kept is None:  # not compressible or not a plain 200: answered as it came
                await send({"type": "http.response.start", "status": status, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
            self._keep(key, kept)
        etag = next((v for k, v in kept.headers if k == b"etag"), None)
        if etag is not None and etag.decode("latin-1") in _header(scope, b"if-none-match"):
            headers = [(k, v) for k, v in kept.headers if k in (b"etag", b"cache-control", b"vary")]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": kept.status, "headers": list(kept.headers)})
        await send({"type": "http.response.body", "body": kept.body})

    async def _collect(self, scope: Scope, receive: Receive) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        status, headers, chunks = 500, [], []
        inner = dict(scope)
        inner["headers"] = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"]

        async def catch(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status, headers = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(inner, receive, catch)
        return status, headers, b"".join(chunks)

    async def _compressed(
        self, status: int, headers: list[tuple[bytes, bytes]], body: bytes, encoding: str
    ) -> _Kept | None:
        names = {k.lower(): v for k, v in headers}
        ctype = names.get(b"content-type", b"").decode("latin-1").lower()
        if status != 200 or b"content-encoding" in names or not ctype.startswith(COMPRESSIBLE) or len(body) < 512:
            return None
        packed = await anyio.to_thread.run_sync(compress, body, encoding)
        drop = {b"content-length", b"content-encoding", b"vary"}
        out = [(k, v) for k, v in headers if k.lower() not in drop]
        out += [(b"content-encoding", encoding.encode()), (b"content-length", str(len(packed)).encode()),
                (b"vary", b"Accept-Encoding")]
        return _Kept(status, tuple(out), packed)

    def _keep(self, key: tuple[str, str], kept: _Kept) -> None:
        with self.lock:
            if key in self.kept or len(kept.body) > self.budget:
                return
            self.kept[key] = kept
            self.size += len(kept.body)
            while self.size > self.budget and self.kept:
                _, old = self.kept.popitem(last=False)
                self.size -= len(old.body)


# --------------------------------------------------------------------------- memory

IDLE_S = float(os.environ.get("CC5_MEMO_IDLE_S", "30"))  # a view unused this long is dropped
HOUSEKEEPING_S = 10.0  # how often the server looks


def give_back_memory() -> None:
    """Return freed memory to the system: Python's collector, pyarrow's pool, glibc's heap."""
    gc.collect()
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except Exception:  # noqa: BLE001 - an optional step
        pass
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def housekeeping(idle_s: float = IDLE_S) -> int:
    """Drop the views no reader asked for in ``idle_s`` seconds and give the memory back; the
    number dropped."""
    from components import memo

    dropped = memo.expire(idle_s)
    if dropped:
        give_back_memory()
    return dropped


def check_curation() -> None:
    """Refuse to start a server with the curation switch on an open address without a token."""
    from components import registry
    from components.curate.access import startup_refusal, token

    if not registry.curating():
        return
    import streamlit as st

    why = startup_refusal(True, st.get_option("server.address"), bool(token()))
    if why:
        sys.stderr.write(f"error: {why}\n")
        sys.stderr.flush()
        os._exit(2)  # before serving anything; uvicorn would print a traceback for an exception


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[dict[str, Any]]:
    """``st.App``'s lifespan: refuses to start with the curation switch on an open address
    without a token; then housekeeping every few seconds while the server runs, so that a
    replica's memory goes back down after a burst of readers (docs/benchmarks.md)."""
    check_curation()

    async def loop() -> None:
        while True:
            await anyio.sleep(HOUSEKEEPING_S)
            await anyio.to_thread.run_sync(housekeeping)

    async with anyio.create_task_group() as tg:
        tg.start_soon(loop)
        yield {}
        tg.cancel_scope.cancel()


def csp(frame_ancestors: str) -> str:
    return f"frame-ancestors {frame_ancestors}; object-src 'none'; base-uri 'self'"


class SecurityHeaders:
    """Headers on every HTTP response: the CSP's frame-ancestors, nosniff, referrer policy."""

    def __init__(self, app: ASGIApp, frame_ancestors: str = "'self'", replica: str = "") -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", csp(frame_ancestors).encode("latin-1")),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"strict-origin-when-cross-origin"),
        ]
        if replica:  # which replica answered (CC5_REPLICA), for operators behind a proxy
            self.headers.append((b"x-cc5-replica", replica.encode("ascii", "replace")[:64]))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def add(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in self.headers if k not in present
                ]
            await send(message)

        await self.app(scope, receive, add)


def frame_ancestors(env: dict[str, str] | os._Environ[str] = os.environ) -> str:
    value = env.get("CC5_FRAME_ANCESTORS", "").strip()
    if not value:
        return "'self'"
    if any(c in value for c in ";,\r\n"):
        raise ValueError(f"CC5_FRAME_ANCESTORS must be sources separated by spaces, not {value!r}")
    return value


def middleware(env: dict[str, str] | os._Environ[str] = os.environ) -> list[Middleware]:
    """Outermost first: the host and origin guard (components/hosts.py), security headers,
    compression."""
    stack: list[Middleware] = [Middleware(HostGuard, hosts=allowed_hosts(env),
                                          curating=env.get("CC5_CURATE", "") == "1")]
    replica = "".join(c for c in env.get("CC5_REPLICA", "") if c.isalnum() or c in "-_.:")
    stack.append(Middleware(SecurityHeaders, frame_ancestors=frame_ancestors(env), replica=replica))
    stack.append(Middleware(CompressedAssets))
    stack.append(Middleware(GZipMiddleware, minimum_size=1000))
    return stack


__all__: list[Any] = ["CompressedAssets", "SecurityHeaders", "middleware", "choose_encoding", "csp"]
