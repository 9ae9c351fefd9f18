"""Pictures of figures: a render service around kaleido's public API, and the framing (title
and footer inside the image) that every exported chart and map gets.

kaleido drives the system's Chromium. The service keeps one ``kaleido.Kaleido`` open on an
event loop of its own, renders one image at a time and never waits past a deadline; a browser
that fails or hangs is closed and the next render starts a new one. MathJax (which kaleido
loads from a public CDN by default) is off, and Chromium starts through
``scripts/chromium-offline`` (no background networking) behind a proxy address that answers
nothing, so rendering makes no request to any host.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import threading
import unicodedata
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

import plotly.graph_objects as go

from components import PROJECT_ROOT
from components.data import i18n
from components.data.i18n import N_, _
from components.data.labels import esc, wrap
from components.render import fonts
from components.render.charts import FONT

APP_NAME = N_("China–Central Asia Cooperation Monitor")  # the catalog's id; shown as _(APP_NAME)
RENDER_TIMEOUT_S = 180.0
OFFLINE_WRAPPER = PROJECT_ROOT / "scripts" / "chromium-offline"
DEAD_PROXY = "127.0.0.1:9"  # the discard port: nothing answers, so no request leaves the browser


class ExportError(RuntimeError):
    """An image could not be rendered (most often: no working Chromium for kaleido)."""


class MissingFontError(ExportError):
    """A picture in Chinese was asked for and the server has no CJK font (``fonts-noto-cjk``):
    it is refused rather than drawn with empty boxes for characters."""


def require_fonts(lang: str | None = None) -> None:
    """Raise :class:`MissingFontError` when pictures in the language (the current one unless
    given) need a font this server lacks."""
    lang = lang or i18n.current()
    if fonts.needs_cjk(lang) and not fonts.cjk_available():
        raise MissingFontError(fonts.missing_message(lang))


def localise_fonts(fig: go.Figure, lang: str | None = None) -> go.Figure:
    """``fig`` (changed in place) with the language's face first in every font family it names:
    for Chinese, Noto Sans CJK SC, so that Chromium draws simplified-Chinese glyphs."""
    lang = lang or i18n.current()
    if fonts.family_for(lang) is None:
        return fig
    fig.update_layout(font_family=fonts.with_family(str(fig.layout.font.family or FONT["family"]), lang))
    for part in (fig.layout.title, fig.layout.legend, fig.layout.hoverlabel):
        if part.font.family:
            part.font.family = fonts.with_family(part.font.family, lang)
    for ann in fig.layout.annotations:
        if ann.font.family:
            ann.font.family = fonts.with_family(ann.font.family, lang)
    for trace in fig.data:
        for attr in ("textfont", "insidetextfont", "outsidetextfont"):
            font = getattr(trace, attr, None)
            if font is not None and font.family:
                if isinstance(font.family, str):
                    font.family = fonts.with_family(font.family, lang)
    return fig


def browser_path() -> str | None:
    """The Chromium kaleido will use: ``BROWSER_PATH``, else the first one on ``PATH``."""
    env = os.environ.get("BROWSER_PATH")
    if env:
        return env if os.access(env, os.X_OK) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def render_timeout() -> float:
    try:
        return float(os.environ.get("CC5_RENDER_TIMEOUT_S", RENDER_TIMEOUT_S))
    except ValueError:
        return RENDER_TIMEOUT_S


class RenderService:
    """One kaleido browser on its own event loop thread; one render at a time, each with a deadline."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: Any = None

    def _event_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="kaleido-loop", daemon=True).start()
            self._loop = loop
        return self._loop

    def _run(self, coro: Any, timeout: float) -> Any:
        fut: Future[Any] = asyncio.run_coroutine_threadsafe(coro, self._event_loop())
        try:
            return fut.result(timeout=max(timeout, 0.1))
        except FutureTimeout:
            fut.cancel()
            raise

    def _open(self, browser: str, timeout: float) -> Any:
        import kaleido

        os.environ["CC5_CHROMIUM"] = browser  # the wrapper starts this browser, with its flags
        path = str(OFFLINE_WRAPPER) if os.access(OFFLINE_WRAPPER, os.X_OK) else browser
        k = kaleido.Kaleido(n=1, timeout=timeout, mathjax=False, path=path, proxy_server=DEAD_PROXY)
        self._run(k.open(), timeout)
        return k

    def close(self) -> None:
        """Close the browser (a later render opens a new one)."""
        k, self._kaleido = self._kaleido, None
        if k is not None and self._loop is not None:
            try:
                self._run(k.close(), 10)
            except Exception:  # noqa: BLE001 - a broken browser is simply dropped
                pass

    def render(self, fig: go.Figure, width: int, height: int, scale: float, fmt: str = "png") -> bytes:
        browser = browser_path()
        if browser is None:
            raise ExportError("no Chromium found: install it (apt-get install chromium) or set BROWSER_PATH.")
        timeout = render_timeout()
        with self._lock:
            try:
                if self._kaleido is None:
                    self._kaleido = self._open(browser, timeout)
                opts = {"format": fmt, "width": width, "height": height, "scale": scale}
                return bytes(self._run(self._kaleido.calc_fig(fig, opts=opts), timeout))
            except FutureTimeout:
                self.close()
                raise ExportError(
                    f"the image was not rendered within {timeout:.0f} s (set CC5_RENDER_TIMEOUT_S to wait longer)"
                ) from None
            except Exception as exc:
                self.close()
                raise ExportError(
                    f"PNG export failed ({type(exc).__name__}: {' '.join(str(exc).split())[:300]}). Kaleido renders "
                    f"with Chromium (found: {browser}); install it (apt-get install chromium) or set BROWSER_PATH."
                ) from exc


