"""Stateless, cacheable data routes under ``/api/v1``: what a page shows, for any replica.

    /api/v1/{name}.csv | .json    the rows of a view, with the pages' URL parameters
    /api/v1/{page}.png             the page's chart, its title, filters, sources and date inside
    /api/v1/briefing.pptx | .html  the briefing of a view (``page=`` names the page it reopens)
    /api/v1/datapackage.zip        every CSV with datapackage.json and the boundary file
    /api/v1/openapi.json           this description, for tools

``name`` is a page key (``timeline``, ``compare``, …) or one of the tables ``events`` (the
Timeline's rows), ``commitments`` (Priority directions), ``mechanisms``, ``sources``,
``projects`` and ``trade``. The rows are computed by the same memoised view the page draws
(``components/web/choices.py``), so a download equals the page. A parameter the page would drop with
a notice gets HTTP 400 and that notice's words. Responses carry an ETag of the data's state and
the request, so a cache or a browser can keep them until the data changes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from components.data import i18n, registry
from components.data.dataset import Dataset, configured_dir, shared_dataset, source_lookup
from components.data.datatext import localized
from components.data.filters import COUNTRY_NAMES, Filters, parse_query
from components.data.i18n import _
from components.data.labels import dates_line
from components.data.notices import REPEATED, Notice, page_text
from components.data.sourcing import view_url
from components.render import tables
from components.render.images import ExportError
from components.views.memo import memo
from components.web import choices
from components.web.compression import etag_matches
from components.web.hosts import base_url

PREFIX = "/api/v1"
MAX_AGE = 300  # seconds a cache may keep a response without asking again (the ETag then answers)
TABLE_PAGES = {"events": "timeline", "commitments": "directions", "mechanisms": "mechanisms", "sources": "sources"}
PLAIN_TABLES = ("projects", "trade")  # tables no page lists row by row: filtered by country and years
NAMES: tuple[str, ...] = (*TABLE_PAGES, *PLAIN_TABLES, *(p.key for p in registry.PAGES if p.key not in TABLE_PAGES))
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


class BadRequest(Exception):
    """A request the routes answer with 400 and these words."""


def _params(request: Request) -> dict[str, list[str]]:
    q = request.query_params
    return {k: q.getlist(k) for k in q.keys()}


def _check_names(params: Mapping[str, Sequence[str]], allowed: Sequence[str]) -> None:
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise BadRequest(
            i18n.ngettext(
                "Unknown parameter {names}: this address takes {allowed}.",
                "Unknown parameter {names}: this address takes {allowed}.",  # English has one form here
                len(unknown),
            ).format(names=", ".join(repr(u) for u in unknown), allowed=", ".join(allowed))
        )


def _raise_for(notices: Sequence[Notice]) -> None:
    notices = [n for n in notices if n.code != REPEATED]  # a value given twice is answered as given once
    if notices:
        raise BadRequest("\n".join(page_text(n) for n in notices))


def lang_suffix(f: Filters) -> str:
    """What a download's file name carries for its language: nothing in English, ``_zh`` or
    ``_ru`` otherwise (names stay ASCII)."""
    return "" if f.lang == i18n.DEFAULT_LANG else f"_{f.lang}"


def page_of(name: str) -> str:
    """The page whose view gives the rows of ``name``."""
    return TABLE_PAGES.get(name, name)


def allowed_params(name: str) -> tuple[str, ...]:
    page = page_of(name)
    own: tuple[str, ...] = ()
    if page in choices.CHOICES:
        own = (choices.CHOICES[page].param,)
    elif page == "search":
        own = (choices.PARAM_QUERY,)
    return (registry.PARAM_COUNTRY, registry.PARAM_YEARS, registry.PARAM_SCOPE, registry.PARAM_SINCE,
            registry.PARAM_LANG, *own)


def view_of(ds: Dataset, name: str, params: Mapping[str, Sequence[str]]) -> tuple[Filters, tuple[str, ...], str]:
    """(filters, the page's choice, search text) from a request's parameters; BadRequest for
    any value the page would drop with a notice."""
    _check_names(params, allowed_params(name))
    f, notices = parse_query(params)
    _raise_for(notices)
    chosen, notices = choices.parse(ds, f, page_of(name), params)
    _raise_for(notices)
    query = (params.get(choices.PARAM_QUERY) or [""])[0]
    return f, chosen, query


def plain_table(ds: Dataset, name: str, f: Filters) -> pd.DataFrame:
    """Projects touching a selected country; trade with a selected partner in the years."""
    frame = ds[name]
    if name == "projects" and not frame.empty:
        frame = frame[frame["countries"].map(lambda cs: bool(set(cs or ()) & set(f.countries)))]
    if name == "trade" and not frame.empty:
        partners = {*f.countries, "C5"} if len(f.countries) == len(COUNTRY_NAMES) else set(f.countries)
        frame = frame[frame["partner"].isin(partners) & frame["year"].between(*f.years)]
    out = tables.with_source_urls(frame, source_lookup(ds))
    for col in out.columns:  # lists and tuples as the CSV writes them: "a;b"
        if out[col].map(lambda v: isinstance(v, tuple | list)).any():
            out[col] = out[col].map(lambda v: ";".join(map(str, v)) if isinstance(v, tuple | list) else v)
    return out.reset_index(drop=True)


def rows_for(ds: Dataset, name: str, params: Mapping[str, Sequence[str]]) -> tuple[pd.DataFrame, Filters, str]:
    """The rows ``/api/v1/{name}`` answers with, the view's filters and the file's name."""
    if name not in NAMES:
        raise LookupError(name)
    f, chosen, query = view_of(ds, name, params)
    if name in PLAIN_TABLES:
        return plain_table(ds, name, f), f, f"cc5_{name}_{f.years[0]}-{f.years[1]}{lang_suffix(f)}"
    page = page_of(name)
    frame = choices.rows(ds, f, page, chosen, query)
    if frame is None:
        title = registry.page(page).shown_title
        if page == "compare":
            text = _("Nothing to list: the {page} page needs two to six countries (compare=…).")
        else:
            text = _("Nothing to list: the {page} page needs a search text (q=…).")
        raise BadRequest(text.format(page=title))
    return frame, f, choices.file_stem(f, page, chosen) + lang_suffix(f)


def _json(frame: pd.DataFrame, ds: Dataset, f: Filters, link: str) -> bytes:
    item = ds.latest_item  # the data's two dates (README, "Two dates"): coverage, then the review day
    meta = {"latest_sourced_item": item.day.isoformat() if item else None, "reviewed": ds.reviewed,
            "showing": f.describe(), "view": link, "count": len(frame)}
    records = frame.to_json(orient="records", date_format="iso", force_ascii=False, default_handler=str)
    return (json.dumps(meta, ensure_ascii=False)[:-1] + ', "rows": ' + records + "}").encode("utf-8")


ETAG_FORM = 2  # raised when a route writes other bytes for the same data and request (2: BOM in zh/ru CSV)


def public_base(request: Request) -> str:
    """The address links in answers start with: ``CC5_PUBLIC_URL``, else the request's own only
    when its Host is trusted, else relative to the site's root (components/web/hosts.py)."""
    return base_url(request.url.scheme, request.headers.get("host", ""))


def _etag(ds: Dataset, request: Request, today: date | None = None) -> str:
    # the public address is part of the state: answers whose links differ never share a tag
    state = f"{ETAG_FORM}|{ds.key}|{request.url.path}|{request.url.query}|{today or ''}|{public_base(request)}"
    return '"' + hashlib.sha256(state.encode("utf-8")).hexdigest()[:32] + '"'


def _answer(request: Request, ds: Dataset, body: Callable[[], bytes], media: str, filename: str,
            *, daily: bool = False) -> Response:
    """200 with the body, or 304 when the client holds this ETag already."""
    tag = _etag(ds, request, date.today() if daily else None)
    headers = {"ETag": tag, "Cache-Control": f"public, max-age={MAX_AGE}"}
    if etag_matches(request.headers.get("if-none-match", ""), tag):
        return Response(status_code=304, headers=headers)
    headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(body(), media_type=media, headers=headers)


def _dataset() -> Dataset:
    ds = localized(shared_dataset(), i18n.current())
    if not ds.sourced:
        raise BadRequest(
            _("The data could not be read: {problems}").format(problems="; ".join(str(p) for p in ds.problems[:3]))
        )
    return ds


def _guard(handler: Callable[[Request], Response]) -> Callable[[Request], Response]:
    """Plain-words 400 and 404 answers instead of tracebacks."""

    def run(request: Request) -> Response:
        # The answer's language (headers, titles, texts and these errors) is the link's lang=,
        # English without it; a bad value is reported by the route's parameter check, in English.
        lang = i18n.lang_from_text(request.query_params.get(registry.PARAM_LANG, "")) or i18n.DEFAULT_LANG
        with i18n.using(lang):
            try:
                return handler(request)
            except BadRequest as exc:
                return PlainTextResponse(str(exc) + "\n", status_code=400)
            except LookupError as exc:
                text = _("No such data: '{name}'. Known: {known}; see {openapi}.").format(
                    name=exc.args[0] if exc.args else "", known=", ".join(NAMES), openapi=f"{PREFIX}/openapi.json")
                return PlainTextResponse(text + "\n", status_code=404)
            except ExportError as exc:
                text = _("The picture could not be made here: {reason}").format(reason=exc)
                return PlainTextResponse(text + "\n", status_code=503)

    return run


def encoded_rows(ds: Dataset, name: str, fmt: str, params: tuple[tuple[str, tuple[str, ...]], ...], base: str,
                 day: date) -> tuple[bytes, str, str]:
    """(body, file name, page key) of a rows route: kept per dataset and request (``memo``), so
    a view asked again is bytes from memory, not a CSV written again (13 ms for the timeline).
    ``day``: the Overview's rows depend on today (latest and next items)."""
    query = {k: list(v) for k, v in params}
    frame, f, stem = rows_for(ds, name, query)
    page = registry.page(page_of(name)) if name not in PLAIN_TABLES else registry.DEFAULT
    if fmt == "csv":  # Chinese and Russian with a byte-order mark, or Excel on Windows shows mojibake
        body = tables.safe_csv(frame, bom=f.lang != i18n.DEFAULT_LANG)
    else:
        _f, chosen, text = view_of(ds, name, query)
        link = view_url(base, page.url_path, f, choices.own_query(ds, f, page.key, chosen, text))
        body = _json(frame, ds, f, link)
    return body, f"{stem}.{fmt}", page.key


def rows_route(request: Request) -> Response:
    name, fmt = request.path_params["name"], request.path_params["fmt"]
    if fmt not in FORMATS:
        raise LookupError(f"{name}.{fmt}")
    if name not in NAMES:
        raise LookupError(name)
    ds = _dataset()
    params = tuple(sorted((k, tuple(v)) for k, v in _params(request).items()))
    day = date.today() if page_of(name) == "overview" else date(2000, 1, 1)
    body, filename, page = memo(encoded_rows, ds, name, fmt, params, public_base(request), day)
    return _answer(request, ds, lambda: body, FORMATS[fmt], filename, daily=page == "overview")


def png_route(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in choices.CHART_PAGES:
        raise LookupError(f"{name}.png")
    ds = _dataset()
    f, chosen, _query = view_of(ds, name, _params(request))
    chart = choices.chart(ds, f, name, chosen)
    if chart is None:
        raise BadRequest(_("The {page} page has no chart for this view.").format(page=registry.page(name).shown_title))
    return _answer(  # rendered only when the client does not hold this ETag already
        request,
        ds,
        lambda: chart.png(source_lookup(ds), filters=f.describe(), dates=dates_line(ds)),
        "image/png",
        choices.file_stem(f, name, chosen) + lang_suffix(f) + ".png",
    )


def briefing_route(request: Request) -> Response:
    fmt = request.path_params["fmt"]
    if fmt not in ("pptx", "html"):
        raise LookupError(f"briefing.{fmt}")
    ds = _dataset()
    params = _params(request)
    page_key = (params.pop("page", None) or ["overview"])[0]
    if page_key not in {p.key for p in registry.PAGES}:
        raise BadRequest(_("Unknown page '{page}': give one of {pages}.").format(
            page=page_key[:40], pages=", ".join(p.key for p in registry.PAGES)))
    f, chosen, query = view_of(ds, page_key, params)
    compare = chosen if page_key == "compare" else ()
    base, path = public_base(request), registry.page(page_key).url_path
    # the page's own choice, in every link and in the citation: the briefing reopens exactly this view
    own = choices.own_query(ds, f, page_key, chosen, query)
    words = choices.choice_words(ds, f, page_key, chosen, query)
    stem = f"cc5_briefing_{f.years[0]}-{f.years[1]}{lang_suffix(f)}"
    if fmt == "html":
        from components.exports.htmlbrief import build_html

        return _answer(request, ds, lambda: build_html(ds, f, base_url=base, page=path, compare=compare, own=own,
                                                       choice=words).encode(),
                       "text/html; charset=utf-8", stem + ".html", daily=True)
    from components.exports.briefing import build_deck

    # made only when the client does not hold this ETag already (a deck takes seconds)
    return _answer(request, ds, lambda: build_deck(ds, f, base_url=base, page=path, compare=compare, own=own,
                                                   choice=words), PPTX, stem + ".pptx", daily=True)


def datapackage_route(request: Request) -> Response:
    ds = _dataset()
    return _answer(request, ds, lambda: tables.dataset_zip(configured_dir()), "application/zip", "cc5_dataset.zip")


def openapi(base: str = "") -> dict[str, Any]:
    """An OpenAPI 3.1 description of the routes, made from the same tables the routes use."""

    def param(name: str, many: bool, text: str) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": {"type": "string"}} if many else {"type": "string"}
        return {"name": name, "in": "query", "required": False, "schema": schema, "explode": True,
                "description": text}

    common = [
        param("country", True, "A country name as shown (Kazakhstan, …); repeat for several. Default: all six."),
        param("years", True, "A start and an end year, 2020–2026 (years=2022&years=2025)."),
        param("scope", False, "Which events: 'Mechanism only' (the C+C5 mechanism's own acts) or 'Related only' "
              "(milestones carrying out its agenda), as the sidebar labels them in any language, or the id "
              "(mechanism, related). Default: both."),
        param("since", False, "Mark what changed since this day, YYYY-MM-DD."),
    ]
    paths: dict[str, Any] = {}
    errors = {"400": {"description": "A parameter the page would drop; the body says which and why."},
              "404": {"description": "No such data."}}
    for name in NAMES:
        page = page_of(name)
        own = []
        if page in choices.CHOICES:
            c = choices.CHOICES[page]
            own.append(param(c.param, c.multi, f"{c.label}, as shown on the page."))
        elif page == "search":
            own.append(param("q", False, "The search text."))
        what = "a filtered table" if name in PLAIN_TABLES else f"the {registry.page(page).title} page"
        for fmt, media in FORMATS.items():
            paths[f"{PREFIX}/{name}.{fmt}"] = {"get": {
                "summary": f"Rows of {name} ({what})",
                "parameters": common + own,
                "responses": {"200": {"description": "The rows, with their sources' addresses.",
                                      "content": {media.split(";")[0]: {}}}, **errors},
            }}
        if page in choices.CHART_PAGES and name == page:
            paths[f"{PREFIX}/{name}.png"] = {"get": {
                "summary": f"The {registry.page(page).title} chart as a picture",
                "parameters": common + own,
                "responses": {"200": {"description": "PNG", "content": {"image/png": {}}}, **errors},
            }}
    for fmt, media in (("pptx", PPTX), ("html", "text/html")):
        paths[f"{PREFIX}/briefing.{fmt}"] = {"get": {
            "summary": f"The briefing of a view ({fmt})",
            "parameters": [param("page", False, "The page the briefing reopens (a page key); that page's own "
                                 "parameter (category, measure, compare, q, …) is taken too, and carried by "
                                 "every link and the citation.")] + common,
            "responses": {"200": {"description": "The briefing file", "content": {media: {}}}, **errors},
        }}
    paths[f"{PREFIX}/datapackage.zip"] = {"get": {
        "summary": "Every CSV with datapackage.json and the boundary file",
        "responses": {"200": {"description": "zip", "content": {"application/zip": {}}}},
    }}
    return {
        "openapi": "3.1.0",
        "info": {"title": "China–Central Asia Cooperation Monitor data", "version": "1"},
        "servers": [{"url": base.rstrip("/") or "/"}],
        "paths": paths,
    }


def openapi_route(request: Request) -> Response:
    return JSONResponse(openapi(public_base(request)))


def routes() -> list[BaseRoute]:
    return [
        Route(f"{PREFIX}/openapi.json", _guard(openapi_route), methods=["GET"]),
        Route(f"{PREFIX}/datapackage.zip", _guard(datapackage_route), methods=["GET"]),
        Route(PREFIX + "/briefing.{fmt}", _guard(briefing_route), methods=["GET"]),
        Route(PREFIX + "/{name}.png", _guard(png_route), methods=["GET"]),
        Route(PREFIX + "/{name}.{fmt}", _guard(rows_route), methods=["GET"]),
        Route(PREFIX, _guard(not_found), methods=["GET", "HEAD", "POST"]),
        Route(PREFIX + "/{rest:path}", _guard(not_found), methods=["GET", "HEAD", "POST"]),
    ]


def not_found(request: Request) -> Response:
    """Any other address under /api/v1 (``/api/v1/events``, ``/api/v1/.csv``): 404 with the known
    names, not the app's page."""
    raise LookupError(request.url.path.removeprefix(PREFIX + "/")[:80])


def download_path(name: str, fmt: str, f: Filters, extra: Mapping[str, Sequence[str]] | None = None) -> str:
    """The relative address of a route for this view (``api/v1/timeline.csv?country=…``): the
    download buttons link here, so a download works on whichever replica answers."""
    return view_url("", f"api/v1/{name}.{fmt}", f, extra).lstrip("/")
