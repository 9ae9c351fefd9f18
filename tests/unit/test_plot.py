"""The charts' own plotly.js (components/web/plot.py): the basic bundle served by the app, and
figures that do not depend on the process's default template."""

from __future__ import annotations

import gzip
import hashlib

import brotli
import plotly.io as pio
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from components import views
from components.data.dataset import load_dataset
from components.data.filters import Filters
from components.render import charts
from components.web import plot


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(Starlette(routes=plot.routes()))


def test_the_basic_bundle_is_served_compressed_and_immutable(client: TestClient):
    raw = plot.BUNDLE.read_bytes()
    assert b"plotly.js (basic - minified)" in raw[:200] and len(raw) < 1_500_000  # not the 4.7 MB full bundle
    url = plot.bundle_url()
    assert hashlib.sha256(raw).hexdigest()[:12] in url
    r = client.get(url, headers={"Accept-Encoding": "gzip, br"})
    assert r.status_code == 200 and r.headers["content-encoding"] == "br"
    assert "immutable" in r.headers["cache-control"] and r.headers["content-type"].startswith("application/javascript")
    assert r.content == raw  # the client decodes it: the same file
    assert len(plot._bundle()[1]["br"]) < len(raw) / 3


def test_encodings_follow_accept_encoding_and_q_zero_refuses(client: TestClient):
    url = plot.bundle_url()
    gz = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["content-encoding"] == "gzip" and gz.content == plot.BUNDLE.read_bytes()
    none = client.get(url, headers={"Accept-Encoding": "gzip;q=0, br;q=0"})
    assert "content-encoding" not in none.headers and none.content == plot.BUNDLE.read_bytes()
    assert gz.headers["etag"] != none.headers["etag"] and gz.headers["vary"] == "Accept-Encoding"
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": gz.headers["etag"]})
    assert again.status_code == 304


def test_an_unknown_digest_is_not_found(client: TestClient):
    assert client.get("/cc5/assets/plotly-basic.000000000000.min.js").status_code == 404


def test_the_compressed_copies_are_the_file():
    """The .br and .gz beside the bundle are made by scripts/vendor-plotly-basic.sh: the same bytes."""
    _, bodies = plot._bundle()
    assert set(bodies) == {"identity", "br", "gzip"}
    assert gzip.decompress(bodies["gzip"]) == bodies["identity"] == brotli.decompress(bodies["br"])


def test_figures_name_their_template_whatever_the_default(monkeypatch):
    """Streamlit makes its own template plotly's default when it loads; the figures must not
    take it (it has no automargin: the PNGs and the page's plot lost their left axis)."""
    monkeypatch.setattr(pio.templates, "default", "none")
    ds = load_dataset()
    figs = [views.timeline_view(ds, Filters()).figure, views.mechanisms_view(ds, Filters()).figure,
            views.country_view(ds, Filters(), "KAZ").trade_figure]
    for fig in figs:
        assert fig is not None
        assert fig.layout.template.layout.yaxis.automargin is True
        assert fig.layout.template.layout.xaxis.automargin is True
    assert charts.TEMPLATE.layout.plot_bgcolor == "white"


def test_the_component_carries_the_views_figure_as_json():
    fig = views.timeline_view(load_dataset(), Filters()).figure
    assert fig is not None
    back = pio.from_json(plot.figure_json(fig))
    assert [t.name for t in back.data] == [t.name for t in fig.data]
    assert back.layout.height == fig.layout.height
