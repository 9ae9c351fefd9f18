"""Which ``Host`` the server answers, which page may open its websocket, and the public address
the data routes write into their links (components/web/webserver.py puts ``HostGuard`` outermost).

- ``CC5_ALLOWED_HOSTS`` (comma-separated names, ``*.example.org`` for subdomains): any other
  ``Host`` gets 400, websockets included. Unset: every host is served, except with the curator's
  workspace on (``CC5_CURATE=1``), where only loopback names (``localhost``, ``127.0.0.1``,
  ``[::1]``) and the listed hosts are: a page on another name whose address was rebound to this
  machine (DNS rebinding) can neither load the workspace nor open its websocket.
- A websocket whose ``Origin`` is not the ``Host`` it was sent to (another site's page) is refused,
  whatever the allow-list: Streamlit would otherwise ask an outside host for this machine's
  address to decide.
- The health checks (``/_stcore/health``, ``/healthz``) answer whatever the ``Host``: probes and
  the cluster manager ask by address.
- ``CC5_PUBLIC_URL`` (``https://monitor.example.org``): the address absolute links are made of.
  Unset: the request's own address when its host is trusted (listed in ``CC5_ALLOWED_HOSTS`` or a
  loopback name), else links relative to the site's root; a forged ``Host`` never reaches a link.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
HEALTH_PATHS = frozenset({"/_stcore/health", "/healthz", "/_stcore/script-health-check"})
Env = Mapping[str, str]


def allowed_hosts(env: Env = os.environ) -> list[str]:
    return [h.strip().lower() for h in env.get("CC5_ALLOWED_HOSTS", "").split(",") if h.strip()]


def host_name(value: str) -> str:
    """``Host``'s name without the port, lower case (``[::1]:8501`` -> ``::1``); "" when malformed."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[1:end] if end > 0 else ""
    name = value.rsplit(":", 1)[0] if value.count(":") == 1 else value
    return name.rstrip(".")


def listed(name: str, patterns: Sequence[str]) -> bool:
    for p in patterns:
        if p == "*" or name == p or (p.startswith("*.") and name.endswith(p[1:])):
            return True
    return False


def public_url(env: Env = os.environ) -> str:
    """``CC5_PUBLIC_URL`` checked: "" when unset; ValueError in plain words when it is not an
    http(s) address without query or fragment."""
    value = env.get("CC5_PUBLIC_URL", "").strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"CC5_PUBLIC_URL must be an http(s) address such as https://monitor.example.org, "
                         f"not {value!r}")
    return value.rstrip("/") + "/"


def trusted(name: str, env: Env = os.environ) -> bool:
    """A host name links may be made of: a loopback name or one listed in CC5_ALLOWED_HOSTS
    (a catch-all ``*`` does not count)."""
    return name in LOOPBACK_NAMES or listed(name, [h for h in allowed_hosts(env) if h != "*"])


def base_url(scheme: str, host_header: str, env: Env = os.environ) -> str:
    """The address absolute links start with, for a request with this scheme and ``Host``."""
    configured = public_url(env)
    if configured:
        return configured
    if host_header and trusted(host_name(host_header), env):
        return f"{scheme}://{host_header.strip()}/"
    return "/"


def _header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope.get("headers", []):
        if k.lower() == name:
            return bytes(v).decode("latin-1")
    return None


class HostGuard:
    """400 for a ``Host`` outside the allow-list (loopback names only when curating without
    one), 403 for a cross-site websocket; the health checks always pass."""

    def __init__(self, app: ASGIApp, hosts: Sequence[str] = (), curating: bool = False) -> None:
        self.app = app
        self.hosts = [h.lower() for h in hosts]
        self.curating = curating

    def host_ok(self, name: str) -> bool:
        if not name:
            return not self.hosts and not self.curating
        if self.curating and name in LOOPBACK_NAMES:
            return True
        if self.hosts:
            return listed(name, self.hosts)
        return not self.curating

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket") or (kind == "http" and scope.get("path") in HEALTH_PATHS):
            await self.app(scope, receive, send)
            return
        host = _header(scope, b"host") or ""
        name = host_name(host)
        why = None if self.host_ok(name) else f"Host {host[:100]!r} is not served here.\n"
        if why is None and kind == "websocket":
            origin = _header(scope, b"origin")
            if origin is not None and (urlsplit(origin).hostname or "") != name:
                why = "A page from another site may not open this app's connection.\n"
        if why is None:
            await self.app(scope, receive, send)
            return
        if kind == "websocket":  # closing before accepting: the server answers 403
            await send({"type": "websocket.close", "code": 1008})
            return
        body = why.encode("utf-8", "replace")
        await send({"type": "http.response.start", "status": 400,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def frame_ancestors(env: Env = os.environ) -> str:
    """The CSP's frame-ancestors from CC5_FRAME_ANCESTORS (default 'self'); ValueError in plain words
    for a value that would add directives."""
    value = env.get("CC5_FRAME_ANCESTORS", "").strip()
    if not value:
        return "'self'"
    if any(c in value for c in ";,\r\n"):
        raise ValueError(f"CC5_FRAME_ANCESTORS must be sources separated by spaces, not {value!r}")
    return value
