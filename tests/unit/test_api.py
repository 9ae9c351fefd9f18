"""The data routes (components/web/api.py) and what the server adds around Streamlit
(components/web/webserver.py), on a Starlette app with the same routes and middleware as server.py,
without starting Streamlit."""

from __future__ import annotations

import csv
import gzip
import io
import re
import zipfile
from pathlib import Path

import brotli
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from components import views
from components.data import registry
from components.data.dataset import load_dataset
from components.data.filters import Filters, parse_query
from components.data.notices import page_text
from components.render import tables
from components.web import api, choices, webserver


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


@pytest.fixture(scope="module")
def client():
    app = Starlette(routes=api.routes(), middleware=webserver.middleware({}))
    with TestClient(app, base_url="http://monitor.test") as c:
        yield c


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


VIEW = "country=Kazakhstan&country=Uzbekistan&years=2023&years=2025"


@pytest.mark.parametrize("page", [p.key for p in registry.PAGES if p.key != "search"])
def test_each_pages_rows_are_the_views_rows(client, ds, page):
    """The download is the page's own view: the same memoised rows, written as the CSV was."""
    r = client.get(f"/api/v1/{page}.csv?{VIEW}")
    assert r.status_code == 200, r.text
    f = Filters(("KAZ", "UZB"), (2023, 2025))
    chosen, _ = choices.parse(ds, f, page, {})
    expected = choices.rows(ds, f, page, chosen)
    assert expected is not None
    assert r.content == tables.safe_csv(expected)
    assert r.headers["content-type"].startswith("text/csv")
    assert f'filename="{choices.file_stem(f, page, chosen)}.csv"' in r.headers["content-disposition"]


TOOK_PART = "measure=Events%20the%20country%20took%20part%20in%2C%20selected%20years"


@pytest.mark.parametrize("page", [p.key for p in registry.PAGES if p.key not in ("search", "compare")])
@pytest.mark.parametrize("view", ["", "country=Turkmenistan&years=2020&years=2020", TOOK_PART])
def test_counts_are_written_as_whole_numbers_and_an_empty_table_keeps_its_headings(client, page, view):
    """A count reads 3, never 3.0 (the map's table wrote floats); a view with no rows still
    names its columns (issue 22 item 11)."""
    r = client.get(f"/api/v1/{page}.csv?{view}")
    if "measure=" in view and page != "map":
        return
    assert r.status_code == 200, r.text
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows and rows[0] and all(rows[0]), "a heading row"
    for row in rows[1:]:
        for heading, cell in zip(rows[0], row, strict=True):
            if heading in ("lat", "lon", "value", "amount") or "Trade" in heading:
                continue  # measures, not counts
            assert not re.fullmatch(r"-?\d+\.0", cell), (page, heading, cell)


def test_events_are_the_timelines_rows_straight_from_the_csv(client):
    r = client.get("/api/v1/events.csv?country=Turkmenistan&years=2024&years=2025&category=Summit")
    rows = _csv(r.text)
    with open("data/events.csv", encoding="utf-8") as fh:
        want = {e["id"] for e in csv.DictReader(fh) if "TKM" in e["countries"] and e["category"] == "summit"
                and "2024" <= e["date"][:4] <= "2025"}
    assert {x["id"] for x in rows} == want and want
    assert all(x["source_urls"].startswith("http") for x in rows)


def test_json_carries_the_rows_the_date_and_the_view(client, ds):
    r = client.get("/api/v1/compare.json?years=2024&years=2025&compare=Kazakhstan&compare=Tajikistan")
    assert r.status_code == 200
    body = r.json()
    assert body["latest_sourced_item"] == ds.latest_item.day.isoformat() and body["reviewed"] == ds.reviewed
    assert body["latest_sourced_item"] < body["reviewed"] and body["count"] == 2
    # monitor.test is not an allowed host: its name never reaches a link (relative to the site's root)
    assert body["view"] == "/compare?years=2024&years=2025&compare=Kazakhstan&compare=Tajikistan"
    view = views.compare_view(ds, Filters(years=(2024, 2025)), ("KAZ", "TJK"))
    assert [row["Country"] for row in body["rows"]] == ["Kazakhstan", "Tajikistan"]
    assert body["rows"][0]["Meetings hosted"] == view.rows.iloc[0]["Meetings hosted"]


