"""Briefing exports: safe CSV, the data zip, PNG images, the static map and the PowerPoint deck.

Image tests render through kaleido and the system's Chromium; they are skipped when there is
no Chromium. Everything runs without a Streamlit server.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import struct
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from components import views
from components.data import sourcing
from components.data.dataset import DATA_DIR, load_dataset, source_lookup
from components.data.filters import COUNTRY_NAMES, Filters
from components.data.labels import dates_line
from components.data.selection import filter_events
from components.exports import briefing
from components.exports import deck as deck_cli
from components.render import images, mapmodel, maps, staticmap, tables
from components.render.charts import build_timeline
from testsupport.plots import map_countries
from testsupport.slides import slide_texts

HAS_CHROMIUM = Path("/usr/bin/chromium").exists() or images.browser_path() is not None
needs_chromium = pytest.mark.skipif(not HAS_CHROMIUM, reason="no Chromium (/usr/bin/chromium) for kaleido")

ROOT = Path(__file__).resolve().parents[2]
BASE = "http://127.0.0.1:8501"
ONE_COUNTRY = Filters(("KAZ",), (2022, 2023))


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


@pytest.fixture(scope="module")
def src(ds):
    return source_lookup(ds)


# ---------------------------------------------------------------- CSV


def test_safe_csv_neutralises_formula_text_and_keeps_numbers():
    frame = pd.DataFrame({
        "text": ["=1+1", "+x", "-x", "@x", "\tx", "\rx", "plain", "a=b", "-5", None],
        "number": [-1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        "amount": [-2.5, 0.0, 1.5, None, 1, 2, 3, 4, 5, 6],
        "ids": [("a", "b"), ("c",), (), ("=d",), ("e",), ("f",), ("g",), ("h",), ("i",), ("j",)],
    })
    data = tables.safe_csv(frame)
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = _rows(data)
    assert rows[0] == ["text", "number", "amount", "ids"]
    assert len(rows) == 1 + len(frame)
    text = [r[0] for r in rows[1:]]
    assert text == ["'=1+1", "'+x", "'-x", "'@x", "'\tx", "'\rx", "plain", "a=b", "'-5", ""]
    assert [r[1] for r in rows[1:]] == ["-1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]
    assert rows[1][2] == "-2.5" and rows[4][2] == ""
    assert [r[3] for r in rows[1:4]] == ["a;b", "c", ""]
    assert rows[4][3] == "'=d"  # a joined list is text like any other


def test_safe_csv_keeps_exactly_the_rows_given():
    frame = pd.DataFrame({"a": [3, 1, 2, 2]}, index=[10, 5, 7, 7])
    assert _rows(tables.safe_csv(frame)) == [["a"], ["3"], ["1"], ["2"], ["2"]]
    assert _rows(tables.safe_csv(frame.iloc[0:0])) == [["a"]]


def test_filtered_events_csv_has_exactly_the_filtered_rows(ds, src):
    events = filter_events(ds["events"], ONE_COUNTRY)
    assert 0 < len(events) < len(ds["events"])
    data = tables.safe_csv(tables.events_export(events, src))
    reader = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert [r["id"] for r in reader] == list(events["id"])
    for row, ids in zip(reader, events["source_ids"], strict=True):
        assert row["source_ids"] == ";".join(ids)
        assert row["source_urls"] == ";".join(src[s]["url"] for s in ids if src[s].get("url"))
        assert row["source_publishers"]
        for s in ids:  # a relay with whose text it carries, as the table on screen says
            if src[s]["role"] == "relay" and src[s]["relays"].casefold() not in src[s]["publisher"].casefold():
                assert f"{src[s]['publisher']}, relaying {src[s]['relays']}" in row["source_publishers"]
        assert "Kazakhstan" in row["countries"]
        assert 2022 <= int(row["date"][:4]) <= 2023
        for cell in row.values():
            assert not cell.startswith(tables.FORMULA_PREFIXES), cell


def test_view_url():
    assert sourcing.view_url(BASE, "timeline", Filters()) == f"{BASE}/timeline"
    assert sourcing.view_url(BASE + "/", "/timeline", ONE_COUNTRY) == (
        f"{BASE}/timeline?country=Kazakhstan&years=2022&years=2023"
    )
    assert sourcing.view_url(BASE, "", Filters(("KAZ", "UZB"))) == f"{BASE}/?country=Kazakhstan&country=Uzbekistan"


# ---------------------------------------------------------------- zip


def test_dataset_zip_holds_the_package_and_every_resource():
    data = tables.dataset_zip(DATA_DIR)
    assert data == tables.dataset_zip(DATA_DIR), "same data, same bytes"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        package = json.loads(zf.read("datapackage.json"))
        for res in package["resources"]:
            assert res["path"] in names, res["path"]
            assert zf.read(res["path"]) == (DATA_DIR / res["path"]).read_bytes()
        for geo in ("geo/countries.geojson", "geo/README.md", "geo/LICENSE-world-atlas.txt"):
            assert geo in names
        assert all(not n.startswith("/") and ".." not in n for n in names)


# ---------------------------------------------------------------- static map (no browser needed)


def test_map_figure_is_cartesian_and_coloured_like_the_interactive_map(ds, src):
    for f, measure in ((Filters(), "hosted"), (ONE_COUNTRY, "trade")):
        events = filter_events(ds["events"], f)
        args = (measure, f, events, ds["trade"], ds["countries"], ds["institutions"], ds["projects"], src)
        model = mapmodel.build_model(*args)
        fig = staticmap.draw(model)
        assert {t.type for t in fig.data} == {"scatter"}
        assert fig.layout.yaxis.scaleanchor == "x"
        assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
        assert any(mapmodel.BOUNDARY_NOTE[:40] in (a.text or "").replace("<br>", " ") for a in fig.layout.annotations)
        deck = maps.draw_deck(model)
        expected = {iso: tuple(item["fill"][:3]) for iso, item in map_countries(deck.layers).items()}
        fills = {t.name: tuple(int(x) for x in re.findall(r"\d+", t.fillcolor)[:3])
                 for t in fig.data if t.fill == "toself"}
        assert fills == {COUNTRY_NAMES[iso]: rgb for iso, rgb in expected.items()}
        names = {t.name for t in fig.data if t.showlegend is not False}
        assert {"Capital", "Secretariat, centres, platform"} <= names


# ---------------------------------------------------------------- images


@needs_chromium
def test_figure_png_has_the_requested_size(ds, src):
    events = filter_events(ds["events"], ONE_COUNTRY)
    fig = build_timeline(events, src, ONE_COUNTRY.years)
    before = fig.to_json()
    for width, height, scale in ((640, 360, 1.0), (500, 300, 2.0)):
        png = images.figure_png(fig, title="Timeline", filters=ONE_COUNTRY.describe(), source_line="Xinhua",
                                dates=dates_line(ds), width=width, height=height, scale=scale)
        assert _png_size(png) == (int(width * scale), int(height * scale))
    assert fig.to_json() == before, "the figure passed in is not changed"


@needs_chromium
def test_map_png_has_the_requested_size(ds):
    chart = views.map_view(ds, ONE_COUNTRY, "hosted").chart
    png = chart.png(source_lookup(ds), filters=ONE_COUNTRY.describe(), dates=dates_line(ds), width=800, height=450)
    assert _png_size(png) == (800, 450)
    assert len(png) > 20_000, "the map is drawn, not blank"


# ---------------------------------------------------------------- the deck


def _slide_text(slide) -> str:
    return "\n".join(slide_texts(slide))


def _links(slide) -> set[str]:
    return {run.hyperlink.address for shape in slide.shapes if shape.has_text_frame
            for para in shape.text_frame.paragraphs for run in para.runs if run.hyperlink.address}


@pytest.fixture(scope="module", params=["default", "one-country-two-years"])
def made_deck(request, ds):
    f = Filters() if request.param == "default" else ONE_COUNTRY
    url = sourcing.view_url(BASE, "", f)
    data = briefing.build_deck(ds, f, base_url=BASE, today=date(2026, 11, 23))
    return f, url, Presentation(io.BytesIO(data))


@needs_chromium
def test_deck_slides_titles_pictures_and_footers(made_deck, ds):
    f, url, prs = made_deck
    assert prs.slide_width * 9 == prs.slide_height * 16
    slides = list(prs.slides)
    assert len(slides) == 7
    assert [s.shapes.title.text_frame.text for s in slides] == list(briefing.slide_titles())
    assert briefing.slide_titles()[0] == "China–Central Asia Cooperation Monitor — briefing"
    for i in (2, 3):
        assert any(sh.shape_type == MSO_SHAPE_TYPE.PICTURE for sh in slides[i].shapes), f"slide {i + 1}"
    for n, slide in enumerate(slides, start=1):
        text = _slide_text(slide)
        assert url in text, f"slide {n}"
        assert dates_line(ds) in text, f"slide {n}: both dates in the footer"
        assert "Latest sourced item" in text and "Data reviewed" in text, f"slide {n}"
        assert url in _links(slide), f"slide {n}"
    first = _slide_text(slides[0])
    assert f.describe() in first and "2026-11-23" in first
    assert "Official count: 14 " in _slide_text(slides[5]) and "identified" in _slide_text(slides[5])


@needs_chromium
def test_deck_sources_slide_lists_cited_sources(made_deck, src):
    f, url, prs = made_deck
    table = next(sh.table for sh in list(prs.slides)[6].shapes if sh.has_table)
    publishers = [row.cells[0].text for row in list(table.rows)[1:]]
    assert publishers and all(p for p in publishers)
    known = {sourcing.relay_text(str(s["publisher"]), s) for s in src.values()}  # a relay: whose text
    assert all(p in known or p.endswith("…") for p in publishers)
    cited = [s for s in src.values() if any(p.startswith(str(s["publisher"])) for p in publishers)]
    if any(s["role"] == "relay" for s in cited):
        assert any(", relaying " in p for p in publishers), publishers
    # the rest are on the Sources page, with the same filters
    assert f"more at {sourcing.view_url(BASE, 'sources', f)}" in _slide_text(list(prs.slides)[6])


# ---------------------------------------------------------------- the command line


def test_cli_rejects_bad_filters(tmp_path, capsys):
    out = tmp_path / "b.pptx"
    assert deck_cli.main(["--country", "KAZ", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "'KAZ'" in err and "Kazakhstan" in err
    assert deck_cli.main(["--years", "2019", "2022", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--years '2019-2022'" in err and "years=" not in err, "worded for the command line, not the link"
    assert not out.exists()


@pytest.fixture
def seen_by_deck(monkeypatch):
    """build_deck replaced by a stub that records the filters it was given (no Chromium needed)."""
    seen = {}

    def fake_build_deck(ds, f, *, base_url, page="", today=None, compare=()):
        seen.update(f=f, compare=compare, page=page)
        buf = io.BytesIO()
        Presentation().save(buf)
        return buf.getvalue()

    monkeypatch.setattr(deck_cli, "build_deck", fake_build_deck)
    return seen


def test_cli_takes_one_year(tmp_path, capsys, seen_by_deck):
    """README documents ``--years 2023``: one year means that year alone."""
    seen = seen_by_deck
    assert deck_cli.main(["--years", "2023", "-o", str(tmp_path / "y.pptx")]) == 0, capsys.readouterr().err
    assert seen["f"] == Filters(years=(2023, 2023))


@pytest.mark.parametrize("names", [["Узбекистан", "Казахстан"], ["乌兹别克斯坦", "Kazakhstan"]])
def test_cli_takes_countries_to_compare_in_any_language(tmp_path, capsys, seen_by_deck, names):
    """``--compare`` reads a name as ``--country`` does (and as the Compare page reads its link): in
    any of the three languages; the printed link names them in the deck's language."""
    argv = [a for n in names for a in ("--compare", n)]
    code = deck_cli.main([*argv, "--page", "compare", "--lang", "ru", "-o", str(tmp_path / "c.pptx")])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert seen_by_deck["compare"] == ("UZB", "KAZ") and seen_by_deck["page"] == "compare"
    link = out.out.rsplit("View: ", 1)[1].strip()
    assert parse_qs(urlparse(link).query) == {"compare": ["Казахстан", "Узбекистан"], "lang": ["ru"]}


