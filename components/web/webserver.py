"""What the server adds around Streamlit (``server.py``: ``st.App("app.py", ...)``).

- **Compression on by default.** Streamlit sends its JavaScript bundles uncompressed (about 3 MB
  more per page than behind a gzip proxy): it will not recompress an immutable bundle on every
  request. ``CompressedAssets`` compresses each static file once, per encoding (Brotli when the
  browser takes it, else gzip), keeps the bytes in a bounded cache and answers later requests
  from it; the long ``immutable`` cache headers Streamlit sets on hashed bundles stay. Other
  responses (pages, data routes) go through components/web/compression.py's gzip.
- **Headers for embedding and safety.** A ``Content-Security-Policy`` whose ``frame-ancestors``
  is ``CC5_FRAME_ANCESTORS`` (default ``'self'``: set the sites that may embed the dashboard,
  e.g. ``'self' https://example.org``, or ``*``), ``object-src 'none'``, ``base-uri 'self'``;
  ``X-Content-Type-Options: nosniff``; ``Referrer-Policy``.
- **Memory given back**: the lifespan drops views no reader asked for in ``CC5_MEMO_IDLE_S``
  seconds (default 30) and returns the freed memory to the system.
- **Which replica answered**: ``X-CC5-Replica`` with ``CC5_REPLICA``'s value, when set.
- **Host allow-list, websocket origin, public address**: components/web/hosts.py.
"""

from __future__ import annotations

import ctypes
import gc
import os
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from components.web.compression import (  # noqa: F401 - the helpers' home; tests and callers use them here too
    COMPRESSIBLE,
    Gzip,
    _header,
    accepts,
    choose_encoding,
    compress,
    etag_matches,
    tagged,
)
from components.web.firstpaint import SteadyFirstPaint
from components.web.hosts import HostGuard, allowed_hosts, frame_ancestors

ASSET_PREFIXES = ("/static/",)
CACHE_BUDGET = 64 * 1024 * 1024  # bytes kept, all told
CACHE_ENTRIES = 512  # files kept (Streamlit's static folder holds ~300 compressible files)


@dataclass(frozen=True)
class _Kept:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


def static_dir() -> Path:
    import streamlit

    return Path(streamlit.__file__).resolve().parent / "static"


class CompressedAssets:
    """Streamlit's static files compressed once per file and encoding, answered from memory.

    Only a request whose path names a real file of Streamlit's static folder is kept, keyed by
    that file (its path, size and modification time) and the encoding, never by the request's
    own path: 3,000 made-up paths under ``/static/`` (which Streamlit answers with its app
    shell) leave the cache as it was. The cache is bounded in entries and in bytes (bodies,
    headers and keys counted)."""

    def __init__(self, app: ASGIApp, prefixes: Iterable[str] = ASSET_PREFIXES, budget: int = CACHE_BUDGET,
                 max_entries: int = CACHE_ENTRIES, root: Path | None = None) -> None:
        self.app = app
        self.prefixes = tuple(prefixes)
        self.budget = budget
        self.max_entries = max_entries
        self.root = root
        self.kept: OrderedDict[tuple[str, int, int, str], _Kept] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def file_key(self, path: str) -> tuple[str, int, int] | None:
        """(file, size, mtime) of the static file the path names, or None when it names none."""
        if not path.startswith(self.prefixes) or "\x00" in path:
            return None
        root = (self.root or static_dir()).resolve()
        try:
            target = (root / path.lstrip("/")).resolve()  # /static/js/a.js: <streamlit>/static/static/js/a.js
            if not target.is_relative_to(root) or not target.is_file():
                return None
            st = target.stat()
        except (OSError, ValueError):
            return None
        return str(target), st.st_size, st.st_mtime_ns

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET" or _header(scope, b"range"):
            await self.app(scope, receive, send)
            return
        encoding = choose_encoding(_header(scope, b"accept-encoding"))
        found = self.file_key(scope.get("path", "")) if encoding else None
        if encoding is None or found is None:
            await self.app(scope, receive, send)
            return
        key = (*found, encoding)
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
        if etag is not None and etag_matches(_header(scope, b"if-none-match"), etag.decode("latin-1")):
            headers = [(k, v) for k, v in kept.headers if k in (b"etag", b"cache-control", b"vary")]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": kept.status, "headers": list(kept.headers)})
        await send({"type": "http.response.body", "body": kept.body})

    async def _collect(self, scope: Scope, receive: Receive) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        status, headers, chunks = 500, [], []
        inner = dict(scope)
        drop = (b"accept-encoding", b"if-none-match", b"if-modified-since")  # the whole file, always
        inner["headers"] = [(k, v) for k, v in scope.get("headers", []) if k.lower() not in drop]

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
        drop = {b"content-length", b"content-encoding", b"vary", b"etag"}
        out = [(k, v) for k, v in headers if k.lower() not in drop]
        out += [(b"content-encoding", encoding.encode()), (b"content-length", str(len(packed)).encode()),
                (b"vary", b"Accept-Encoding")]
        if b"etag" in names:  # each encoding its own strong ETag
            out.append((b"etag", tagged(names[b"etag"], encoding)))
        return _Kept(status, tuple(out), packed)

    @staticmethod
    def _cost(key: tuple[str, int, int, str], kept: _Kept) -> int:
        return len(kept.body) + sum(len(k) + len(v) for k, v in kept.headers) + len(key[0]) + 64

    def _keep(self, key: tuple[str, int, int, str], kept: _Kept) -> None:
        cost = self._cost(key, kept)
        with self.lock:
            if key in self.kept or cost > self.budget:
                return
            self.kept[key] = kept
            self.size += cost
            while (self.size > self.budget or len(self.kept) > self.max_entries) and self.kept:
                old_key, old = self.kept.popitem(last=False)
                self.size -= self._cost(old_key, old)


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
    from components.views import memo

    dropped = memo.expire(idle_s)
    if dropped:
        give_back_memory()
    return dropped


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[dict[str, Any]]:
    """``st.App``'s lifespan: says where the dashboard is (the start-up checks ran when the app
    was imported: components/web/startup.py); then housekeeping every few seconds while the server
    runs, so that a replica's memory goes back down after a burst of readers (docs/benchmarks.md)."""
    from components.web.startup import announce

    announce()

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


def middleware(env: dict[str, str] | os._Environ[str] = os.environ) -> list[Middleware]:
    """Outermost first: the host and origin guard (components/web/hosts.py), security headers,
    compression, the first paint's stylesheet (components/web/firstpaint.py)."""
    stack: list[Middleware] = [Middleware(HostGuard, hosts=allowed_hosts(env),
                                          curating=env.get("CC5_CURATE", "") == "1")]
    replica = "".join(c for c in env.get("CC5_REPLICA", "") if c.isalnum() or c in "-_.:")
    stack.append(Middleware(SecurityHeaders, frame_ancestors=frame_ancestors(env), replica=replica))
    stack.append(Middleware(CompressedAssets))
    stack.append(Middleware(Gzip, minimum_size=1000))
    stack.append(Middleware(SteadyFirstPaint))  # innermost: the page's HTML is compressed with its stylesheet
    return stack


__all__: list[Any] = ["CompressedAssets", "SecurityHeaders", "middleware", "choose_encoding", "csp"]