def test_search_rows_and_its_need_for_a_query(client):
    r = client.get("/api/v1/search.csv?q=railway")
    assert r.status_code == 200 and "railway" in r.text.lower()
    r = client.get("/api/v1/search.csv")
    assert r.status_code == 400 and "needs a search text" in r.text


@pytest.mark.parametrize("q", ["a", "<>", "zzzzqqq", "railway"])
def test_a_search_download_names_its_columns_whatever_it_found(client, q):
    """A search too short to run, or that finds nothing, once downloaded an empty line."""
    r = client.get("/api/v1/search.csv", params={"q": q})
    assert r.status_code == 200, r.text
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0] == ["Kind", "Title", "Date", "Status", "Match", "Sources", "Id"]
    assert (len(rows) > 1) == (q == "railway")


def test_plain_tables_are_filtered_by_country_and_years(client):
    trade = _csv(client.get("/api/v1/trade.csv?country=Kyrgyzstan&years=2024&years=2025").text)
    assert trade and {t["partner"] for t in trade} == {"KGZ"} and {t["year"] for t in trade} <= {"2024", "2025"}
    projects = _csv(client.get("/api/v1/projects.csv?country=Turkmenistan").text)
    assert projects and all("TKM" in p["countries"] for p in projects)
    assert all(p["source_urls"] for p in projects)


def test_bad_values_get_400_and_the_pages_words(client):
    r = client.get("/api/v1/timeline.csv?country=Mars&years=abc")
    assert r.status_code == 400
    _, notices = parse_query({"country": ["Mars"], "years": ["abc"]})
    for n in notices:
        assert page_text(n) in r.text
    r = client.get("/api/v1/timeline.csv?category=Picnic")
    assert r.status_code == 400 and "Ignored category 'Picnic'" in r.text and "Summit" in r.text
    r = client.get("/api/v1/timeline.csv?colour=red")
    assert r.status_code == 400 and "Unknown parameter 'colour'" in r.text and "category" in r.text
    r = client.get("/api/v1/compare.csv?compare=Kazakhstan")
    assert r.status_code == 400 and "two to six countries" in r.text
    r = client.get("/api/v1/weather.csv")
    assert r.status_code == 404 and "events" in r.text
    r = client.get("/api/v1/events.xlsx")
    assert r.status_code == 404