def test_cli_rejects_an_unknown_country_to_compare(tmp_path, capsys):
    assert deck_cli.main(["--compare", "Mars", "--compare", "Kazakhstan", "-o", str(tmp_path / "m.pptx")]) == 2
    assert "Mars" in capsys.readouterr().err


def test_cli_passes_the_view_to_build_deck(tmp_path, capsys, monkeypatch):
    seen = {}

    def fake_build_deck(ds, f, *, base_url, page="", today=None, compare=()):
        seen.update(f=f, url=sourcing.view_url(base_url, page, f))
        buf = io.BytesIO()
        prs = Presentation()
        prs.slides.add_slide(prs.slide_layouts[5])
        prs.save(buf)
        return buf.getvalue()

    monkeypatch.setattr(deck_cli, "build_deck", fake_build_deck)
    out = tmp_path / "b.pptx"
    code = deck_cli.main(["--country", "Kazakhstan", "--country", "Uzbekistan", "--years", "2022", "2025",
                          "--base-url", "http://localhost:8501", "-o", str(out)])
    assert code == 0 and out.exists()
    assert seen["f"] == Filters(("KAZ", "UZB"), (2022, 2025))
    assert seen["url"] == "http://localhost:8501/?country=Kazakhstan&country=Uzbekistan&years=2022&years=2025"
    assert f"Wrote 1 slide to {out}" in capsys.readouterr().out