SERVICE = RenderService()
atexit.register(SERVICE.close)


def render_png(fig: go.Figure, width: int, height: int, scale: float = 1.0) -> bytes:
    """PNG bytes of ``fig`` as it stands (no title or footer added), with the current language's
    font first (Chinese: Noto Sans CJK SC). Raises :class:`ExportError` (:class:`MissingFontError`
    when Chinese is asked for and the server has no CJK font)."""
    require_fonts()
    if fonts.family_for(i18n.current()) is not None:
        fig = localise_fonts(go.Figure(fig))
    return SERVICE.render(fig, width, height, scale)


def render_svg(fig: go.Figure, width: int, height: int) -> str:
    """The SVG kaleido draws for ``fig`` (as :func:`render_png` does, but as text): the tests
    measure its labels against its edges."""
    require_fonts()
    if fonts.family_for(i18n.current()) is not None:
        fig = localise_fonts(go.Figure(fig))
    return SERVICE.render(fig, width, height, 1.0, fmt="svg").decode("utf-8")


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


# --------------------------------------------------------------------------- framing a figure

TITLE_PX = 24
FOOTER_PX = 14
_LINE = 1.45  # line height, in font sizes
_CHAR = 0.56  # average character width, in font sizes (DejaVu Sans)


def clip(text: object, limit: int) -> str:
    """Text on one line, cut to ``limit`` characters with an ellipsis."""
    out = " ".join(str(text).split())
    return out if len(out) <= limit else out[: limit - 1].rstrip() + "…"


def _em(ch: str) -> float:
    """A character's width in font sizes: 1 for full-width (CJK) characters, 0.6 otherwise."""
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.6


def clip_em(text: object, limit: float) -> str:
    """Text on one line, cut to ``limit`` font sizes of width (full-width characters count
    as one, others as 0.6) with an ellipsis."""
    out = " ".join(str(text).split())
    if sum(_em(ch) for ch in out) <= limit:
        return out
    used, kept = 0.6, []  # room for the ellipsis
    for ch in out:
        used += _em(ch)
        if used > limit:
            break
        kept.append(ch)
    return "".join(kept).rstrip() + "…"


def _margin(value: object, default: int) -> int:
    return int(value) if isinstance(value, int | float) else default


def _char_width() -> float:
    """Average character width in font sizes: CJK characters are a full em wide."""
    return 1.0 if fonts.needs_cjk(i18n.current()) else _CHAR


def footer_chars(width: int) -> int:
    """Characters per footer line in an image ``width`` layout pixels wide."""
    return max(40 if _char_width() == _CHAR else 24, int(width * 0.78 / (FOOTER_PX * _char_width())))