@pytest.mark.parametrize(("env", "host", "start"), [
    ({}, "evil.example", "/compare?"),
    ({"CC5_ALLOWED_HOSTS": "monitor.test"}, "monitor.test", "http://monitor.test/compare?"),
    ({"CC5_PUBLIC_URL": "https://monitor.example.org/cc5"}, "evil.example", "https://monitor.example.org/cc5/compare?"),
    ({}, "127.0.0.1:8501", "http://127.0.0.1:8501/compare?"),
])
def test_links_use_the_configured_public_address_never_a_forged_host(monkeypatch, env, host, start):
    """Issue 22 item 12: the Host header reaches absolute links (JSON, deck, HTML briefing) only
    when it is trusted; the ETag changes with the public address, so a cache never mixes them."""
    for name in ("CC5_ALLOWED_HOSTS", "CC5_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    app = Starlette(routes=api.routes(), middleware=webserver.middleware(env))
    with TestClient(app, base_url=f"http://{host}") as c:
        r = c.get("/api/v1/compare.json?compare=Kazakhstan&compare=Tajikistan")
        assert r.json()["view"].startswith(start), r.json()["view"]
        html = c.get("/api/v1/briefing.html?page=timeline").text
        assert "evil.example" not in html and "evil.example" not in r.text
        tags = {r.headers["etag"]}
    monkeypatch.setenv("CC5_PUBLIC_URL", "https://elsewhere.example.org")
    with TestClient(app, base_url=f"http://{host}") as c:
        tags.add(c.get("/api/v1/compare.json?compare=Kazakhstan&compare=Tajikistan").headers["etag"])
    assert len(tags) == 2, "another public address, another ETag"


def test_an_unchanged_view_is_answered_304(client):
    first = client.get(f"/api/v1/timeline.csv?{VIEW}")
    tag = first.headers["etag"]
    assert "max-age" in first.headers["cache-control"]
    again = client.get(f"/api/v1/timeline.csv?{VIEW}", headers={"If-None-Match": tag})
    assert again.status_code == 304 and not again.content
    other = client.get("/api/v1/timeline.csv?years=2024&years=2025", headers={"If-None-Match": tag})
    assert other.status_code == 200, "another view is another ETag"


def test_data_package_zip(client):
    r = client.get("/api/v1/datapackage.zip")
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert "datapackage.json" in names and "events.csv" in names


def test_openapi_describes_every_route_and_each_answers(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    for name in api.NAMES:
        assert f"/api/v1/{name}.csv" in paths and f"/api/v1/{name}.json" in paths
    assert {f"/api/v1/{p}.png" for p in choices.CHART_PAGES} <= set(paths)
    for path, item in paths.items():
        if path.endswith((".png", ".pptx", ".html")):
            continue  # drawn through Chromium: tests/unit/test_export.py and the browser tests
        query = "q=railway" if "/search." in path else ("compare=Kazakhstan&compare=Uzbekistan" if "/compare." in path
                                                          else "")
        r = client.get(f"{path}?{query}")
        assert r.status_code == 200, (path, r.text)
        assert {p["name"] for p in item["get"].get("parameters", [])} >= (
            {"country", "years", "scope", "since"} if not path.endswith(".zip") else set())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from([*api.NAMES, "nope"]),
    params=st.lists(
        st.tuples(st.sampled_from(["country", "years", "since", "category", "compare", "q", "profile", "measure", "x"]),
                  st.text(max_size=30)),
        max_size=5,
    ),
)
def test_any_query_gets_an_answer_not_an_error(client, name, params):
    r = client.get(f"/api/v1/{name}.json", params=params)
    assert r.status_code in (200, 400, 404), r.text
    if r.status_code == 200:
        assert "rows" in r.json()
    else:
        assert r.headers["content-type"].startswith("text/plain") and "Traceback" not in r.text


# ---------------------------------------------------------------- compression and headers

BUNDLE = ("function draw(){return 'the same text again';}\n" * 400).encode()


def _asset_app(root: Path) -> tuple[Starlette, list[str]]:
    """Static routes as Streamlit's, over a folder holding the bundle: the cache keeps real files."""
    calls: list[str] = []
    (root / "static" / "js").mkdir(parents=True, exist_ok=True)  # as Streamlit's folder: static/static/js
    (root / "static" / "js" / "index.abc.js").write_bytes(BUNDLE)

    def asset(request):
        calls.append(request.url.path)
        if request.url.path != "/static/js/index.abc.js":  # Streamlit answers any other path with its shell
            return Response(b"<!doctype html>" + b" " * 4000, media_type="text/html")
        return Response(BUNDLE, media_type="text/javascript",
                        headers={"ETag": '"abc"', "Cache-Control": "public, immutable, max-age=31536000"})

    def picture(request):
        return Response(b"\x89PNG" + b"\0" * 4000, media_type="image/png")

    routes = [Route("/static/media/a.png", picture), Route("/static/{rest:path}", asset)]
    return Starlette(routes=routes, middleware=[Middleware(webserver.CompressedAssets, root=root)]), calls


def _cache(client: TestClient) -> webserver.CompressedAssets:
    layer = client.app.middleware_stack  # type: ignore[attr-defined]
    while not isinstance(layer, webserver.CompressedAssets):
        layer = layer.app
    return layer


def test_static_bundles_are_compressed_once_and_kept(tmp_path):
    app, calls = _asset_app(tmp_path)
    with TestClient(app) as c:
        r = c.get("/static/js/index.abc.js", headers={"Accept-Encoding": "br, gzip"})
        assert r.headers["content-encoding"] == "br" and r.content == BUNDLE  # httpx decodes br
        assert int(r.headers["content-length"]) < len(BUNDLE) / 10
        assert r.headers["cache-control"] == "public, immutable, max-age=31536000", "Streamlit's cache header kept"
        raw = c.get("/static/js/index.abc.js", headers={"Accept-Encoding": "gzip"})
        assert raw.headers["content-encoding"] == "gzip" and raw.content == BUNDLE
        c.get("/static/js/index.abc.js", headers={"Accept-Encoding": "br"})
        assert calls == ["/static/js/index.abc.js"] * 2, "one compression per encoding, then from memory"
        plain = c.get("/static/js/index.abc.js", headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers and plain.content == BUNDLE
        tags = {r.headers["etag"], raw.headers["etag"], plain.headers["etag"]}
        assert len(tags) == 3, f"each encoding its own strong ETag: {tags}"
        cached = c.get("/static/js/index.abc.js", headers={"Accept-Encoding": "br", "If-None-Match": r.headers["etag"]})
        assert cached.status_code == 304
        anything = c.get("/static/js/index.abc.js", headers={"Accept-Encoding": "br", "If-None-Match": "*"})
        assert anything.status_code == 304, "If-None-Match: * matches any current form"
        held = {"Accept-Encoding": "br", "If-None-Match": raw.headers["etag"]}
        other = c.get("/static/js/index.abc.js", headers=held)
        assert other.status_code == 200, "the gzip form's tag does not stand for the br form"
        pic = c.get("/static/media/a.png", headers={"Accept-Encoding": "br"})
        assert "content-encoding" not in pic.headers, "pictures are not compressed again"


def test_the_asset_cache_keeps_real_files_only_and_stays_bounded(tmp_path):
    """Issue 22 item 1: 3,000 made-up paths under /static/ (answered with the app shell) grew the
    cache without bound. Only real files are kept, keyed by the file, within entries and bytes."""
    app, calls = _asset_app(tmp_path)
    with TestClient(app) as c:
        for i in range(300):  # (3,000 against a real server: tests/robustness/test_memory.py)
            c.get(f"/static/x{i}/js/index.abc.js", headers={"Accept-Encoding": "br"})
        cache = _cache(c)
        assert len(cache.kept) == 0 and cache.size == 0, "a made-up path was kept"
        for query in ("", "?v=1", "?v=2"):
            c.get(f"/static/js/index.abc.js{query}", headers={"Accept-Encoding": "br"})
            c.get(f"/static//js/../js/index.abc.js{query}", headers={"Accept-Encoding": "br"})
        assert len(cache.kept) == 1, "one file, one encoding: one entry, whatever the path's spelling"
        assert not c.get("/static/../../etc/passwd", headers={"Accept-Encoding": "br"}).headers.get("content-encoding")
    small = webserver.CompressedAssets(app, budget=10_000, max_entries=2, root=tmp_path)
    for n in range(5):
        small._keep((f"f{n}", 1, 1, "br"), webserver._Kept(200, ((b"etag", b'"x"'),), b"x" * 3000))
    assert len(small.kept) == 2 and small.size <= 10_000


def test_compression_helpers():
    assert webserver.choose_encoding("gzip, deflate, br, zstd") == "br"
    assert webserver.choose_encoding("gzip;q=1.0, br;q=0") == "gzip"
    assert webserver.choose_encoding("identity") is None
    assert webserver.choose_encoding("br;q=0, gzip;q=0, *") is None, "refused by name, whatever * says"
    assert webserver.choose_encoding("gzip;q=0") is None and webserver.choose_encoding("br;q=0, gzip;q=0.5") == "gzip"
    assert webserver.etag_matches("*", '"a"') and webserver.etag_matches('W/"b", "a"', '"a"')
    assert not webserver.etag_matches('"a-gzip"', '"a"')
    assert brotli.decompress(webserver.compress(BUNDLE, "br")) == BUNDLE
    assert gzip.decompress(webserver.compress(BUNDLE, "gzip")) == BUNDLE


def test_security_headers_and_frame_ancestors(client):
    r = client.get("/api/v1/openapi.json")
    assert r.headers["content-security-policy"] == "frame-ancestors 'self'; object-src 'none'; base-uri 'self'"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert webserver.frame_ancestors({"CC5_FRAME_ANCESTORS": "'self' https://example.org"}) == (
        "'self' https://example.org")
    with pytest.raises(ValueError, match="CC5_FRAME_ANCESTORS"):
        webserver.frame_ancestors({"CC5_FRAME_ANCESTORS": "*; script-src *"})


def test_host_allow_list():
    app = Starlette(routes=api.routes(), middleware=webserver.middleware({"CC5_ALLOWED_HOSTS": "monitor.example.org"}))
    with TestClient(app, base_url="http://monitor.example.org") as good:
        assert good.get("/api/v1/openapi.json").status_code == 200
    with TestClient(app, base_url="http://evil.example.com") as bad:
        assert bad.get("/api/v1/openapi.json").status_code == 400


def test_a_held_picture_or_briefing_is_not_made_again(client, monkeypatch):
    """304 comes before the rendering: a deck takes seconds, a picture a browser start."""
    made: list[str] = []

    class Picture:
        def png(self, *args, **kwargs):
            made.append("png")
            return b"\x89PNG fake"

    monkeypatch.setattr(choices, "chart", lambda *args: Picture())
    from components.exports import briefing

    monkeypatch.setattr(briefing, "build_deck", lambda *a, **k: made.append("deck") or b"PK fake")
    cases = (("/api/v1/timeline.png?years=2024&years=2025", "png"), ("/api/v1/briefing.pptx?page=map", "deck"))
    for path, kind in cases:
        first = client.get(path)
        assert first.status_code == 200 and made.count(kind) == 1
        again = client.get(path, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304 and made.count(kind) == 1, f"{kind} made again for a 304"


def test_the_routes_honour_the_scope_and_the_events_carry_it(client, ds):
    every = _csv(client.get("/api/v1/events.csv").text)
    mech = _csv(client.get("/api/v1/events.csv?scope=Mechanism%20only").text)
    with open("data/events.csv", encoding="utf-8") as fh:
        want = {e["id"] for e in csv.DictReader(fh) if e["scope"] == "mechanism" and e["date"][:4] <= "2026"}
    assert {r["id"] for r in mech} == want and len(mech) < len(every)
    assert {r["scope"] for r in mech} == {"Mechanism"} and {r["scope"] for r in every} == {"Mechanism", "Related"}
    body = client.get("/api/v1/timeline.json?scope=Related%20only").json()
    assert body["view"] == "/timeline?scope=Related%20only" and "related only" in body["showing"]
    assert {r["scope"] for r in body["rows"]} == {"Related"}
    ru = client.get("/api/v1/overview.csv?scope=%D0%A2%D0%BE%D0%BB%D1%8C%D0%BA%D0%BE%20%D0%BC%D0%B5%D1%85%D0%B0"
                    "%D0%BD%D0%B8%D0%B7%D0%BC")  # "Только механизм": a label of any language
    assert ru.status_code == 200 and {r["id"] for r in _csv(ru.text)} == want
    r = client.get("/api/v1/timeline.csv?scope=bilateral")
    assert r.status_code == 400 and "bilateral" in r.text and "Mechanism only" in r.text


def test_http_details(client):
    """Issue 22 item 11: Accept-Encoding's q=0, If-None-Match: *, one Vary, an ETag per encoding,
    404 (not the app's page) for any other address under /api/v1."""
    path = f"/api/v1/timeline.csv?{VIEW}"
    refused = client.get(path, headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused.headers and refused.status_code == 200
    zipped = client.get(path, headers={"Accept-Encoding": "gzip"})
    plain = client.get(path, headers={"Accept-Encoding": "identity"})
    assert zipped.headers["content-encoding"] == "gzip" and zipped.content == plain.content
    assert zipped.headers["etag"] != plain.headers["etag"], "the gzip and identity bodies share a strong ETag"
    for r in (zipped, plain, refused):
        vary = [v.strip().lower() for v in r.headers.get("vary", "").split(",") if v.strip()]
        assert len(vary) == len(set(vary)), r.headers.get("vary")
    again = client.get(path, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["etag"]})
    assert again.status_code == 304 and again.headers["etag"] == zipped.headers["etag"]
    again = client.get(path, headers={"Accept-Encoding": "identity", "If-None-Match": plain.headers["etag"]})
    assert again.status_code == 304
    star = client.get(path, headers={"If-None-Match": "*"})
    assert star.status_code == 304
    for other in ("/api/v1/events", "/api/v1/.csv", "/api/v1/", "/api/v1", "/api/v1/a/b.csv"):
        r = client.get(other)
        assert r.status_code == 404 and "<html" not in r.text.lower() and "Known:" in r.text, other
