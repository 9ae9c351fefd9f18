"""Hostile text in every field of the data, in a real browser: one copy of data/ where every free
text column of every CSV (every string field of datapackage.json without a pattern or an enum)
and every text field of datapackage.json carries its own payload: a Markdown image, a Markdown
link to ``javascript:``, raw HTML with an id, and a script tag. One server on that copy; every page
and every presentation slide opened. Nothing may reach another host, run, or become an element.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from components.data import registry
from tests.e2e.conftest import Server, wait_for_app

ROOT = Path(__file__).resolve().parents[2]
EVIL = "http://evil.example"


def _payload(tag: str) -> str:
    """A distinct payload for one field: each part would show itself if it took effect."""
    return (
        f" ![i]({EVIL}/{tag}.png) [l](javascript:window.__inj='{tag}')"
        f" <b id=\"inj-{tag}\">b</b><script>window.__inj='{tag}'</script>"
        f" <img src=\"{EVIL}/{tag}-raw.png\" id=\"inj-img-{tag}\">"
    )


def _text_fields(resource: dict) -> list[str]:
    out = []
    for f in resource["schema"]["fields"]:
        cons = f.get("constraints", {})
        if f.get("type", "string") == "string" and "pattern" not in cons and "enum" not in cons:
            out.append(f["name"])
    return out


def _inject(data: Path) -> int:
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    n = 0
    for res in package["resources"]:
        path = data / res["path"]
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        header, body = rows[0], rows[1:]
        for col in _text_fields(res):
            i = header.index(col)
            for r, row in enumerate(body):
                row[i] = (row[i] + _payload(f"{res['name']}-{col}-{r}")).strip()
                n += 1
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows([header, *body])
        path.write_text(buf.getvalue(), encoding="utf-8")
    for key in ("title", "description"):
        package[key] = str(package.get(key, "")) + _payload(f"package-{key}")
    package["licenses"][0]["name"] += _payload("package-licence")
    (data / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    return n


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(ROOT / "data", data)
    assert _inject(data) > 500, "every free-text cell carries a payload"
    srv = Server(env={"CC5_DATA_DIR": str(data)})
    yield srv
    srv.stop()


VISITS = [p.sample_path for p in registry.PAGES] + [
    p.path + "?present=true" for p in registry.SLIDES
]


def test_payloads_in_every_field_stay_text_on_every_page(hostile_server, page):
    """The ``page`` fixture fails the test on any request beyond 127.0.0.1."""
    seen_text = 0
    for path in VISITS:
        page.goto(hostile_server.url + path)  # type: ignore[attr-defined]
        wait_for_app(page, timeout=60_000)
        page.wait_for_timeout(800)  # type: ignore[attr-defined]
        found = page.evaluate(  # type: ignore[attr-defined]
            """() => ({
                ran: window.__inj || null,
                elements: [...document.querySelectorAll('[id^="inj-"]')].map(e => e.id).slice(0, 5),
                images: [...document.images].map(i => i.src).filter(s => s.includes('evil.example')).slice(0, 5),
                links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))
                       .filter(h => /^\\s*javascript:/i.test(h) || h.includes('evil.example')).slice(0, 5),
                text: document.body.innerText.includes('javascript:window.__inj'),
            })"""
        )
        assert found["ran"] is None, (path, found)
        assert not found["elements"] and not found["images"] and not found["links"], (path, found)
        seen_text += bool(found["text"])
    # tables draw on a canvas (not in innerText); the Markdown blocks show the payloads as text
    assert seen_text >= 3, "the payloads are shown, as text"
