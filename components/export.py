"""Briefing exports: CSV, the data package as a zip, PNG images of figures, and a PowerPoint deck.

Plain functions, no Streamlit, so that every export can be tested without a server:

- :func:`safe_csv` writes a frame as UTF-8 CSV with spreadsheet formulas neutralised
  (OWASP CSV-injection guidance); :func:`events_export` gives the readable event rows.
- :func:`dataset_zip` packs ``data/`` (CSV files, ``datapackage.json``, ``geo/``).
- :func:`figure_png` renders a copy of a plotly figure with a title and a footer (filters,
  source, data date, app name) through kaleido and the system's Chromium.
- :func:`map_figure` / :func:`map_png` draw the map for exports with *cartesian* plotly
  traces only: geographic traces fetch a base map from a CDN and render blank offline.
- :func:`build_deck` assembles a 16:9 ``.pptx`` briefing of seven slides; each slide
  carries a footer with its sources, the data date and the address that reopens the view.
"""

from __future__ import annotations

import io
import math
import os
import shutil
import threading
import time
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Pt

from components import maps
from components.charts import FONT, build_timeline
from components.data import DATA_DIR, PACKAGE_FILE, Dataset, records, source_lookup
from components.filters import COUNTRY_NAMES, Filters, filter_by_countries, filter_events, filter_trade
from components.labels import CATEGORY_LABELS, PROJECT_STATUS_LABELS, STATUS_LABELS, esc, format_date, wrap
from components.panels import (
    ABOUT,
    direction_ids,
    direction_panel,
    headline_figures,
    latest_and_next,
    mechanism_count,
    mechanism_summary,
)

APP_NAME = "China–Central Asia Cooperation Monitor"
DECK_TITLE = f"{APP_NAME} — briefing"
SLIDE_TITLES: tuple[str, ...] = (
    DECK_TITLE,
    "Key figures",
    "Map",
    "Timeline",
    "Six priority directions",
    "Ministerial mechanisms",
    "Sources",
)

# --------------------------------------------------------------------------- CSV

# OWASP: a cell that begins with one of these can be read as a formula by a spreadsheet.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
LIST_JOIN = ";"


