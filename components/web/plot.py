"""Charts drawn by plotly.js's basic bundle, served by the app itself.

``st.plotly_chart`` loads Streamlit's copy of the full plotly.js (4.7 MB, every trace type); the
dashboard's charts are scatter and bar traces, which the basic bundle (``plotly.js-basic-dist-min``,
1.2 MB, same version as the Python package's plotly.js) draws alike. ``chart()`` mounts a
Streamlit custom component (``st.components.v2``, no iframe) whose JavaScript loads that bundle once
per page from this app's own route (``routes()``, never a CDN) and draws the figure with
``Plotly.react``. The figure is the view's own ``go.Figure``, serialised by plotly's encoder; the
component computes nothing of its own.

The bundle sits in ``assets/vendor/`` with its licence (MIT) and its Brotli and gzip copies;
``scripts/vendor-plotly-basic.sh`` fetches it again from npm and makes them. Its address carries
the first bytes of its SHA-256, so browsers and proxies may keep it for a year (``immutable``);
the route sends the copy the browser takes, read once per process.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from components import PROJECT_ROOT

BUNDLE = PROJECT_ROOT / "assets" / "vendor" / "plotly-basic.min.js"
CONFIG: dict[str, Any] = {"displaylogo": False, "responsive": True}
DEFAULT_HEIGHT = 450  # px, for a figure that names no height (plotly.js's own default)


@cache
def _bundle() -> tuple[str, dict[str, bytes]]:
    """The bundle's short digest and its bytes per content encoding, read once: the Brotli and
    gzip copies beside it are made by scripts/vendor-plotly-basic.sh (no compression at run time)."""
    raw = BUNDLE.read_bytes()
    bodies = {"identity": raw}
    for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
        copy = BUNDLE.with_name(BUNDLE.name + suffix)
        if copy.exists():
            bodies[encoding] = copy.read_bytes()
    return hashlib.sha256(raw).hexdigest()[:12], bodies


def bundle_url() -> str:
    return f"/cc5/assets/plotly-basic.{_bundle()[0]}.min.js"


def _encoding(accept: str) -> str:
    """The best encoding the client takes (``q=0`` refuses one), of those we keep."""
    taken: dict[str, float] = {}
    for part in accept.split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        taken[name.strip().lower()] = q
    for name in ("br", "gzip"):
        if name in _bundle()[1] and taken.get(name, taken.get("*", 0.0)) > 0:
            return name
    return "identity"


async def _serve(request: Request) -> Response:
    digest, bodies = _bundle()
    if request.path_params["digest"] != digest:
        return Response("Not found\n", status_code=404, media_type="text/plain")
    encoding = _encoding(request.headers.get("accept-encoding", ""))
    etag = f'"{digest}-{encoding}"'
    headers = {"Cache-Control": "public, max-age=31536000, immutable", "ETag": etag, "Vary": "Accept-Encoding"}
    if encoding != "identity":
        headers["Content-Encoding"] = encoding
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    body = b"" if request.method == "HEAD" else bodies[encoding]
    return Response(body, media_type="application/javascript", headers=headers)


def routes() -> list[Route]:
    return [Route("/cc5/assets/plotly-basic.{digest}.min.js", _serve, methods=["GET", "HEAD"])]


# The component's JavaScript: load the bundle once per page, then draw (or redraw) the figure.
# No data is put into HTML: the figure reaches plotly.js as JSON.
_JS = """
const DEFAULT_HEIGHT = __DEFAULT_HEIGHT__;
let loading = null;
function plotly(src) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = src; s.async = true;
      s.onload = () => resolve(window.Plotly);
      s.onerror = () => { loading = null; reject(new Error("plotly.js could not be loaded")); };
      document.head.appendChild(s);
    });
  }
  return loading;
}
export default function ({ parentElement, data }) {
  const el = parentElement.querySelector(".cc5-plot");
  const fig = JSON.parse(data.figure);
  el.style.height = (fig.layout && fig.layout.height ? fig.layout.height : DEFAULT_HEIGHT) + "px";
  plotly(data.src).then((P) => P.react(el, fig.data, fig.layout, data.config))
    .catch((e) => { el.textContent = String(e.message); });
  return () => { if (window.Plotly) window.Plotly.purge(el); };
}
"""
_JS = _JS.replace("__DEFAULT_HEIGHT__", str(DEFAULT_HEIGHT))
_CSS = ".cc5-plot{width:100%}"


@cache
def _component() -> Any:
    return st.components.v2.component("cc5_plot", html='<div class="cc5-plot"></div>', css=_CSS, js=_JS,
                                      isolate_styles=False)


def figure_json(fig: go.Figure) -> str:
    """The figure as plotly.js reads it (plotly's own encoder: typed arrays stay compact)."""
    return pio.to_json(fig, validate=False)


def chart(fig: go.Figure, *, key: str | None = None, config: dict[str, Any] | None = None) -> None:
    """Draw ``fig`` in the page's full width with the basic bundle (in place of ``st.plotly_chart``)."""
    # The figure's own height, held from the element's first paint: with "content" the element was
    # 0 px tall until the component's script ran, then pushed everything below it down (Lighthouse:
    # a layout shift of 0.35 on the Timeline). The same default as the script's.
    height = int(fig.layout.height or DEFAULT_HEIGHT)
    _component()(data={"figure": figure_json(fig), "src": bundle_url(), "config": {**CONFIG, **(config or {})}},
                 key=key, width="stretch", height=height)