def source_limit(width: int) -> int:
    """Length of a source line that fits the footer's two source lines."""
    return 2 * footer_chars(width) - 20


def footer_lines(*, filters: str, source_line: str, dates: str, chars: int) -> list[str]:
    """The lines under an exported figure: filters, source, the data's two dates (the latest
    sourced item and the review day, ``labels.dates_line``) and app name."""
    source = source_line.strip()
    template = _("Source: {sources}")
    prefix = template.split("{sources}")[0].strip()
    if not source.lower().startswith("source") and not (prefix and source.startswith(prefix)):
        source = template.format(sources=source)
    src_lines = wrap(source, chars)
    if len(src_lines) > 2:
        src_lines = [src_lines[0], clip(" ".join(src_lines[1:]), chars)]
    shown = _("Filters: {filters}").format(filters=filters)
    dated = dates + " · " + _(APP_NAME)
    first = f"{shown} · {dated}"
    if len(first) <= chars:
        return [first, *src_lines]
    return [clip(shown, chars), *src_lines, clip(dated, chars)]



def framed_figure(
    fig: go.Figure, *, title: str, filters: str, source_line: str, dates: str, width: int = 1600, height: int = 900
) -> go.Figure:
    """A copy of ``fig`` with the title at the top and the footer inside the image.

    The margins grow by the room the title and footer take; a legend below the plot is
    moved to the right so that the footer has the bottom to itself.
    """
    out = go.Figure(fig)
    m = out.layout.margin
    top = _margin(m.t, 40)
    # room under the plot for the x axis' tick labels, unless the axis is hidden
    bottom = _margin(m.b, 40) if out.layout.xaxis.visible is False else max(_margin(m.b, 40), 40)
    lines = footer_lines(filters=filters, source_line=source_line, dates=dates, chars=footer_chars(width))
    footer_h = int(len(lines) * FOOTER_PX * _LINE) + 14
    title_h = int(TITLE_PX * _LINE) + 14
    legend = out.layout.legend
    if out.layout.showlegend is not False and (legend.orientation == "h" or (legend.y is not None and legend.y < 0)):
        out.update_layout(legend=dict(orientation="v", x=1.01, xanchor="left", y=1, yanchor="top"))
    if _char_width() == _CHAR:
        shown_title = clip(title, max(30, int(width * 0.9 / (TITLE_PX * 0.6))))
    else:  # Chinese: full-width characters take twice the room of Latin ones
        shown_title = clip_em(title, max(18.0, width * 0.9 / TITLE_PX))
    # the margins grow to the tick labels and axis titles as drawn, whatever template the figure has
    out.update_xaxes(automargin=True)
    out.update_yaxes(automargin=True)
    if out.layout.font.family is None:
        out.update_layout(font=FONT)
    localise_fonts(out)
    out.update_layout(
        width=width,
        height=height,
        paper_bgcolor="white",
        margin=dict(t=top + title_h, b=bottom + footer_h, l=_margin(m.l, 40), r=_margin(m.r, 40)),
        title=dict(
            text=f"<b>{esc(shown_title)}</b>",
            x=0,
            xref="paper",
            xanchor="left",
            y=1 - 12 / height,
            yref="container",
            yanchor="top",
            font=dict(size=TITLE_PX, color="#111111"),
            automargin=False,
        ),
    )
    out.add_annotation(
        text="<br>".join(esc(line) for line in lines),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        yshift=-(bottom + 4),
        align="left",
        showarrow=False,
        font=dict(size=FOOTER_PX, color="#444444"),
    )
    return out


def figure_png(
    fig: go.Figure,
    *,
    title: str,
    filters: str,
    source_line: str,
    dates: str,
    width: int = 1600,
    height: int = 900,
    scale: float = 1.0,
) -> bytes:
    """PNG of a copy of ``fig`` with title and footer (filters, source, the data's two dates, app name).

    The image is ``width * scale`` by ``height * scale`` pixels.
    """
    framed = framed_figure(
        fig, title=title, filters=filters, source_line=source_line, dates=dates, width=width, height=height
    )
    return render_png(framed, width, height, scale)