def _neutralise(value: object) -> object:
    """One cell for CSV: lists joined, formula-like text prefixed with ``'``, numbers untouched."""
    if isinstance(value, list | tuple):
        value = LIST_JOIN.join("" if v is None else str(v) for v in value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_column(series: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
        return series
    if pd.api.types.is_datetime64_any_dtype(series):
        valid = series.dropna()
        dates_only = valid.empty or bool((valid == valid.dt.normalize()).all())
        fmt = "%Y-%m-%d" if dates_only else "%Y-%m-%dT%H:%M:%S"
        return series.dt.strftime(fmt).astype(object).where(series.notna(), None)
    return series.astype(object).map(_neutralise)


def safe_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV (no BOM, header row, CRLF line ends) of exactly the rows given, safe to open in a spreadsheet.

    Text cells beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return get a
    leading ``'`` so that no spreadsheet runs them as a formula. Numbers stored as numbers
    (including negative ones) are written as numbers. List and tuple cells are joined
    with ``;``.
    """
    out = pd.DataFrame({i: _csv_column(frame.iloc[:, i]) for i in range(frame.shape[1])})
    out.columns = [str(_neutralise(str(c))) for c in frame.columns]
    # CRLF (RFC 4180): with it as the line end, a cell holding \r or \n is quoted and stays one cell
    text = out.to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8")


def _publishers(ids: Iterable[str], sources: Mapping[str, Mapping[str, Any]]) -> list[str]:
    seen: list[str] = []
    for sid in ids:
        pub = str(sources.get(sid, {}).get("publisher") or sid)
        if pub not in seen:
            seen.append(pub)
    return seen


def events_export(events: pd.DataFrame, sources: Mapping[str, Mapping[str, Any]]) -> pd.DataFrame:
    """The event rows given, one per event, with readable values and the sources' addresses."""
    columns = [
        "id",
        "date",
        "date_precision",
        "date_shown",
        "end_date",
        "title",
        "category",
        "countries",
        "host_country",
        "city",
        "lat",
        "lon",
        "mechanism_id",
        "direction_ids",
        "status",
        "status_note",
        "summary",
        "source_ids",
        "source_publishers",
        "source_urls",
    ]
    rows = []
    for r in records(events):
        ids = tuple(r.get("source_ids") or ())
        end = r.get("end_date")
        rows.append(
            {
                "id": r["id"],
                "date": pd.Timestamp(r["date"]).date().isoformat() if not pd.isna(r["date"]) else None,
                "date_precision": r.get("date_precision"),
                "date_shown": format_date(r["date"], r.get("date_precision")),
                "end_date": pd.Timestamp(end).date().isoformat() if end is not None and not pd.isna(end) else None,
                "title": r["title"],
                "category": CATEGORY_LABELS.get(r["category"], r["category"]),
                "countries": "; ".join(COUNTRY_NAMES.get(c, c) for c in (r.get("countries") or ())),
                "host_country": COUNTRY_NAMES.get(str(r.get("host_country") or ""), r.get("host_country")),
                "city": r.get("city"),
                "lat": r.get("lat"),
                "lon": r.get("lon"),
                "mechanism_id": r.get("mechanism_id"),
                "direction_ids": tuple(r.get("direction_ids") or ()),
                "status": STATUS_LABELS.get(r["status"], r["status"]),
                "status_note": r.get("status_note"),
                "summary": r.get("summary"),
                "source_ids": ids,
                "source_publishers": "; ".join(_publishers(ids, sources)),
                "source_urls": LIST_JOIN.join(str(u) for u in (sources.get(s, {}).get("url") for s in ids) if u),
            }
        )
    frame = pd.DataFrame(rows, columns=columns)
    for col in ("lat", "lon"):
        frame[col] = pd.to_numeric(frame[col]).astype("float64")
    return frame


def with_source_urls(
    frame: pd.DataFrame, sources: Mapping[str, Mapping[str, Any]], column: str = "source_ids"
) -> pd.DataFrame:
    """A copy of ``frame`` with the publishers and original addresses of ``column``'s sources."""
    out = frame.copy()
    if column not in out.columns:
        return out
    ids = [tuple(v or ()) for v in out[column]]
    out["source_publishers"] = ["; ".join(_publishers(i, sources)) for i in ids]
    out["source_urls"] = [LIST_JOIN.join(str(u) for u in (sources.get(s, {}).get("url") for s in i) if u) for i in ids]
    return out


# --------------------------------------------------------------------------- zip

_ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # fixed, so that the same data gives the same bytes


def dataset_zip(data_dir: Path = DATA_DIR) -> bytes:
    """The data package as a zip: every CSV, ``datapackage.json`` and the files in ``geo/``.

    Paths inside the zip are relative to ``data_dir`` (``events.csv``, ``geo/countries.geojson``),
    so that the resource paths in ``datapackage.json`` resolve after unzipping.
    """
    data_dir = Path(data_dir)
    files = sorted(data_dir.glob("*.csv"))
    package = data_dir / PACKAGE_FILE
    if package.is_file():
        files.append(package)
    geo = data_dir / "geo"
    if geo.is_dir():
        files += sorted(
            p for p in geo.rglob("*") if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")
        )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(data_dir).as_posix(), date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    return buf.getvalue()


# --------------------------------------------------------------------------- PNG through kaleido

_RENDER_LOCK = threading.Lock()  # kaleido's sync server is one queue: one request at a time
_SERVER: dict[str, bool] = {"tried": False}
RENDER_TIMEOUT_S = 180.0


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


def _server() -> Any:
    """kaleido's sync-server singleton, or None if this kaleido has none."""
    try:
        import kaleido
    except ImportError:
        return None
    return getattr(kaleido, "_global_server", None)


def _server_running() -> bool:
    srv = _server()
    return bool(srv is not None and srv.is_running())


def _server_alive() -> bool:
    thread = getattr(_server(), "_thread", None)
    return thread is None or thread.is_alive()


def _stop_dead_server() -> None:
    """Stop a server whose thread has died (its browser failed): later renders start their own."""
    try:
        import kaleido

        kaleido.stop_sync_server(silence_warnings=True)
    except Exception:  # noqa: BLE001 - nothing more to clean up
        pass


def _start_server_once() -> None:
    """Start kaleido's sync server once per process, if there is a browser to run it."""
    if _SERVER["tried"]:
        return
    _SERVER["tried"] = True
    if browser_path() is None:
        return
    try:
        import kaleido

        start = getattr(kaleido, "start_sync_server", None)
        if start is not None:
            start(silence_warnings=True)
    except Exception:  # noqa: BLE001 - without the server every render starts its own browser: slower, still right
        return


def _to_image(fig: go.Figure, width: int, height: int, scale: float) -> bytes:
    import plotly.io as pio

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The kopts argument is ignored", category=UserWarning)
        return pio.to_image(fig, format="png", width=width, height=height, scale=scale)


class ExportError(RuntimeError):
    """An image could not be rendered (most often: no working Chromium for kaleido)."""


def render_png(fig: go.Figure, width: int, height: int, scale: float = 1.0) -> bytes:
    """PNG bytes of ``fig`` as it stands (no title or footer added). Raises :class:`ExportError`."""
    try:
        return _render_png(fig, width, height, scale)
    except ExportError:
        raise
    except Exception as exc:
        raise ExportError(
            f"PNG export failed ({type(exc).__name__}: {' '.join(str(exc).split())[:300]}). Kaleido renders with "
            f"Chromium (found: {browser_path() or 'none'}); install it (apt-get install chromium) or set BROWSER_PATH."
        ) from exc


def _render_timeout() -> float:
    try:
        return float(os.environ.get("CC5_RENDER_TIMEOUT_S", RENDER_TIMEOUT_S))
    except ValueError:
        return RENDER_TIMEOUT_S


def _detach_server() -> None:
    """Forget a server whose thread is stuck: kaleido's exit hook would otherwise join it for ever."""
    srv = _server()
    if srv is not None and hasattr(srv, "_initialized"):
        srv._initialized = False


def _wait_for(
    fig: go.Figure, width: int, height: int, scale: float, deadline: float, watch_server: bool
) -> bytes | None:
    """Render in a worker thread, never waiting past ``deadline``. None: the server's thread died."""
    box: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            box["png"] = _to_image(fig, width, height, scale)
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller below
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=work, name="png-export", daemon=True).start()
    while not done.wait(0.25):
        if watch_server and not _server_alive():
            return None
        if time.monotonic() > deadline:
            if watch_server:
                _detach_server()
            raise ExportError(
                f"the image was not rendered within {_render_timeout():.0f} s (set CC5_RENDER_TIMEOUT_S to wait longer)"
            )
    if "error" in box:
        raise box["error"]
    return box["png"]


def _render_png(fig: go.Figure, width: int, height: int, scale: float) -> bytes:
    # kaleido waits without a limit: on the server, for a thread that may have died when its
    # browser failed; without it, for a browser that may never answer. Every render therefore
    # runs in a worker thread watched here; if the server's thread has died, the server is
    # stopped and the render made without it (raising the browser's own error, if any).
    with _RENDER_LOCK:
        _start_server_once()
        deadline = time.monotonic() + _render_timeout()
        if _server_running():
            png = _wait_for(fig, width, height, scale, deadline, watch_server=True)
            if png is not None:
                return png
            _stop_dead_server()
        png = _wait_for(fig, width, height, scale, deadline, watch_server=False)
        assert png is not None
        return png


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


def _clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _margin(value: object, default: int) -> int:
    return int(value) if isinstance(value, int | float) else default


def footer_chars(width: int) -> int:
    """Characters per footer line in an image ``width`` layout pixels wide."""
    return max(40, int(width * 0.78 / (FOOTER_PX * _CHAR)))


def source_limit(width: int) -> int:
    """Length of a source line that fits the footer's two source lines."""
    return 2 * footer_chars(width) - 20


def footer_lines(*, filters: str, source_line: str, data_as_of: str, chars: int) -> list[str]:
    """The lines under an exported figure: filters, source, data date and app name."""
    source = source_line.strip()
    if not source.lower().startswith("source"):
        source = f"Source: {source}"
    src_lines = wrap(source, chars)
    if len(src_lines) > 2:
        src_lines = [src_lines[0], _clip(" ".join(src_lines[1:]), chars)]
    first = f"Filters: {filters} · Data as of {data_as_of} · {APP_NAME}"
    if len(first) <= chars:
        return [first, *src_lines]
    return [_clip(f"Filters: {filters}", chars), *src_lines, _clip(f"Data as of {data_as_of} · {APP_NAME}", chars)]


def framed_figure(
    fig: go.Figure,
    *,
    title: str,
    filters: str,
    source_line: str,
    data_as_of: str,
    width: int = 1600,
    height: int = 900,
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
    chars = footer_chars(width)
    lines = footer_lines(filters=filters, source_line=source_line, data_as_of=data_as_of, chars=chars)
    footer_h = int(len(lines) * FOOTER_PX * _LINE) + 14
    title_h = int(TITLE_PX * _LINE) + 14
    legend = out.layout.legend
    if out.layout.showlegend is not False and (legend.orientation == "h" or (legend.y is not None and legend.y < 0)):
        out.update_layout(legend=dict(orientation="v", x=1.01, xanchor="left", y=1, yanchor="top"))
    title_chars = max(30, int(width * 0.9 / (TITLE_PX * 0.6)))
    if out.layout.font.family is None:
        out.update_layout(font=FONT)
    out.update_layout(
        width=width,
        height=height,
        paper_bgcolor="white",
        margin=dict(t=top + title_h, b=bottom + footer_h, l=_margin(m.l, 40), r=_margin(m.r, 40)),
        title=dict(
            text=f"<b>{esc(_clip(title, title_chars))}</b>",
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
    data_as_of: str,
    width: int = 1600,
    height: int = 900,
    scale: float = 1.0,
) -> bytes:
    """PNG of a copy of ``fig`` with title and footer (filters, source, data date, app name).

    The image is ``width * scale`` by ``height * scale`` pixels. Rendered by kaleido with the
    system's Chromium; only cartesian traces, so nothing is fetched from the network.
    """
    framed = framed_figure(
        fig, title=title, filters=filters, source_line=source_line, data_as_of=data_as_of, width=width, height=height
    )
    return render_png(framed, width, height, scale)


def chart_png(fig: go.Figure, *, title: str, ds: Dataset, f: Filters, rows: pd.DataFrame) -> bytes:
    """:func:`figure_png` for a chart of ``rows``: the footer names the publishers of their sources."""
    ids = [i for cell in rows["source_ids"] for i in cell] if "source_ids" in rows.columns else []
    return figure_png(
        fig,
        title=title,
        filters=f.describe(),
        source_line=short_sources(ids, source_lookup(ds), limit=source_limit(1600)),
        data_as_of=ds.data_as_of,
    )


# --------------------------------------------------------------------------- static map

MAP_LAT0 = 40.0  # standard parallel of the equirectangular projection: true shape around Central Asia
MAP_RANGE_X = (45.0, 136.0)
MAP_RANGE_Y = (17.5, 56.5)
ROUTE_NOTE = "Project routes are schematic lines through sourced waypoints."
_HALO = "0 0 3px white, 0 0 3px white, 0 0 2px white"  # keeps labels legible on dark fills
_MARKERS: dict[str, str] = {"legendgroup": "markers", "legendgrouptitle_text": "Markers"}


def _rgb(color: Sequence[int], alpha: float = 1.0) -> str:
    r, g, b = (int(c) for c in color[:3])
    return f"rgba({r},{g},{b},{alpha:.2f})"


def _rings(geometry: Mapping[str, Any]) -> list[list[list[float]]]:
    """Outer rings and holes of a Polygon/MultiPolygon, as lists of [lon, lat]."""
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    return [ring for polygon in polygons for ring in polygon]


def _path(rings: Sequence[Sequence[Sequence[float]]]) -> tuple[list[float | None], list[float | None]]:
    """One x/y path for a fill trace: rings separated by gaps. The outer ring and its holes wind
    in opposite directions (RFC 7946), so the browser's non-zero fill leaves the holes empty."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in rings:
        if xs:
            xs.append(None)
            ys.append(None)
        xs += [float(p[0]) for p in ring]
        ys += [float(p[1]) for p in ring]
    return xs, ys


@lru_cache(maxsize=2)
def _country_paths(geo_path: str) -> tuple[tuple[str, tuple[float | None, ...], tuple[float | None, ...]], ...]:
    """(iso3, xs, ys) per country of the boundary file, read once (``maps`` caches the file)."""
    out = []
    for feat in maps.load_boundaries(Path(geo_path)).get("features", []):
        xs, ys = _path(_rings(feat.get("geometry") or {}))
        if xs:
            out.append((str(feat.get("properties", {}).get("iso3")), tuple(xs), tuple(ys)))
    return tuple(out)


def country_fills(measure: str, f: Filters, values: Mapping[str, float | None]) -> dict[str, tuple[int, int, int]]:
    """The fill of each country, exactly as on the interactive map."""
    selected = set(f.countries)
    bins = maps._bins([v for c, v in values.items() if v is not None and c in selected], measure != "trade")
    fills: dict[str, tuple[int, int, int]] = {}
    for iso in COUNTRY_NAMES:
        if iso not in selected:
            fills[iso] = maps.UNSELECTED
        elif measure == "trade" and iso == "CHN":
            fills[iso] = maps.CHINA_COLOR
        else:
            fills[iso] = maps._color_for(values.get(iso), bins)
    return fills


def _legend_group_title(text: str) -> str:
    return "<br>".join(esc(x) for x in wrap(text, 30))


def map_figure(
    measure: str,
    f: Filters,
    events: pd.DataFrame,
    trade: pd.DataFrame,
    countries: pd.DataFrame,
    institutions: pd.DataFrame,
    projects: pd.DataFrame,
    geo_path: Path = maps.GEO_FILE,
) -> go.Figure:
    """The map for exports, cartesian traces only. ``events`` must already be filtered.

    Countries are shaded as on the interactive map (same measure, classes and colours);
    capitals, institutions, meeting cities and project routes are drawn on top. Lon/lat
    are drawn equirectangular with true shape at 40°N (``scaleanchor``), axes hidden.
    """
    measure = measure if measure in maps.MEASURES else "hosted"
    values = maps.measure_values(measure, events, trade, f)
    fills = country_fills(measure, f, values)
    selected = set(f.countries)
    fig = go.Figure()
    for iso, xs, ys in _country_paths(str(geo_path)):
        is_sel = iso in selected
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                name=COUNTRY_NAMES.get(iso, str(iso)),
                showlegend=False,
                fillcolor=_rgb(fills.get(iso, maps.NO_DATA), 0.92 if is_sel else 0.55),
                line=dict(color="#282828" if is_sel else "#a0a0a0", width=1.4 if is_sel else 0.8),
                hoverinfo="skip",
            )
        )
    # Legend: the classes of the measure, as on the interactive map.
    rows = maps.legend_rows(measure, {c: v for c, v in values.items() if c in selected})
    if measure == "trade" and "CHN" in selected:
        rows.insert(len(rows) - 2, ("China (the partner)", maps.CHINA_COLOR))
    title = _legend_group_title(maps.MEASURES[measure])
    for label, color in rows:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=esc(label),
                legendgroup="measure",
                legendgrouptitle_text=title,
                legendrank=100 + len(fig.data),
                marker=dict(symbol="square", size=15, color=_rgb(color), line=dict(color="#555555", width=1)),
                hoverinfo="skip",
            )
        )
    # Project routes (lines) and one-point projects (dots), coloured by state.
    shown_status: set[str] = set()
    for r in records(projects) if not projects.empty else []:
        if not (set(r["countries"]) & selected):
            continue
        pts = maps._route_points(r["route"])
        status = str(r["status"])
        color = _rgb(maps.ROUTE_COLORS.get(status, (90, 90, 90)))
        name = f"Project: {PROJECT_STATUS_LABELS.get(status, status).lower()}"
        first = status not in shown_status
        shown_status.add(status)
        common = dict(name=name, showlegend=first, hoverinfo="skip", legendrank=310 + len(shown_status), **_MARKERS)
        if len(pts) > 1:
            fig.add_trace(
                go.Scatter(
                    x=[p[0] for p in pts],
                    y=[p[1] for p in pts],
                    mode="lines",
                    line=dict(color=color, width=4),
                    **common,
                )
            )
        else:
            fig.add_trace(
                go.Scatter(
                    x=[pts[0][0]],
                    y=[pts[0][1]],
                    mode="markers",
                    marker=dict(size=11, color=color, line=dict(color="white", width=2)),
                    **common,
                )
            )
    # Meeting cities (not video conferences), sized by the number of events.
    if not events.empty:
        grouped = maps.placed_events(events).groupby(["city", "lat", "lon"], sort=True).size().reset_index(name="n")
        if not grouped.empty:
            fig.add_trace(
                go.Scatter(
                    x=grouped["lon"],
                    y=grouped["lat"],
                    mode="markers",
                    name="Meeting city (size = events)",
                    **_MARKERS,
                    legendrank=303,
                    marker=dict(
                        size=[10 + 4 * min(int(n), 6) for n in grouped["n"]],
                        color=_rgb(maps.CITY_COLOR, 0.9),
                        line=dict(color="rgb(80,50,0)", width=1),
                    ),
                    hoverinfo="skip",
                )
            )
    # Institutions.
    inst = institutions.dropna(subset=["lat", "lon"]) if not institutions.empty else institutions
    if not inst.empty:
        fig.add_trace(
            go.Scatter(
                x=inst["lon"],
                y=inst["lat"],
                mode="markers",
                name="Secretariat, centres, platform",
                **_MARKERS,
                legendrank=302,
                marker=dict(
                    size=12, color=_rgb(maps.INSTITUTION_COLOR), symbol="diamond", line=dict(color="white", width=1.5)
                ),
                hoverinfo="skip",
            )
        )
    # Capitals, labelled.
    if not countries.empty:
        fig.add_trace(
            go.Scatter(
                x=countries["capital_lon"],
                y=countries["capital_lat"],
                mode="markers+text",
                name="Capital",
                **_MARKERS,
                legendrank=301,
                text=[esc(c) for c in countries["capital"]],
                textposition="top center",
                textfont=dict(size=13, color=_rgb(maps.CAPITAL_COLOR), shadow=_HALO),
                marker=dict(size=10, color="white", line=dict(color=_rgb(maps.CAPITAL_COLOR), width=2)),
                hoverinfo="skip",
            )
        )
    fig.add_annotation(
        text="<br>".join(esc(x) for x in wrap(f"{maps.BOUNDARY_NOTE} {ROUTE_NOTE}", 95)),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="bottom",
        align="left",
        showarrow=False,
        font=dict(size=11, color="#555555"),
        bgcolor="rgba(255,255,255,0.8)",
    )
    fig.update_layout(
        font=FONT,
        plot_bgcolor="white",
        paper_bgcolor="white",
        margin=dict(l=10, r=10, t=10, b=10),
        legend=dict(
            orientation="v",
            x=1.01,
            xanchor="left",
            y=1,
            yanchor="top",
            tracegroupgap=12,
            itemsizing="constant",
            font=dict(size=13, color="#222222"),
        ),
        xaxis=dict(range=list(MAP_RANGE_X), visible=False, showgrid=False, zeroline=False, fixedrange=True),
        yaxis=dict(
            range=list(MAP_RANGE_Y),
            visible=False,
            showgrid=False,
            zeroline=False,
            fixedrange=True,
            scaleanchor="x",
            scaleratio=1 / math.cos(math.radians(MAP_LAT0)),
        ),
        showlegend=True,
    )
    return fig


def _map_source_ids(ds: Dataset, f: Filters, events: pd.DataFrame) -> list[str]:
    ids: list[str] = []
    for frame in (events, ds["countries"], ds["institutions"], filter_by_countries(ds["projects"], f)):
        if not frame.empty and "source_ids" in frame.columns:
            for cell in frame["source_ids"]:
                ids += list(cell)
    return ids


def map_png(
    ds: Dataset,
    f: Filters,
    *,
    measure: str = "hosted",
    title: str | None = None,
    width: int = 1600,
    height: int = 900,
    scale: float = 1.0,
) -> bytes:
    """PNG of :func:`map_figure` for the filters, framed like :func:`figure_png`."""
    events = filter_events(ds["events"], f)
    fig = map_figure(measure, f, events, ds["trade"], ds["countries"], ds["institutions"], ds["projects"])
    measure = measure if measure in maps.MEASURES else "hosted"
    src = source_lookup(ds)
    when = f"{f.years[0]}" if f.years[0] == f.years[1] else f"{f.years[0]}–{f.years[1]}"
    return figure_png(
        fig,
        title=title or f"{maps.MEASURES[measure]}: {when}",
        filters=f.describe(),
        source_line=short_sources(_map_source_ids(ds, f, events), src, limit=source_limit(width)),
        data_as_of=ds.data_as_of,
        width=width,
        height=height,
        scale=scale,
    )


# --------------------------------------------------------------------------- links


def view_url(base: str, page: str, f: Filters) -> str:
    """The address that reopens ``page`` with these filters (``?country=…&years=…``)."""
    path = page.strip("/")
    url = base.rstrip("/") + "/" + path
    query = f.to_query()
    return url + ("?" + urlencode(query, doseq=True, quote_via=quote) if query else "")


def short_sources(ids: Iterable[str], sources: Mapping[str, Mapping[str, Any]], limit: int = 140) -> str:
    """Publishers behind ``ids``, most cited first, cut to ``limit`` characters with a count of the rest."""
    counts: Counter[str] = Counter()
    for sid in ids:
        counts[str(sources.get(sid, {}).get("publisher") or sid)] += 1
    if not counts:
        return "none for this selection"
    names = [p for p, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))]
    shown: list[str] = []
    for i, name in enumerate(names):
        rest = len(names) - i - 1
        tail = f"; and {rest} more" if rest else ""
        if shown and len("; ".join([*shown, name])) + len(tail) > limit:
            break
        shown.append(name)
    rest = len(names) - len(shown)
    return "; ".join(shown) + (f"; and {rest} more" if rest else "")


# --------------------------------------------------------------------------- the deck

_SLIDE_W = 12192000  # 13.333 in: 16:9
_SLIDE_H = 6858000  # 7.5 in
_EMU_IN = 914400
_MARGIN_IN = 0.45
_CONTENT_TOP_IN = 1.15
_FOOTER_TOP_IN = 6.72
_INK = (0x22, 0x22, 0x22)
_MUTED = (0x55, 0x55, 0x55)
_ACCENT = (0x00, 0x72, 0xB2)
_PALE = (0xEE, 0xF4, 0xFA)
PICTURE_PX = (1500, 640)  # layout pixels of the timeline image (aspect of the picture area)
MAP_PX = (1280, 800)  # the map: narrower, with the values table beside it
PICTURE_SCALE = 1.5


def _plain(text: object) -> str:
    """Data as plain single-line text: no control characters (python-pptx escapes XML itself)."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return "".join(ch if ch.isprintable() else " " for ch in str(text))


def _ids(frame: pd.DataFrame, column: str = "source_ids") -> list[str]:
    if frame.empty or column not in frame.columns:
        return []
    return [sid for cell in frame[column] for sid in (cell or ())]


def _trade_rows_shown(ds: Dataset, f: Filters) -> pd.DataFrame:
    """The trade rows behind the headline trade figure (as in ``panels.headline_figures``)."""
    tr = filter_trade(ds["trade"], f)
    tot = tr[tr["flow"] == "total"] if not tr.empty else tr
    if tot.empty:
        return tot
    if f.all_countries:
        c5 = tot[tot["partner"] == "C5"]
        return c5.sort_values("year").tail(1) if not c5.empty else c5
    parts = tot[tot["partner"] != "C5"]
    return parts[parts["year"] == parts["year"].max()] if not parts.empty else parts


class _Deck:
    """Slide helpers around a python-pptx presentation."""

    def __init__(self, url: str, data_as_of: str, filters: str) -> None:
        self.prs = Presentation()
        self.prs.slide_width = _SLIDE_W
        self.prs.slide_height = _SLIDE_H
        self.url = url
        self.data_as_of = data_as_of
        self.filters = filters

    @staticmethod
    def emu(inches: float) -> int:
        return int(round(inches * _EMU_IN))

    def slide(self, title: str, *, layout: int = 5) -> Any:
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[layout])
        t = slide.shapes.title
        t.left, t.top = self.emu(_MARGIN_IN), self.emu(0.3)
        t.width, t.height = self.emu(13.333 - 2 * _MARGIN_IN), self.emu(0.8)
        t.text_frame.text = _plain(title)
        t.text_frame.word_wrap = True
        para = t.text_frame.paragraphs[0]
        para.alignment = PP_ALIGN.LEFT
        for run in para.runs:
            run.font.size = Pt(30)
            run.font.bold = True
            run.font.color.rgb = self.rgb(_INK)
        if layout != 0:
            self.rect(slide, _MARGIN_IN, 1.05, 1.2, 0.05, _ACCENT)
        return slide

    @staticmethod
    def rgb(color: tuple[int, int, int]) -> Any:
        return RGBColor(*color)

    def rect(self, slide: Any, left: float, top: float, width: float, height: float, fill: tuple[int, int, int]) -> Any:
        shape = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, self.emu(left), self.emu(top), self.emu(width), self.emu(height)
        )
        shape.fill.solid()
        shape.fill.fore_color.rgb = self.rgb(fill)
        shape.line.fill.background()
        shape.shadow.inherit = False
        return shape

    def text(
        self,
        slide: Any,
        left: float,
        top: float,
        width: float,
        height: float,
        paragraphs: Sequence[Sequence[tuple[str, dict[str, Any]]]],
        *,
        anchor_bottom: bool = False,
    ) -> Any:
        """A text box; each paragraph is a list of (text, style) runs. Style keys: size, bold,
        color, link, italic, space_after, bullet."""

        box = slide.shapes.add_textbox(self.emu(left), self.emu(top), self.emu(width), self.emu(height))
        tf = box.text_frame
        tf.word_wrap = True
        tf.margin_left = tf.margin_right = self.emu(0.05)
        tf.margin_top = tf.margin_bottom = self.emu(0.03)
        tf.vertical_anchor = MSO_ANCHOR.BOTTOM if anchor_bottom else MSO_ANCHOR.TOP
        for i, runs in enumerate(paragraphs):
            para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            for text, style in runs:
                run = para.add_run()
                run.text = _plain(text)
                run.font.size = Pt(style.get("size", 14))
                run.font.bold = bool(style.get("bold", False))
                run.font.italic = bool(style.get("italic", False))
                run.font.color.rgb = self.rgb(style.get("color", _INK))
                if style.get("link"):
                    run.hyperlink.address = str(style["link"])
                if "space_after" in style:
                    para.space_after = Pt(style["space_after"])
        return box

    def footer(self, slide: Any, number: int, sources_line: str) -> None:
        small = {"size": 9, "color": _MUTED}
        self.rect(slide, _MARGIN_IN, _FOOTER_TOP_IN - 0.04, 13.333 - 2 * _MARGIN_IN, 0.01, (0xBB, 0xBB, 0xBB))
        self.text(
            slide,
            _MARGIN_IN,
            _FOOTER_TOP_IN,
            13.333 - 2 * _MARGIN_IN - 0.6,
            0.72,
            [
                [(f"Sources: {sources_line}", small)],
                [
                    (f"Data as of {self.data_as_of} · Showing: {self.filters} · Reopen this view: ", small),
                    (self.url, {**small, "color": _ACCENT, "link": self.url}),
                ],
            ],
        )
        self.text(slide, 13.333 - _MARGIN_IN - 0.6, _FOOTER_TOP_IN, 0.6, 0.3, [[(f"{number} / 7", small)]])

    def table(
        self,
        slide: Any,
        left: float,
        top: float,
        widths: Sequence[float],
        header: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        size: int = 12,
        row_height: float = 0.4,
    ) -> Any:
        """A table; a cell is text, a list of texts (one paragraph each) or (text, link)."""

        frame = slide.shapes.add_table(
            len(rows) + 1,
            len(widths),
            self.emu(left),
            self.emu(top),
            self.emu(sum(widths)),
            self.emu(min(row_height, 0.42) + row_height * len(rows)),
        )
        table = frame.table
        for i, w in enumerate(widths):
            table.columns[i].width = self.emu(w)
        for r in range(len(rows) + 1):
            table.rows[r].height = self.emu(min(row_height, 0.42) if r == 0 else row_height)
        for c, head in enumerate(header):
            self._cell(table.cell(0, c), [head], Pt(size), bold=True)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                self._cell(table.cell(r, c), value, Pt(size))
        return frame

    def _cell(self, cell: Any, value: Any, size: Any, *, bold: bool = False) -> None:
        cell.margin_left = cell.margin_right = self.emu(0.06)
        cell.margin_top = cell.margin_bottom = self.emu(0.03)
        tf = cell.text_frame
        tf.word_wrap = True
        link = None
        if isinstance(value, tuple):
            value, link = value
        texts = value if isinstance(value, list) else [value]
        for i, text in enumerate(texts):
            para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            run = para.add_run()
            run.text = _plain(text)
            run.font.size = size
            run.font.bold = bold
            if link:
                run.hyperlink.address = str(link)

    def picture(self, slide: Any, png: bytes, top: float, max_w: float, max_h: float, left: float | None = None) -> Any:
        w, h = png_size(png)
        width = min(max_w, max_h * w / h)
        height = width * h / w
        left = (13.333 - width) / 2 if left is None else left
        return slide.shapes.add_picture(
            io.BytesIO(png), self.emu(left), self.emu(top), self.emu(width), self.emu(height)
        )

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.prs.save(buf)
        return buf.getvalue()


def _source_rows(ids: Sequence[str], sources: Mapping[str, Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Distinct sources behind ``ids``: most cited first, then newest."""
    counts = Counter(ids)
    found = [sources[s] for s in counts if s in sources]

    def key(s: Mapping[str, Any]) -> tuple[int, float, str]:
        when = s.get("published")
        stamp = pd.Timestamp(when).timestamp() if when is not None and not pd.isna(when) else 0.0
        return (-counts[str(s["id"])], -stamp, str(s["id"]))

    return sorted(found, key=key)


def _date_text(value: object) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()  # type: ignore[arg-type]


def build_deck(ds: Dataset, f: Filters, *, view_url: str, today: date | None = None) -> bytes:
    """A 16:9 PowerPoint briefing for the filters: seven slides, each with a sourced footer."""
    today = today or date.today()
    src = source_lookup(ds)
    when = f"{f.years[0]}" if f.years[0] == f.years[1] else f"{f.years[0]}–{f.years[1]}"
    deck = _Deck(view_url, ds.data_as_of, f.describe())
    events = filter_events(ds["events"], f)
    cited: list[str] = []  # every source id behind a fact shown on slides 2-6

    # Gather what slides 2-6 show first, so that slide 1 can say how many sources there are.
    heads = headline_figures(ds, f)
    official, identified, count_row = mechanism_count(ds)
    latest, upcoming = latest_and_next(ds, f, pd.Timestamp(today), n=3)
    upcoming = upcoming.head(2)
    counted = events[events["status"] != "planned"] if not events.empty else events
    s2 = _ids(counted) + _ids(_trade_rows_shown(ds, f)) + list(count_row["source_ids"] if count_row else ())
    s2 += _ids(latest) + _ids(upcoming)
    s3 = _map_source_ids(ds, f, events)
    s4 = _ids(events)
    panels_by_dir = {d: direction_panel(ds, f, d) for d in direction_ids(ds)}
    s5 = [sid for p in panels_by_dir.values() for sid in _ids(p["commitments"])]
    dirs = ds["directions"]
    s5 += _ids(dirs[dirs["id"].isin(list(panels_by_dir))]) if not dirs.empty else []
    mech = mechanism_summary(ds, f)
    meetings = events[events["mechanism_id"].notna()] if not events.empty else events
    s6 = _ids(ds["mechanisms"]) + _ids(meetings) + list(count_row["source_ids"] if count_row else ())
    cited = s2 + s3 + s4 + s5 + s6
    listed = _source_rows(cited, src)

    # 1. Title slide.
    s = deck.slide(DECK_TITLE, layout=0)
    sub = s.placeholders[1]
    sub.left, sub.top, sub.width, sub.height = deck.emu(_MARGIN_IN), deck.emu(1.25), deck.emu(12.4), deck.emu(1.3)
    tf = sub.text_frame
    tf.text = ""

    for i, (text, size, bold) in enumerate(
        [
            (f"Showing: {f.describe()}", 22, True),
            (f"Made {today.isoformat()} · Data as of {ds.data_as_of}", 16, False),
        ]
    ):
        para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        para.alignment = PP_ALIGN.LEFT
        run = para.add_run()
        run.text = _plain(text)
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = deck.rgb(_INK if bold else _MUTED)
    title_shape = s.shapes.title
    title_shape.top, title_shape.height = deck.emu(0.45), deck.emu(0.8)
    deck.rect(s, _MARGIN_IN, 1.2, 1.2, 0.05, _ACCENT)

    deck.text(s, _MARGIN_IN, 2.8, 12.4, 2.4, [[(ABOUT, {"size": 15, "color": _INK})]])
    deck.text(
        s,
        _MARGIN_IN,
        5.4,
        12.4,
        1.0,
        [
            [
                (
                    "Every number and event in this briefing rests on a public source; the sources are listed "
                    "on slide 7, and the link below reopens this exact view in the dashboard, where every fact "
                    "links to its source.",
                    {"size": 13, "color": _MUTED, "italic": True},
                )
            ],
        ],
    )
    deck.footer(s, 1, f"{len(listed)} sources behind the facts in this briefing, listed on slide 7")

    # 2. Key figures.
    s = deck.slide(SLIDE_TITLES[1])
    n = max(len(heads), 1)
    gap = 0.25
    tile_w = (13.333 - 2 * _MARGIN_IN - gap * (n - 1)) / n
    for i, h in enumerate(heads):
        left = _MARGIN_IN + i * (tile_w + gap)
        deck.rect(s, left, _CONTENT_TOP_IN + 0.05, tile_w, 1.95, _PALE)
        deck.text(
            s,
            left + 0.12,
            _CONTENT_TOP_IN + 0.15,
            tile_w - 0.24,
            1.75,
            [
                [
                    (
                        h.value,
                        {
                            "size": min(34, int((tile_w - 0.35) * 72 / (0.75 * len(h.value)))),
                            "bold": True,
                            "color": _ACCENT,
                        },
                    )
                ],
                [(h.label, {"size": 16, "bold": True, "space_after": 4})],
                [(h.help, {"size": 11, "color": _MUTED})],
            ],
        )
    if official is not None:
        basis = short_sources(list(count_row["source_ids"]) if count_row else [], src, limit=80)
        count_text = (
            f"Ministerial meeting mechanisms: {int(official)} by the official count (single source: "
            f"{basis}); {identified} identified by name in this data."
        )
    else:
        count_text = f"Ministerial meeting mechanisms identified by name in this data: {identified}."
    paras: list[list[tuple[str, dict[str, Any]]]] = [[(count_text, {"size": 14, "space_after": 10})]]
    paras.append([("Latest in this selection", {"size": 14, "bold": True, "space_after": 2})])
    for r in records(latest) if not latest.empty else []:
        paras.append(
            [
                (f"{format_date(r['date'], r.get('date_precision'))} — ", {"size": 13, "bold": True}),
                (_clip(r["title"], 110), {"size": 13}),
                (f" ({STATUS_LABELS.get(r['status'], r['status'])})", {"size": 12, "color": _MUTED}),
            ]
        )
    if latest.empty:
        paras.append([("No event in this selection.", {"size": 13, "color": _MUTED})])
    if not upcoming.empty:
        paras.append([("Planned and next", {"size": 14, "bold": True, "space_after": 2})])
        for r in records(upcoming):
            paras.append(
                [
                    (f"{format_date(r['date'], r.get('date_precision'))} — ", {"size": 13, "bold": True}),
                    (_clip(r["title"], 110), {"size": 13}),
                    (f" ({STATUS_LABELS.get(r['status'], r['status'])})", {"size": 12, "color": _MUTED}),
                ]
            )
    deck.text(s, _MARGIN_IN, _CONTENT_TOP_IN + 2.2, 12.4, 3.2, paras)
    deck.footer(s, 2, short_sources(s2, src))

    # 3. Map.
    s = deck.slide(SLIDE_TITLES[2])
    png = map_png(
        ds,
        f,
        measure="hosted",
        title=f"Events hosted by each country, {when}",
        width=MAP_PX[0],
        height=MAP_PX[1],
        scale=PICTURE_SCALE,
    )
    pic = deck.picture(s, png, _CONTENT_TOP_IN, 9.3, _FOOTER_TOP_IN - _CONTENT_TOP_IN - 0.1, left=_MARGIN_IN)
    hosted = maps.measure_values("hosted", events, ds["trade"], f)
    side_left = _MARGIN_IN + pic.width / _EMU_IN + 0.2
    side_w = 13.333 - _MARGIN_IN - side_left
    deck.text(
        s, side_left, _CONTENT_TOP_IN + 0.1, side_w, 0.6, [[(f"Events hosted, {when}", {"size": 14, "bold": True})]]
    )
    deck.table(
        s,
        side_left,
        _CONTENT_TOP_IN + 0.6,
        [side_w - 1.0, 1.0],
        ["Country", "Events"],
        [
            [COUNTRY_NAMES[c] + ("" if c in f.countries else " (not selected)"), "n/a" if v is None else f"{int(v)}"]
            for c, v in hosted.items()
        ],
        size=12,
        row_height=0.36,
    )
    deck.text(
        s,
        side_left,
        _CONTENT_TOP_IN + 0.6 + 0.36 * 7 + 0.15,
        side_w,
        1.6,
        [
            [
                (
                    "Events in the selection by host country; a video conference counts for the country that "
                    "chaired it, and planned events are included. White dots: capitals; green diamonds: the "
                    "Secretariat, centres and platform; orange circles: meeting cities; lines: project routes.",
                    {"size": 11, "color": _MUTED},
                )
            ]
        ],
    )
    deck.footer(s, 3, short_sources(s3, src))

    # 4. Timeline.
    s = deck.slide(SLIDE_TITLES[3])
    fig = build_timeline(events, src, f.years)
    count = f"{len(events)} event" + ("" if len(events) == 1 else "s")
    png = figure_png(
        fig,
        title=f"Events by date and category, {when} ({count})",
        filters=f.describe(),
        source_line=short_sources(s4, src, limit=source_limit(PICTURE_PX[0])),
        data_as_of=ds.data_as_of,
        width=PICTURE_PX[0],
        height=PICTURE_PX[1],
        scale=PICTURE_SCALE,
    )
    deck.picture(s, png, _CONTENT_TOP_IN, 13.333 - 2 * _MARGIN_IN, _FOOTER_TOP_IN - _CONTENT_TOP_IN - 0.1)
    deck.footer(s, 4, short_sources(s4, src))

    # 5. The six priority directions.
    s = deck.slide(SLIDE_TITLES[4])
    names = dict(zip(dirs["id"], dirs["name"], strict=True)) if not dirs.empty else {}
    rows = []
    for did, p in panels_by_dir.items():
        com = p["commitments"]
        examples = []
        for r in records(com.head(2)):
            state = "" if r["status"] == "confirmed" else f" ({STATUS_LABELS.get(r['status'], r['status']).lower()})"
            examples.append("• " + _clip(r["title"], 95) + state)
        rows.append(
            [
                names.get(did, did),
                str(len(com)),
                str(len(p["events"])),
                examples or ["No commitment recorded in this selection."],
            ]
        )
    deck.text(
        s,
        _MARGIN_IN,
        _CONTENT_TOP_IN,
        12.4,
        0.45,
        [
            [
                (
                    "Set at the Astana summit (June 2025). Commitments and related events within the filters.",
                    {"size": 13, "color": _MUTED},
                )
            ]
        ],
    )
    deck.table(
        s,
        _MARGIN_IN,
        _CONTENT_TOP_IN + 0.5,
        [2.6, 1.45, 1.25, 7.13],
        ["Direction", "Commitments", "Events", "Examples of commitments"],
        rows,
        size=12,
        row_height=0.68,
    )
    deck.footer(s, 5, short_sources(s5, src))

    # 6. Ministerial mechanisms.
    s = deck.slide(SLIDE_TITLES[5])
    if official is not None:
        head = (
            f"Official count: {int(official)} ministerial meeting mechanisms (single source); {identified} "
            f"identified by name in this data. The other {max(int(official) - identified, 0)} are not named "
            "in any source found."
        )
    else:
        head = f"{identified} mechanisms identified by name in this data."
    deck.text(s, _MARGIN_IN, _CONTENT_TOP_IN, 12.4, 0.5, [[(head, {"size": 14})]])
    rows = [
        [_clip(r["Mechanism"], 90), _clip(r["Sector"], 40), r["First meeting"], str(r["Meetings in selection"])]
        for r in records(mech)
    ]
    deck.table(
        s,
        _MARGIN_IN,
        _CONTENT_TOP_IN + 0.65,
        [6.4, 2.6, 1.9, 1.53],
        ["Mechanism", "Sector", "First meeting", "Meetings in selection"],
        rows,
        size=12,
        row_height=min(0.46, 4.7 / (len(rows) + 1)),
    )
    deck.footer(s, 6, short_sources(s6, src))

    # 7. Sources.
    s = deck.slide(SLIDE_TITLES[6])
    fit, row_h = 15, 0.31  # one line per row (text clipped), so the table's height is known
    rows = []
    for r in listed[:fit]:
        url = r.get("url")
        rows.append(
            [
                _clip(r.get("publisher") or "", 28),
                _clip(r.get("title") or "", 64),
                _date_text(r.get("published")),
                (_clip(url, 46), url) if url else "no original address",
            ]
        )
    deck.table(
        s,
        _MARGIN_IN,
        _CONTENT_TOP_IN,
        [2.4, 5.15, 1.0, 3.88],
        ["Publisher", "Title", "Date", "Address"],
        rows,
        size=9,
        row_height=row_h,
    )
    more = len(listed) - len(rows)
    note_top = _CONTENT_TOP_IN + min(row_h, 0.42) + row_h * len(rows) + 0.1
    if more > 0:
        deck.text(
            s,
            _MARGIN_IN,
            note_top,
            12.4,
            0.35,
            [
                [
                    (f"and {more} more at ", {"size": 12}),
                    (view_url, {"size": 12, "color": _ACCENT, "link": view_url}),
                ]
            ],
        )
    elif not rows:
        deck.text(s, _MARGIN_IN, note_top, 12.4, 0.35, [[("No source is cited in this selection.", {"size": 12})]])
    deck.footer(s, 7, f"{len(listed)} sources cited by the facts on slides 2–6, most cited first")

    deck.prs.core_properties.title = DECK_TITLE
    deck.prs.core_properties.subject = f"{f.describe()} · data as of {ds.data_as_of}"
    deck.prs.core_properties.comments = view_url
    return deck.save()


__all__ = [
    "APP_NAME",
    "SLIDE_TITLES",
    "ExportError",
    "browser_path",
    "build_deck",
    "dataset_zip",
    "events_export",
    "figure_png",
    "map_figure",
    "map_png",
    "png_size",
    "render_png",
    "safe_csv",
    "short_sources",
    "view_url",
]