# ---------------------------------------------------------------- no Streamlit, no hang


def _run(code: str, env: dict[str, str] | None = None, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, **(env or {})},
                          capture_output=True, text=True, timeout=timeout)


def test_a_browser_that_fails_raises_instead_of_hanging_and_no_streamlit(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    code = ("import faulthandler\n"
            "faulthandler.dump_traceback_later(60, exit=True)\n"  # a hang shows where it hangs
            "import plotly.graph_objects as go\n"
            "from components.render import images\n"
            "try:\n"
            "    images.render_png(go.Figure(go.Scatter(x=[1], y=[1])), 200, 100)\n"
            "except images.ExportError as exc:\n"
            "    print('ExportError', exc)\n"
            "import sys, components.exports.deck\n"
            "print('streamlit imported:', 'streamlit' in sys.modules)\n")
    done = _run(code, env={"BROWSER_PATH": str(fake), "CC5_RENDER_TIMEOUT_S": "40"})
    assert "ExportError" in done.stdout, done.stderr[-4000:]
    assert "PNG export failed" in done.stdout or "not rendered within 40 s" in done.stdout
    assert "streamlit imported: False" in done.stdout, "exports must work without Streamlit"


@needs_chromium
def test_a_deck_made_with_since_adds_what_changed(ds):
    from datetime import date as day

    f = Filters(("KAZ", "KGZ"), (2023, 2026), since=day(2026, 11, 1))
    prs = Presentation(io.BytesIO(briefing.build_deck(ds, f, base_url=BASE, today=date(2026, 11, 25))))
    slides = list(prs.slides)
    titles = [s.shapes.title.text_frame.text for s in slides]
    assert len(slides) == len(briefing.slide_titles()) + 1
    assert titles[-2] == "What changed since" and titles[-1] == "Sources"
    text = _slide_text(slides[-2])
    with open(ROOT / "data" / "changes.csv", encoding="utf-8") as fh:
        log = [r for r in csv.DictReader(fh) if r["date"] >= "2026-11-01"]
    assert f"{len(log)} changes since 2026-11-01" in text
    assert f"{len(slides) - 1} / {len(slides)}" in text
    assert "since=2026-11-01" in _slide_text(slides[0]) and "changes since 2026-11-01 marked" in _slide_text(slides[0])
    assert "Cite as: China–Central Asia Cooperation Monitor. “Overview: Kazakhstan, Kyrgyzstan; 2023–2026" in (
        _slide_text(slides[0])
    )


def test_cli_takes_since(tmp_path, capsys, seen_by_deck):
    from datetime import date as day

    seen = seen_by_deck
    assert deck_cli.main(["--since", "2026-11-01", "-o", str(tmp_path / "s.pptx")]) == 0
    assert seen["f"].since == day(2026, 11, 1)
    assert deck_cli.main(["--since", "last week", "-o", str(tmp_path / "s.pptx")]) == 2
    assert "Invalid --since 'last week'" in capsys.readouterr().err


def test_cli_takes_the_scope(tmp_path, capsys, seen_by_deck):
    seen = seen_by_deck
    assert deck_cli.main(["--scope", "mechanism", "-o", str(tmp_path / "m.pptx")]) == 0
    assert seen["f"] == Filters(scope="mechanism")
    assert deck_cli.main(["--scope", "Related only", "-o", str(tmp_path / "r.pptx")]) == 0
    assert seen["f"].scope == "related"
    assert deck_cli.main(["--scope", "bilateral", "-o", str(tmp_path / "b.pptx")]) == 2
    assert "Invalid --scope 'bilateral'" in capsys.readouterr().err


def test_cli_takes_countries_to_compare(tmp_path, capsys, seen_by_deck):
    seen = seen_by_deck
    out = tmp_path / "c.pptx"
    args = ["--compare", "Uzbekistan", "--compare", "Kazakhstan", "--page", "compare", "-o", str(out)]
    assert deck_cli.main(args) == 0
    assert seen["compare"] == ("UZB", "KAZ") and seen["page"] == "compare"
    assert "View: http://127.0.0.1:8501/compare?compare=Kazakhstan&compare=Uzbekistan" in capsys.readouterr().out
    assert deck_cli.main(["--compare", "Kazakhstan", "-o", str(out)]) == 2
    assert "--compare takes two to six country names" in capsys.readouterr().err
    assert deck_cli.main(["--compare", "Kazakhstan", "--compare", "Atlantis", "-o", str(out)]) == 2
    assert "'Atlantis'" in capsys.readouterr().err


@needs_chromium
def test_a_deck_made_with_countries_to_compare_has_them_side_by_side(ds, src):
    f = Filters(years=(2023, 2025))
    data = briefing.build_deck(ds, f, base_url=BASE, page="compare", today=date(2026, 11, 25), compare=("UZB", "KAZ"))
    slides = list(Presentation(io.BytesIO(data)).slides)
    titles = [s.shapes.title.text_frame.text for s in slides]
    assert titles[-2:] == ["Countries compared", "Sources"] and len(slides) == len(briefing.slide_titles()) + 1
    table = next(sh.table for sh in slides[-2].shapes if sh.has_table)
    cells = [[c.text for c in row.cells] for row in table.rows]
    view = views.compare_view(ds, f, ("UZB", "KAZ"))
    assert cells[0] == ["", "Kazakhstan", "Uzbekistan"], "countries in the map's order, as on the page"
    assert cells[1:] == [[str(v) for v in row] for row in view.table.itertuples(index=False)]
    link = f"{BASE}/compare?years=2023&years=2025&compare=Kazakhstan&compare=Uzbekistan"
    assert all(link in _slide_text(s) for s in slides), "every slide reopens the comparison"
    listed = next(sh.table for sh in slides[-1].shapes if sh.has_table)
    publishers = {row.cells[0].text for row in list(listed.rows)[1:]}
    compared = {str(src[i]["publisher"]) for i in view.source_ids if i in src}
    assert publishers & compared, "the sources slide lists what the comparison rests on"


# ---------------------------------------------------------------- the HTML briefing


def test_html_briefing_is_self_contained_escaped_and_sourced(tmp_path, ds, src):
    from components.exports.htmlbrief import build_html

    f = Filters(("KAZ", "UZB"), (2023, 2025))
    text = build_html(ds, f, base_url=BASE, today=date(2026, 11, 25))
    loads = re.search(r"<(?:script|img|iframe|link)[^>]+(?:src|href)=[\"']?https?:", text)
    assert not loads, "nothing loads from a host"
    assert text.count("<script") >= 2 and "Plotly.newPlot" in text, "interactive charts with plotly inside"
    assert "data:image/png;base64," in text or "could not be made here" in text
    assert f"{BASE}/?country=Kazakhstan&amp;country=Uzbekistan&amp;years=2023&amp;years=2025" in text
    assert "Cite this briefing" in text and "@misc{cc5monitor20261125" in text
    cited = re.findall(r'<li>.*?<a href="([^"]+)"', text)
    assert cited and all(u.startswith(("http://", "https://")) for u in cited)
    relays = [s for s in src.values() if s["role"] == "relay" and s.get("url") and f'href="{s["url"]}"' in text
              and s["relays"].casefold() not in s["publisher"].casefold()]  # "X (Xinhua)" needs no more
    assert relays, "the list holds relays: each names whose text it carries"
    for s in relays:
        item = next(li for li in re.findall(r"<li>.*?</li>", text) if f'href="{s["url"]}"' in li)
        assert ", relaying " in item and html.escape(str(s["relays"])) in item, item
    latest, reviewed = ds.latest_item.day, date.fromisoformat(ds.reviewed)
    assert f"Latest sourced item {latest.day} {latest:%B %Y} · Data reviewed {reviewed.day} {reviewed:%B %Y}" in text
    assert f"The latest sourced item is dated {latest.day} {latest:%B %Y}: " in text and "Data last reviewed" in text
    assert "Since</th>" in text and " months ago" in text, "each track says how long since its last item"
    scoped = build_html(ds, Filters(scope="mechanism"), base_url=BASE, today=date(2026, 11, 25))
    assert f"{BASE}/?scope=Mechanism%20only" in scoped and "mechanism only" in scoped


def test_the_picture_footer_gives_both_dates_apart(ds):
    lines = images.footer_lines(filters="all six countries", source_line="Xinhua", dates=dates_line(ds), chars=200)
    latest, reviewed = ds.latest_item.day, date.fromisoformat(ds.reviewed)
    shown = " ".join(lines)
    assert f"Latest sourced item {latest.day} {latest:%B %Y} · Data reviewed {reviewed.day} {reviewed:%B %Y}" in shown
    assert shown.index("Latest sourced item") < shown.index("Data reviewed"), "coverage first"
    narrow = images.footer_lines(filters="x" * 60, source_line="Xinhua", dates=dates_line(ds), chars=70)
    assert any("Latest sourced item" in line for line in narrow) and any("Data reviewed" in line for line in narrow)


def test_html_briefing_of_a_comparison(ds):
    from components.exports.htmlbrief import build_html

    f = Filters(years=(2024, 2025))
    text = build_html(ds, f, base_url=BASE, page="compare", today=date(2026, 11, 25), compare=("KAZ", "TKM"))
    assert "<h2>Countries compared</h2>" in text
    view = views.compare_view(ds, f, ("KAZ", "TKM"))
    trade = view.table.set_index("Measure").loc["Trade with China (latest year)", "Turkmenistan"]
    assert trade.startswith("USD ") and trade.endswith(" bn (2025)")
    assert re.search(r"<td[^>]*>" + re.escape(trade) + "</td>", text)
    assert f"{BASE}/compare?years=2024&amp;years=2025&amp;compare=Kazakhstan&amp;compare=Turkmenistan" in text
    assert "<h2>Countries compared</h2>" not in build_html(ds, f, base_url=BASE, compare=("KAZ",))


@pytest.mark.parametrize("lang", ["en", "zh", "ru"])
def test_html_briefing_tables_speak_its_language_and_count_in_whole_numbers(ds, lang):
    from components.data.datatext import localized
    from components.exports.htmlbrief import build_html

    text = build_html(localized(ds, lang), Filters(lang=lang), base_url=BASE, today=date(2026, 11, 25))
    heads = set(re.findall(r"<th>([^<]*)</th>", text))
    if lang == "en":
        assert {"Date", "Event", "Category", "Mechanism", "Sector"} <= heads
    else:  # every heading in the briefing's language
        script = r"[\u3400-\u9fff]" if lang == "zh" else r"[\u0400-\u04ff]"
        assert [h for h in heads if not re.search(script, h)] == []
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", text)
    assert "24" in cells and [c for c in cells if re.fullmatch(r"\d+\.0", c)] == []  # China hosted 24, not 24.0
    items = re.findall(r"<li>(.*?)</li>", text, flags=re.S)
    assert items and [i for i in items if "”, ." in i or ", ." in i] == [], "an undated source ends with its title"


def test_cli_writes_the_html_briefing(tmp_path, capsys):
    out = tmp_path / "b.html"
    assert deck_cli.main(["--country", "Kazakhstan", "--years", "2024", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert "Wrote the HTML briefing" in capsys.readouterr().out
