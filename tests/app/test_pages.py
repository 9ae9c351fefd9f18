"""App-level tests: every page runs, and what it shows matches the data and the URL."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.data import registry
from testsupport.plots import chart_elements, chart_figures, copied_texts, map_countries

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
PAGES = [p.key for p in registry.PAGES]


def _csv(name: str) -> list[dict[str, str]]:
    with open(ROOT / "data" / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _expected_event_ids(countries: set[str] | None = None, years: tuple[int, int] = (2020, 2026)) -> set[str]:
    """Computed from the CSV directly, independently of components/."""
    out = set()
    for r in _csv("events"):
        year = int(r["date"][:4])
        involved = set(r["countries"].split(";"))
        if years[0] <= year <= years[1] and (countries is None or involved & countries):
            out.add(r["id"])
    return out


def run_page(page: str, **params: list[str] | str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page != "overview":
        at.switch_page(registry.page(page).script).run()
    return at


def plotly_figures(at: AppTest) -> list:
    return chart_figures(at)


def deck_spec(at: AppTest) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def timeline_ids(at: AppTest) -> set[str]:
    fig = plotly_figures(at)[0]
    ids: set[str] = set()
    for tr in fig.data:
        if tr.customdata is not None:
            ids.update(str(x) for x in tr.customdata)
    return ids


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(page):
    at = run_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, f"{page} has no title"


def test_overview_headline_figures_default():
    at = run_page("overview")
    metrics = {m.label: m.value for m in at.metric}
    done = [r for r in _csv("events") if r["status"] != "planned" and 2020 <= int(r["date"][:4]) <= 2026]
    assert metrics["Events"] == str(len(done))
    c5_2025 = [r for r in _csv("trade") if r["partner"] == "C5" and r["flow"] == "total" and r["year"] == "2025"]
    assert metrics["Trade 2025"] == f"USD {float(c5_2025[0]['value']):,.1f} bn"
    # the two dates apart (test_changes checks that latestItem is the max over the data)
    day, reviewed = (date.fromisoformat(PACKAGE[k]) for k in ("latestItem", "reviewed"))
    assert any(f"Latest sourced item {day.day} {day:%B %Y} · Data reviewed {reviewed.day} {reviewed:%B %Y}" in c.value
               for c in at.caption)
    texts = [m.value.replace("\\", "") for m in [*at.markdown, *at.caption]]  # as read, without md's escapes
    assert any(t.startswith(f"The latest sourced item is dated {day.day} {day:%B %Y}: ") for t in texts), texts
    assert any(t.startswith(f"Data last reviewed {reviewed.day} {reviewed:%B %Y}: ")
               and "not a date the data covers up to" in t for t in texts)


def test_timeline_default_plots_every_event_2020_2026():
    at = run_page("timeline")
    assert timeline_ids(at) == _expected_event_ids()


def test_timeline_filtered_through_url():
    at = run_page("timeline", country=["Kyrgyzstan"], years=["2022", "2023"])
    got = timeline_ids(at)
    assert got == _expected_event_ids({"KGZ"}, (2022, 2023))
    assert got and all(i for i in got)
    assert at.multiselect(key="country").value == ["Kyrgyzstan"]
    assert at.slider(key="years").value == (2022, 2023)


def test_timeline_category_filter_from_url():
    at = run_page("timeline", category=["Summit"])
    want = {r["id"] for r in _csv("events") if r["category"] == "summit" and int(r["date"][:4]) <= 2026}
    assert timeline_ids(at) == want


def test_timeline_table_has_source_links():
    at = run_page("timeline")
    df = at.dataframe[0].value
    assert len(df) == len(_expected_event_ids())
    assert df["Source 1"].str.startswith("http").sum() >= len(df) - 2


def test_map_has_no_base_map_and_shades_the_selection():
    at = run_page("map", country=["Kazakhstan"], years=["2024", "2025"])
    spec = deck_spec(at)
    # map_provider=None: a placeholder style and no provider. A missing mapStyle would let
    # Streamlit pick a Carto base map (an external request); the browser tests watch the network too.
    assert spec["mapStyle"] == "__MAP_STYLE__"
    assert "mapProvider" not in spec
    fills = {iso: item["fill"] for iso, item in map_countries(spec["layers"]).items()}
    assert fills["KAZ"][3] == 235
    assert all(fills[c][3] == 140 for c in fills if c != "KAZ")


def test_map_measure_values_match_the_data():
    at = run_page("map", years=["2025", "2025"])
    spec = deck_spec(at)
    tips = {iso: item["tooltip"] for iso, item in map_countries(spec["layers"]).items()}
    hosted = sum(1 for r in _csv("events") if r["host_country"] == "KAZ" and r["date"].startswith("2025"))
    assert f"Events hosted in the selected years: {hosted}" in tips["KAZ"]


def test_map_trade_measure():
    at = run_page("map", measure="Goods trade with China, latest selected year (USD bn, China customs)")
    spec = deck_spec(at)
    tips = {iso: item["tooltip"] for iso, item in map_countries(spec["layers"]).items()}
    kaz = [r for r in _csv("trade") if r["partner"] == "KAZ" and r["flow"] == "total"]
    last = max(kaz, key=lambda r: r["year"])
    assert f"USD {float(last['value']):,.2f} bn" in tips["KAZ"]


def test_directions_one_panel_each():
    at = run_page("directions")
    names = [r["name"] for r in _csv("directions")]
    # each panel opens with its name as a level-3 heading in the panel's Markdown block
    heads = [m.value.split("\n\n")[0] for m in at.markdown if m.value.startswith("### ")]
    assert heads == [f"### {n}" for n in names]


def test_directions_list_their_commitments():
    at = run_page("directions")
    counts = {}
    for r in _csv("commitments"):
        counts[r["direction_id"]] = counts.get(r["direction_id"], 0) + 1
    shown = [
        part
        for m in at.markdown
        for part in m.value.split("\n\n")
        if part.startswith("**Commitments and instruments (")
    ]
    names = {r["id"]: r["name"] for r in _csv("directions")}
    assert len(shown) == 6
    events_in_range = {r["id"] for r in _csv("events") if int(r["date"][:4]) <= 2026}
    for did in names:
        n = sum(1 for r in _csv("commitments") if r["direction_id"] == did and r["event_id"] in events_in_range)
        assert f"**Commitments and instruments ({n})**" in shown, did
    assert sum(counts.values()) > 0


def test_directions_filtered():
    trade_name = next(r["name"] for r in _csv("directions") if r["id"] == "trade")
    at = run_page("directions", direction=[trade_name], country=["Turkmenistan"])
    heads = [m.value.split("\n\n")[0] for m in at.markdown if m.value.startswith("### ")]
    assert heads == [f"### {trade_name}"]


def test_mechanisms_count_and_table():
    at = run_page("mechanisms")
    info = " ".join(i.value for i in at.info)
    assert "Official count: **14**" in info and f"**{len(_csv('mechanisms'))}**" in info
    assert len(at.dataframe[0].value) == len(_csv("mechanisms"))


def test_countries_profile_follows_filter():
    at = run_page("countries", country=["Tajikistan"])
    assert at.header[0].value == "Tajikistan"
    facts = next(m.value for m in at.markdown if "**Capital:**" in m.value).splitlines()
    assert facts[0] == "- **Capital:** Dushanbe" and facts[1] == "- **Head of state:** Emomali Rahmon"
    strategy = next(line for line in facts if line.startswith("- **Development strategy:**"))
    assert len(strategy) > 80 and not strategy.endswith("…")  # the whole sentence, not a cut cell


def test_sources_register_lists_every_source():
    at = run_page("sources")
    assert len(at.dataframe[0].value) == len(_csv("sources"))


@pytest.mark.parametrize("page", PAGES)
def test_invalid_url_values_give_a_notice_not_an_exception(page):
    at = run_page(page, country=["Mars", "KAZ"], years=["abc"])
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "Ignored country values 'Mars', 'KAZ' in the link: none is one of 'China'" in warnings
    assert "Did you mean 'KAZ' → 'Kazakhstan'?" in warnings
    assert "Ignored years 'abc'" in warnings
    at = run_page(page, country=["Mars"])
    assert "Ignored country 'Mars' in the link" in " ".join(w.value for w in at.warning).replace("\\", "")


def test_a_link_with_many_bad_values_gives_one_notice_per_parameter():
    at = run_page("timeline", country=[f"X{i}" for i in range(250)], years=["1", "2", "3"])
    assert not at.exception
    warnings = [w.value.replace("\\", "") for w in at.warning]
    about_country = [w for w in warnings if "Ignored country values" in w]
    assert len(about_country) == 1 and "'X0', 'X1'" in about_country[0] and "and 242 more" in about_country[0]
    assert len([w for w in warnings if "Ignored years" in w]) == 1
    assert len(warnings) == 3  # countries, "no valid country was left", years


def test_out_of_range_years_notice():
    at = run_page("timeline", years=["1999", "2023"])
    assert "data covers 2020–2026" in " ".join(w.value for w in at.warning)
    assert timeline_ids(at) == _expected_event_ids()


SLIDE_PAGES = [p.key for p in registry.SLIDES]


@pytest.mark.parametrize("number,page", list(enumerate(SLIDE_PAGES, start=1)))
def test_presentation_mode_from_the_url(number, page):
    at = run_page(page, present="true", country=["Kazakhstan"], years=["2023", "2025"])
    assert not at.exception, [e.value for e in at.exception]
    caption = at.caption[0].value
    assert len(SLIDE_PAGES) == 6
    assert caption.startswith(f"{number} / 6 · Kazakhstan; 2023–2025")
    assert at.toggle(key="present").value is True
    # one visual per screen: no tables of events, no download row
    briefings = ("Briefing deck (PowerPoint)", "Briefing (HTML, opens offline)")
    assert all(b.proto.label in briefings for b in at.get("link_button"))
    if page == "timeline":
        assert len(plotly_figures(at)) == 1
        assert timeline_ids(at) == _expected_event_ids({"KAZ"}, (2023, 2025))
    if page == "map":
        assert len(at.get("deck_gl_json_chart")) == 1


def test_presentation_toggle_off_shows_the_page():
    at = run_page("timeline")
    assert at.toggle(key="present").value is False
    at.toggle(key="present").set_value(True).run()
    assert at.caption[0].value.startswith("3 / 6")
    exit_button = next(b for b in at.button if b.label == "Exit presentation")
    exit_button.click().run()
    assert not at.exception
    assert at.toggle(key="present").value is False
    assert at.caption[0].value.replace("\\", "").startswith("Showing: all six countries")


@pytest.mark.parametrize(
    "page,labels",
    [
        ("overview", {"Rows shown (CSV)", "Whole dataset (zip)"}),
        ("map", {"Rows shown (CSV)", "Chart (PNG)", "Whole dataset (zip)"}),
        ("timeline", {"Rows shown (CSV)", "Chart (PNG)", "Whole dataset (zip)"}),
        ("directions", {"Rows shown (CSV)", "Whole dataset (zip)"}),
        ("mechanisms", {"Rows shown (CSV)", "Chart (PNG)", "Whole dataset (zip)"}),
        ("sources", {"Rows shown (CSV)", "Whole dataset (zip)"}),
    ],
)
def test_every_page_with_data_offers_downloads_and_the_deck(page, labels):
    at = run_page(page, country=["Kazakhstan", "Uzbekistan"], years=["2023", "2025"])
    links = {b.proto.label: b.proto.url for b in at.get("link_button")}
    assert labels | {"Rows shown (JSON)", "Briefing deck (PowerPoint)", "Briefing (HTML, opens offline)"} <= set(links)
    view = "country=Kazakhstan&country=Uzbekistan&years=2023&years=2025"
    assert links["Rows shown (CSV)"] == f"api/v1/{page}.csv?{view}", "a data route with the view, on any replica"
    assert links["Rows shown (JSON)"] == f"api/v1/{page}.json?{view}"
    assert links["Whole dataset (zip)"] == "api/v1/datapackage.zip"
    if "Chart (PNG)" in labels:
        assert links["Chart (PNG)"] == f"api/v1/{page}.png?{view}"
    assert links["Briefing deck (PowerPoint)"] == f"api/v1/briefing.pptx?{view}&page={page}"


def test_download_links_carry_the_pages_own_choice():
    at = run_page("timeline", category=["Summit"], years=["2024", "2025"])
    links = {b.proto.label: b.proto.url for b in at.get("link_button")}
    assert links["Rows shown (CSV)"] == "api/v1/timeline.csv?years=2024&years=2025&category=Summit"
    html = "api/v1/briefing.html?years=2024&years=2025&page=timeline&category=Summit"
    assert links["Briefing (HTML, opens offline)"] == html


def test_missing_data_description_is_explained_not_raised(tmp_path, monkeypatch):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "datapackage.json").unlink()
    monkeypatch.setenv("CC5_DATA_DIR", str(data))
    for page in ("overview", "timeline", "sources"):
        at = run_page(page)
        assert not at.exception, [e.value for e in at.exception]
        assert "data/datapackage.json, is missing or unreadable" in at.error[0].value
        assert not chart_elements(at) and not at.get("deck_gl_json_chart")


@pytest.mark.parametrize("damage", ["missing", "header-only"])
def test_without_readable_sources_no_fact_is_shown(tmp_path, monkeypatch, damage):
    """Every fact rests on its sources: without sources.csv no page shows a fact as if sourced."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    src = data / "sources.csv"
    if damage == "missing":
        src.unlink()
    else:
        src.write_text(src.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    monkeypatch.setenv("CC5_DATA_DIR", str(data))
    for page in PAGES:
        at = run_page(page, present="true") if page == "map" else run_page(page)
        assert not at.exception, [e.value for e in at.exception]
        assert "the sources, data/sources.csv, are missing or unreadable" in at.error[0].value, page
        assert not chart_elements(at) and not at.get("deck_gl_json_chart"), page
        assert not at.dataframe and not at.metric, page
        deck = [b for b in at.get("link_button") if b.proto.label == "Briefing deck (PowerPoint)"]
        assert deck and deck[0].proto.disabled, "no deck of unsourced facts"


# ---------------------------------------------------------------- what changed since

def _changes_since(day: str) -> list[dict[str, str]]:
    return [r for r in _csv("changes") if r["date"] >= day]


def test_since_marks_changed_events_on_the_timeline_and_in_its_table():
    at = run_page("timeline", since="2026-11-01")
    assert not at.exception, [e.value for e in at.exception]
    expected = {r["row_id"] for r in _changes_since("2026-11-01") if r["file"] == "events.csv"}
    assert expected, "the curated changelog has event changes since 2026-11-01"
    table = at.dataframe[0].value
    marked = set(table.loc[table["Changed"] != "", "Event"])
    titles = {r["id"]: r["title"] for r in _csv("events")}
    assert marked == {titles[i] for i in expected}
    assert all(v.startswith(("added ", "revised ", "status changed ")) for v in table["Changed"] if v)
    config = json.loads(at.dataframe[0].proto.columns)
    assert config["Changed"]["width"] == "medium", config  # wide enough for "revised 2026-11-26" at 1400 px
    fig = plotly_figures(at)[0]
    ring = [tr for tr in fig.data if tr.name == "Changed since 2026-11-01"]
    assert len(ring) == 1 and len(ring[0].x) == len(expected)
    assert timeline_ids(at) == _expected_event_ids(), "the ring adds no event"
    assert "changes since 2026-11-01 marked" in at.caption[0].value.replace("\\", "")


def test_without_since_nothing_is_marked():
    at = run_page("timeline")
    assert "Changed" not in at.dataframe[0].value.columns
    assert not [tr for tr in plotly_figures(at)[0].data if str(tr.name).startswith("Changed since")]


def test_what_changed_lists_the_changelog_since_the_day():
    at = run_page("changes", since="2026-11-01")
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert len(table) == len(_changes_since("2026-11-01"))
    assert set(table["Date"]) == {r["date"] for r in _changes_since("2026-11-01")}
    at = run_page("changes")
    assert len(at.dataframe[0].value) == len(_csv("changes")), "without a day: the whole changelog"


def test_a_bad_since_is_dropped_with_a_notice():
    at = run_page("timeline", since="yesterday")
    assert not at.exception
    warned = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "Ignored since 'yesterday' in the link: give a date written YYYY-MM-DD" in warned
    assert "Changed" not in at.dataframe[0].value.columns


def test_overview_says_what_the_release_changed_and_how_current_each_track_is():
    at = run_page("overview")
    links = {el.proto.label: el.proto.page for el in at.get("page_link")}
    latest_day = max(r["date"] for r in _csv("changes"))
    texts = [m.value.replace("\\", "") for m in at.markdown]
    assert any(t.startswith(f"Data release of {latest_day}:") for t in texts), texts
    assert "changes" in links["What changed"], links  # and a link to the page that lists them
    heads = ["Track", "Latest date", "Since", "Next announced", "Item"]
    tracks = next(d.value for d in at.dataframe if list(d.value.columns) == heads)
    fm = [r for r in _csv("events") if r["category"] == "foreign_ministers_meeting" and r["status"] != "planned"]
    newest = max(fm, key=lambda r: r["date"])
    name = next(m["name"] for m in _csv("mechanisms") if m["id"] == "fm")
    row = tracks[tracks["Track"] == name].iloc[0]
    assert row["Item"] == newest["title"]
    day, today = date.fromisoformat(newest["date"]), date.today()
    months = (today.year - day.year) * 12 + today.month - day.month - (today.day < day.day)
    assert row["Since"] == (f"{months} months ago" if months < 24 else f"{months // 12} years ago"), row


def test_scope_in_the_sidebar_changes_the_rows_and_the_link():
    at = run_page("timeline")
    radio = at.radio(key="scope")
    assert radio.value == "Mechanism and related" and "scope" not in at.query_params
    radio.set_value("Mechanism only").run()  # the address itself is Streamlit's binding: see tests/e2e
    want = {r["id"] for r in _csv("events") if r["scope"] == "mechanism" and int(r["date"][:4]) <= 2026}
    assert timeline_ids(at) == want and want < _expected_event_ids()
    table = at.dataframe[0].value
    assert set(table["Scope"]) == {"Mechanism"} and len(table) == len(want)
    links = {b.proto.label: b.proto.url for b in at.get("link_button")}
    assert links["Rows shown (CSV)"] == "api/v1/timeline.csv?scope=Mechanism%20only"
    assert links["Briefing deck (PowerPoint)"] == "api/v1/briefing.pptx?scope=Mechanism%20only&page=timeline"
    assert any("mechanism only" in c.value for c in at.caption), "the caption (and every export's) says so"


def test_scope_from_the_link_in_another_language_and_on_the_overview():
    at = run_page("overview", scope=["Только связанное"])  # a link made in Russian, opened in English
    assert at.radio(key="scope").value == "Related only"
    related = [r for r in _csv("events") if r["scope"] == "related" and r["status"] != "planned"
               and int(r["date"][:4]) <= 2026]
    assert {m.label: m.value for m in at.metric}["Events"] == str(len(related))


def test_every_page_offers_a_citation_and_an_embed_code_for_its_view():
    for page in PAGES:
        at = run_page(page, country=["Kazakhstan"], years=["2023", "2025"])
        codes = copied_texts(at)
        assert len(codes) == 3, page
        plain, bibtex, embed = codes
        spec = registry.page(page)
        url = f"http://127.0.0.1:8501/{spec.url_path}?country=Kazakhstan&years=2023&years=2025"
        assert f"“{spec.title}: Kazakhstan; 2023–2025.”" in plain and url in plain, plain
        dated = f"Latest sourced item {PACKAGE['latestItem']}; data reviewed {PACKAGE['reviewed']}"
        assert dated in plain and "accessed " in plain
        assert bibtex.startswith("@misc{cc5monitor") and "\\url{" + url + "}" in bibtex
        assert embed.startswith('<iframe src="' + url + '&embed=true"') and 'title="' in embed


def test_search_page_groups_ranked_results_with_their_sources():
    at = run_page("search", q="railway", country=["Kyrgyzstan"])
    assert not at.exception, [e.value for e in at.exception]
    text = " ".join(m.value for m in at.markdown)
    assert "**railway**" in text or "**Railway**" in text
    subheads = [h.value for h in at.subheader]
    assert any(s.startswith("Events (") for s in subheads) and any(s.startswith("Sources (") for s in subheads)
    assert "/timeline?country=Kyrgyzstan" in text, "each group links to its page with the view's filters"
    caption = at.caption[1].value.replace("\\", "")
    assert "records match “railway” within the filters" in caption
    at = run_page("search", q="<img src=x onerror=alert(1)>")
    assert not at.exception and "Nothing matches" in at.caption[1].value.replace("\\", "")


def test_compare_puts_countries_side_by_side_from_the_csv():
    at = run_page("compare", compare=["Kazakhstan", "Uzbekistan"], years=["2023", "2025"])
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert list(table.columns) == ["Measure", "Kazakhstan", "Uzbekistan"]
    meetings = {"summit", "foreign_ministers_meeting", "ministerial_meeting"}
    for iso, name in (("KAZ", "Kazakhstan"), ("UZB", "Uzbekistan")):
        hosted = [r for r in _csv("events") if r["host_country"] == iso and r["category"] in meetings
                  and r["status"] != "planned" and "2023" <= r["date"][:4] <= "2025" and iso in r["countries"]]
        row = table[table["Measure"] == "Meetings hosted"].iloc[0]
        assert row[name] == str(len(hosted)), name
    fig = plotly_figures(at)[0]
    assert {tr.name for tr in fig.data if tr.type == "bar"} == {"Kazakhstan", "Uzbekistan"}
    assert all(2023 <= int(x) <= 2025 for tr in fig.data for x in tr.x)
    cited = copied_texts(at)
    assert any("/compare?years=2023&years=2025&compare=Kazakhstan&compare=Uzbekistan " in c for c in cited), (
        "the citation and embed code carry the countries compared"
    )
    at = run_page("compare", compare=["Kazakhstan"])
    assert "Choose at least two countries" in at.info[0].value


def test_the_maps_key_and_values_are_static_tables_with_coloured_swatches():
    """The map page draws its legend, its markers and its values as static tables, not grids
    (the grids held the browser's main thread ~0.7 s); each swatch is a cell coloured from the
    model's own colour, and the values table lists the six countries."""
    from components.data.labels import css_colour
    from components.render.mapmodel import MARKER_LEGEND

    at = run_page("map", years=["2025", "2025"])
    assert not at.exception, [e.value for e in at.exception]
    assert not at.dataframe, "no canvas grid on the map page"
    legend, markers, values = at.table
    for _text, rgb in MARKER_LEGEND:
        assert f"background-color: {css_colour(rgb)}" in str(markers.proto), rgb
    assert len(legend.value) >= 2 and "background-color: rgb(" in str(legend.proto)
    assert sorted(values.value.index) == sorted(["China", "Kazakhstan", "Kyrgyzstan", "Tajikistan",
                                                 "Turkmenistan", "Uzbekistan"])


def test_links_made_on_this_computer_say_so_and_a_public_address_replaces_them(monkeypatch):
    """Served on a loopback address, the citation's box warns that its links (and the briefings')
    open nothing for anyone else, and how to give them a public address; with CC5_PUBLIC_URL set
    (the links then start with it: tests/unit/test_hosts.py), the warning is gone."""
    from components.web.downloads import local_address

    assert local_address("http://127.0.0.1:8501") and local_address("http://localhost") and local_address("http://[::1]:80")
    assert not local_address("https://monitor.example.org") and not local_address("http://10.0.0.5:8501")
    monkeypatch.delenv("CC5_PUBLIC_URL", raising=False)
    at = run_page("timeline")
    captions = " ".join(c.value for c in at.sidebar.caption).replace("\\", "").replace("\u200b", "")  # md()'s escapes
    assert "start with http://127.0.0.1:8501: an address on this computer" in captions
    monkeypatch.setenv("CC5_PUBLIC_URL", "https://monitor.example.org")
    at = run_page("timeline")
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "an address on this computer" not in captions and not at.exception
