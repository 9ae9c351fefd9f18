"""Figure, deck and panel builders: their data, not their looks."""

from __future__ import annotations

import html
import json
from dataclasses import replace

import pandas as pd

from components import views
from components.data.dataset import load_dataset, source_lookup
from components.data.filters import Filters
from components.data.selection import filter_events
from components.render import charts, mapmodel, maps, timelinemarks
from components.views import panels

DS = load_dataset()
SRC = source_lookup(DS)


def _ids(fig) -> set[str]:
    out: set[str] = set()
    for tr in fig.data:
        if tr.customdata is not None:
            out.update(tr.customdata)
    return out


def test_timeline_plots_each_event_once_with_its_status_symbol():
    ev = filter_events(DS["events"], Filters())
    fig = charts.build_timeline(ev, SRC)
    assert _ids(fig) == set(ev["id"])
    n = sum(len(tr.customdata) for tr in fig.data if tr.customdata is not None)
    assert n == len(ev)
    for tr in fig.data:
        if tr.customdata is None:
            continue
        symbol = tr.marker.symbol
        if "Planned" in tr.name or "Unconfirmed" in tr.name:
            assert symbol.endswith("-open")
        if "Confirmed" in tr.name:
            assert not symbol.endswith(("-open", "-dot"))


def test_timeline_band_and_annotations():
    ev = filter_events(DS["events"], Filters())
    fig = charts.build_timeline(ev, SRC)
    assert any(s.type == "rect" for s in fig.layout.shapes)
    texts = [a.text for a in fig.layout.annotations]
    assert any("High-quality Development" in t for t in texts)
    assert sum(1 for r in ev.itertuples() if r.category == "summit") <= len(texts)
    assert {"Video summit 2022", "1st summit · Xi'an 2023", "2nd summit · Astana 2025",
            "Secretariat · Xi'an 2024"} <= {html.unescape(t) for t in texts}, texts


def test_timeline_labels_fit_a_narrow_figure():
    """On a phone the plot is ~200 px wide: milestones of one lane take three heights in date order,
    reach inwards near the ends, and long lane names are on two lines (the trace's lanes unchanged)."""
    ev = filter_events(DS["events"], Filters())
    fig = charts.build_timeline(ev, SRC)
    marks = {html.unescape(a.text): a for a in fig.layout.annotations if a.showarrow}
    assert marks["Video summit 2022"].ay == -28 and marks["Video summit 2022"].xanchor == "left"
    assert marks["1st summit · Xi'an 2023"].ay == -42 and marks["1st summit · Xi'an 2023"].xanchor == "center"
    assert marks["2nd summit · Astana 2025"].ay == -56 and marks["2nd summit · Astana 2025"].xanchor == "right"
    assert marks["Secretariat · Xi'an 2024"].ay == -28  # the first in its own lane
    band = next(a for a in fig.layout.annotations if "High-quality" in a.text)
    assert band.xanchor == "right" and band.yshift >= 56 - 28 + 8  # above the highest milestone label
    y = fig.layout.yaxis
    assert list(y.tickvals) == [tr for tr in dict.fromkeys(t.y[0] for t in fig.data if t.customdata is not None)]
    wrapped = dict(zip(y.tickvals, y.ticktext, strict=True))
    assert wrapped["Summit"] == "Summit" and wrapped["Sectoral ministerial meeting"].count("<br>") == 1
    assert wrapped["Foreign ministers' meeting"] == "Foreign ministers&#x27;<br>meeting"  # escaped, then broken
    assert max(len(html.unescape(line)) for t in y.ticktext for line in t.split("<br>")) <= 20
    assert timelinemarks.wrap_label("外长会晤") == "外长会晤"
    assert timelinemarks.wrap_label("<b>x y z a b c d e f</b>").count("<b>") == 0


def test_timeline_band_absent_when_years_exclude_it():
    ev = filter_events(DS["events"], Filters(years=(2020, 2022)))
    fig = charts.build_timeline(ev, SRC, (2020, 2022))
    assert not fig.layout.shapes


def test_hover_text_escapes_html_from_data():
    ev = filter_events(DS["events"], Filters()).head(1).copy()
    ev.loc[ev.index[0], "summary"] = "<script>alert(1)</script><b>x</b>"
    fig = charts.build_timeline(ev, SRC)
    hover = next(tr.hovertext[0] for tr in fig.data if tr.customdata is not None)
    assert "<script>" not in hover and "&lt;script&gt;" in hover


def test_timeline_empty_frame():
    fig = charts.build_timeline(DS["events"].iloc[0:0], SRC)
    assert all(tr.customdata is None for tr in fig.data)


def test_map_deck_is_offline_and_highlights_selection():
    f = Filters(("UZB", "KGZ"), (2024, 2025))
    view = mapmodel.build_model(
        "hosted",
        f,
        filter_events(DS["events"], f),
        DS["trade"],
        DS["countries"],
        DS["institutions"],
        DS["projects"],
        SRC,
    )
    spec = json.loads(maps.draw_deck(view).to_json())
    assert spec["mapStyle"] == "__MAP_STYLE__"
    layers = {lay["id"]: lay for lay in spec["layers"]}
    assert set(layers) == {"ground", "markers"}
    for lay in layers.values():  # literal strings, not accessor expressions; pictures as data: URLs
        assert lay["@@type"] == "IconLayer" and lay["iconAtlas"].startswith("data:image/png;base64,")
        assert lay["sizeUnits"] in ("meters", "pixels") and lay["getIcon"] == "@@=icon"
    ground = layers["ground"]["data"]
    fills = {it["iso3"]: it["fill"][3] for it in ground if it["kind"] == "country"}
    assert {c for c, a in fills.items() if a == 235} == {"UZB", "KGZ"} and len(fills) == 6
    assert [it["iso3"] for it in ground if it["kind"] == "country"][-2:] in (["UZB", "KGZ"], ["KGZ", "UZB"])
    assert spec["views"][0]["controller"] is True


def test_map_tooltips_are_text_not_html():
    f = Filters()
    view = mapmodel.build_model(
        "hosted",
        f,
        filter_events(DS["events"], f),
        DS["trade"],
        DS["countries"],
        DS["institutions"],
        DS["projects"],
        SRC,
    )
    assert maps.draw_deck(view)._tooltip == {"text": "{tooltip}"}


def test_measure_values():
    f = Filters(years=(2025, 2025))
    ev = filter_events(DS["events"], f)
    hosted = mapmodel.measure_values("hosted", ev, DS["trade"], f)
    assert hosted["KAZ"] == float((ev["host_country"] == "KAZ").sum())
    trade = mapmodel.measure_values("trade", ev, DS["trade"], f)
    assert trade["CHN"] is None
    kaz = DS["trade"][
        (DS["trade"]["partner"] == "KAZ") & (DS["trade"]["flow"] == "total") & (DS["trade"]["year"] == 2025)
    ]
    if not kaz.empty:
        assert trade["KAZ"] == float(kaz["value"].iloc[0])


def test_legend_rows_cover_the_values():
    rows = mapmodel.legend_rows("hosted", {"KAZ": 3.0, "CHN": 17.0, "UZB": 0.0})
    labels = [label for label, _ in rows]
    assert labels[0].startswith("0") and labels[-2:] == ["No data / n.a.", "Not selected"]
    assert any(label.endswith("–20") or label.endswith("17") or "–" in label for label in labels)


def test_headline_figures_respect_filters():
    all_f = {h.label: h.value for h in panels.headline_figures(DS, Filters())}
    kgz = {h.label: h.value for h in panels.headline_figures(DS, Filters(("KGZ",), (2024, 2024)))}
    assert int(kgz["Events"]) < int(all_f["Events"])


def test_event_table_links_and_dates():
    ev = filter_events(DS["events"], Filters())
    table = panels.event_table(ev, SRC)
    assert len(table) == len(ev)
    month_rows = ev[ev["date_precision"] == "month"]
    for i in month_rows.index:
        assert table.loc[i, "Date"].split()[0].isalpha()  # "September 2023", no invented day


def test_sources_register_counts():
    reg = panels.sources_register(DS)
    assert len(reg) == len(DS["sources"])
    total_refs = sum(len(ids) for name, fr in DS.tables.items() if "source_ids" in fr for ids in fr["source_ids"])
    assert reg["Facts resting on it"].sum() == total_refs
    assert all(isinstance(v, str) for v in reg["Relays the text of"])  # never the grid's "None"
    by_role = reg.groupby("Role")["Relays the text of"]
    assert (by_role.get_group("original") == "").all() and (by_role.get_group("relay") != "").all()


def test_mechanism_summary_and_count():
    official, identified, row = panels.mechanism_count(DS)
    assert official == 14 and identified == len(DS["mechanisms"]) and row is not None
    summ = panels.mechanism_summary(DS, Filters())
    fm = summ[summ["id"] == "fm"].iloc[0]
    assert fm["Meetings in selection"] == int((DS["events"]["mechanism_id"] == "fm").sum())


def test_country_profile():
    p = panels.country_profile(DS, "KAZ", Filters())
    assert p["info"]["capital"] == "Astana"
    assert (p["hosted"]["host_country"] == "KAZ").all()
    assert isinstance(p["trade"], pd.DataFrame)


def test_figures_built_without_plotly_checks_pass_them():
    """charts.figure() skips plotly's per-property checks at run time; here they run, and a
    wrong property name or value in any builder raises."""
    import plotly.graph_objects as go

    ev = filter_events(DS["events"], Filters())
    meetings = ev[ev["mechanism_id"].notna()]
    figs = [
        charts.build_timeline(ev, SRC),
        charts.build_timeline(ev, SRC, years=(2025, 2025), title="<b>T</b>", font_size=18),
        charts.build_timeline(ev.iloc[0:0], SRC),
        charts.build_mechanism_chart(meetings, DS["mechanisms"], font_size=16),
        charts.build_mechanism_chart(meetings.iloc[0:0], DS["mechanisms"]),
        charts.build_trade_chart(DS["trade"], title="Trade"),
        charts.build_trade_chart(DS["trade"].iloc[0:0]),
    ]
    for fig in figs:
        checked = go.Figure(fig.to_dict())  # ValueError on an invalid property
        assert json.loads(checked.to_json())["data"] == json.loads(fig.to_json())["data"]
    assert sum(len(tr.customdata) for tr in figs[0].data if tr.customdata is not None) == len(ev)


def test_a_figure_with_a_wrong_property_fails_the_check():
    """The check above can fail: plotly rejects a misspelt property."""
    import plotly.graph_objects as go
    import pytest

    bad = charts.figure([{"type": "scatter", "x": [1], "y": [1], "markr": {"size": 3}}], {})
    with pytest.raises(ValueError):
        go.Figure(bad.to_dict())


def test_views_leave_the_dataset_unchanged():
    """memo.memo shares one Dataset and each view's result among sessions: nothing may change them."""

    f = Filters(countries=("KAZ", "UZB"), years=(2022, 2025))
    for filters in (Filters(), f):
        views.timeline_view(DS, filters, ("summit",))
        views.timeline_view(DS, filters)
        views.directions_view(DS, filters, tuple(panels.direction_ids(DS)))
        views.mechanisms_view(DS, filters)
        for measure in mapmodel.MEASURES:
            views.map_view(DS, filters, measure)
        views.overview_view(DS, filters, pd.Timestamp("2026-11-23"))
    fresh = load_dataset()
    assert DS.tables.keys() == fresh.tables.keys()
    for name, table in DS.tables.items():
        pd.testing.assert_frame_equal(table, fresh.tables[name], check_exact=True)


def test_city_labels_of_close_meetings_alternate_sides():
    assert charts._label_sides(["2020-07-16", "2021-05-12", "2022-06-08", "2025-04-26"]) == [
        "top center",
        "bottom center",
        "top center",
        "top center",
    ]
    ev = filter_events(DS["events"], Filters())
    fig = charts.build_mechanism_chart(ev[ev["mechanism_id"].notna()], DS["mechanisms"])
    for tr in fig.data:
        assert len(tr.textposition) == len(tr.x)
        assert list(tr.x) == sorted(tr.x)


def test_mechanism_lanes_are_named_by_sector_and_the_hover_has_the_full_name():
    ev = filter_events(DS["events"], Filters())
    fig = charts.build_mechanism_chart(ev[ev["mechanism_id"].notna()], DS["mechanisms"])
    shown = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext, strict=True))
    fm = html.escape("China-Central Asia Foreign Ministers' Meeting")
    assert shown[fm] == "Foreign affairs"
    assert shown[html.escape("China-Central Asia Ministerial Conference on Public Security and Internal Affairs")] == (
        "Law enforcement and<br>public security")
    assert max(len(line) for t in shown.values() for line in t.split("<br>")) <= 24
    trace = next(tr for tr in fig.data if tr.y[0] == fm)
    assert all(fm in h for h in trace.hovertext)  # the full name where the reader points


def test_capital_names_are_drawn_above_every_marker_but_a_draft():
    model = mapmodel.build_model("hosted", Filters(), filter_events(DS["events"], Filters()), DS["trade"],
                                 DS["countries"], DS["institutions"], DS["projects"], SRC)
    spec = json.loads(maps.draw_deck(model).to_json())
    assert [layer["id"] for layer in spec["layers"]] == ["ground", "markers"]
    kinds = [item["kind"] for item in spec["layers"][1]["data"]]  # an icon layer draws its items in order
    assert kinds[-6:] == ["name"] * 6 and {"city", "capital", "institution", "site"} == set(kinds[:-6])
    assert {item["kind"] for item in spec["layers"][0]["data"]} == {"country", "route"}
    drafted = replace(model, drafts=(mapmodel.Point(70.0, 40.0, "Draft", "a draft"),))
    assert [layer.id for layer in maps.draw_deck(drafted).layers][-2:] == ["drafts", "draft-labels"]


def test_a_slides_figure_is_larger_in_every_text_it_shows():
    from components.web import presentation

    fig = charts.build_timeline(filter_events(DS["events"], Filters()), SRC)
    big = presentation._larger(fig, 18)
    assert big.layout.xaxis.tickfont.size == 18 and big.layout.yaxis.tickfont.size == 18  # over Streamlit's theme
    # taller with its type, but no taller than a slide has room for (Next stays on a 900 px screen)
    assert big.layout.height == min(int(fig.layout.height * 18 / 13), presentation.SLIDE_VISUAL_PX)
    assert presentation._larger(charts.figure([], {"height": 300}), 18).layout.height > 300
    sizes = [(a.font.size, b.font.size) for a, b in zip(fig.layout.annotations, big.layout.annotations, strict=True)]
    assert sizes and all(after > before for before, after in sizes), sizes
    assert fig.layout.xaxis.tickfont.size is None  # the page's own figure is left as it was


def test_compare_names_the_bars_the_data_lacks():
    trade = DS["trade"]
    totals = trade[trade["flow"] == "total"]
    kaz, kgz = (set(totals.loc[totals["partner"] == c, "year"]) for c in ("KAZ", "KGZ"))
    lacking = sorted(kaz - kgz)
    assert lacking, "the data has a year for Kazakhstan that it lacks for Kyrgyzstan"
    gaps = views.compare_view(DS, Filters(), ("KAZ", "KGZ")).trade_gaps
    assert gaps == "No China-customs figure in the data for: " + ", ".join(f"Kyrgyzstan {y}" for y in lacking) + "."
    later = Filters(years=(max(lacking) + 1, 2026))
    assert views.compare_view(DS, later, ("KAZ", "KGZ")).trade_gaps == ""


def test_a_countrys_trade_amounts_have_two_decimals_in_the_languages_separators():
    from components.data import i18n
    from components.data.datatext import localized

    en = views.country_view(DS, Filters(), "KAZ").trade_table
    with i18n.using("ru"):
        ru = views.country_view(localized(DS, "ru"), Filters(lang="ru"), "KAZ").trade_table
    assert "43.82" in set(en["USD bn"]) and "31.20" in set(en["USD bn"])
    assert "43,82" in set(ru.iloc[:, 2]) and "31,20" in set(ru.iloc[:, 2])


def test_long_lane_names_take_up_to_three_lines_and_the_legend_clears_the_years():
    ru = "Правоохранительная деятельность и общественная безопасность"
    lines = timelinemarks.wrap_label(ru).split("<br>")
    assert len(lines) == 3 and " ".join(lines) == ru and max(map(len, lines)) < len(ru) / 2
    for years in ((2020, 2022), (2020, 2026)):
        ev = filter_events(DS["events"], Filters(years=years))
        fig = charts.build_timeline(ev, SRC, years)
        plot = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
        assert -fig.layout.legend.y * plot >= 60, years  # at least 60 px under the plot, wherever the years are


def _points_of(geometry):
    """Every (lon, lat) of a (Multi)Polygon."""
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [pt for poly in polys for ring in poly for pt in ring]


def test_a_phones_map_shows_all_six_countries_whole():
    """Every boundary point of the six countries (Turkmenistan, western Kazakhstan, Beijing's coast
    included) lies inside a phone's map (358 × 300 px: 390 px less the page's margins) at the view
    a phone gets; the desk's view does not fit them in that width."""
    import json
    import math

    from components.render import maps
    from components.render.mapmodel import GEO_FILE

    def pixel(view, lon, lat, width, height):
        scale = 512 * 2 ** view.zoom / (2 * math.pi)  # px per radian

        def merc(la):
            return math.log(math.tan(math.pi / 4 + math.radians(la) / 2))

        return (width / 2 + scale * math.radians(lon - view.longitude),
                height / 2 - scale * (merc(lat) - merc(view.latitude)))

    points = [pt for feat in json.loads(GEO_FILE.read_text(encoding="utf-8"))["features"]
              for pt in _points_of(feat["geometry"])]
    width, height = maps.PHONE_MAP_PX
    assert (width, height) == (358, 300)
    deck = views.map_view(DS, Filters(), "hosted").phone_deck
    view = deck.initial_view_state
    outside = [pt for pt in points if not (0 <= pixel(view, *pt, width, height)[0] <= width
                                           and 0 <= pixel(view, *pt, width, height)[1] <= height)]
    assert not outside, f"{len(outside)} boundary points off a phone's map, e.g. {outside[:3]}"
    desk = maps.DESK_VIEW
    assert any(not 0 <= pixel(desk, *pt, width, height)[0] <= width for pt in points)
    names = [item for item in next(layer for layer in deck.layers if layer.id == "markers").data
             if item["kind"] == "name"]
    assert len({tuple(item["offset"]) for item in names}) >= 5, "the clustered capitals' names on their own sides"


def test_the_phone_map_is_drawn_when_asked_once_and_with_the_desks_layers(monkeypatch):
    """A new map view no longer draws its phone map up front (most readers are not on a phone): it
    is drawn on first use, once, and has the desk map's layers and items, zoomed out."""
    view = views.map_view(DS, Filters(), "hosted")
    drawn = []
    real = maps.draw_deck
    monkeypatch.setattr(maps, "draw_deck", lambda *a, **k: drawn.append(k.get("view")) or real(*a, **k))
    assert "_phone_deck" not in view.__dict__
    first = view.phone_deck
    assert view.phone_deck is first and drawn == [maps.PHONE_VIEW]
    desk, phone = json.loads(view.deck.to_json()), json.loads(first.to_json())
    assert [(layer["id"], len(layer.get("data") or [])) for layer in phone["layers"]] == [
        (layer["id"], len(layer.get("data") or [])) for layer in desk["layers"]]  # labels placed for its width
    assert phone["initialViewState"] != desk["initialViewState"]


def test_a_row_known_by_its_year_or_month_is_drawn_in_its_middle():
    """A year's trade total (stored as 1 January, precision year) is drawn at mid-year, a month's
    meeting (precision month) mid-month, a dated row on its day: on the timeline and the
    mechanisms' chart alike; the hover still says only the year or the month."""
    from components.data.labels import plotted_day

    assert plotted_day("2022-01-01", "year") == "2022-07-01"
    assert plotted_day("2023-09-01", "month") == "2023-09-15"
    assert plotted_day("2023-05-18", "day") == plotted_day("2023-05-18") == "2023-05-18"
    ev = DS["events"]
    fig = charts.build_timeline(ev, source_lookup(DS))
    drawn = {i: x for tr in fig.data if tr.customdata is not None for i, x in zip(tr.customdata, tr.x, strict=True)}
    row = ev.set_index("id").loc["econ-trade-2022"]
    assert row["date_precision"] == "year" and drawn["econ-trade-2022"] == "2022-07-01"
    assert drawn["summit-2023-05-18"] == "2023-05-18"
    month = ev[ev["date_precision"] == "month"].iloc[0]
    assert drawn[month["id"]].endswith("-15")
    meetings = ev[ev["mechanism_id"].notna() & (ev["mechanism_id"] != "")]
    monthly = meetings[meetings["date_precision"] == "month"].iloc[0]  # the mechanisms' chart alike
    fig = charts.build_mechanism_chart(meetings, DS["mechanisms"])
    title = html.escape(monthly["title"])
    hovers = {x for tr in fig.data for x, t in zip(tr.x, tr.hovertext, strict=True) if title in t}
    assert hovers == {f"{monthly['date'].year}-{monthly['date'].month:02d}-15"}, hovers
    planned = ev[(ev["category"] == "summit") & (ev["date_precision"] == "year")].to_dict("records")
    marks = timelinemarks.milestones(planned, {"summit": "Summit"}, pd.Timestamp("2020-01-01"),
                                     pd.Timestamp("2027-12-31"))
    assert planned and [m["x"] for m in marks] == [f"{r['date'].year}-07-01" for r in planned]  # its stem at its marker


def test_a_citys_tooltip_lists_its_latest_events_under_a_count_of_the_earlier():
    """A city with more events than the tip holds: the latest ones (a briefing asks what is new),
    under '… 3 earlier events'; the sources of those latest events cited first, whole."""
    from components.data.sourcing import sources_text

    model = views.map_view(DS, Filters(), "hosted").model
    city = max(model.cities, key=lambda p: p.count)
    assert city.count > mapmodel.CITY_TIP_EVENTS
    lines = city.tooltip.split("\n")
    earlier = city.count - mapmodel.CITY_TIP_EVENTS
    assert lines[1] == f"… {earlier} earlier event{'s' if earlier > 1 else ''}", lines
    events = filter_events(DS["events"], Filters())
    here = events[events["city"] == city.label].sort_values("date", kind="stable")
    latest = here.tail(mapmodel.CITY_TIP_EVENTS)
    shown = lines[2: 2 + mapmodel.CITY_TIP_EVENTS]
    assert [s.split(": ", 1)[1] for s in shown] == list(latest["title"]), shown
    first_source = latest.iloc[-1]["source_ids"][0]
    assert lines[-1].startswith("Source: " + sources_text((first_source,), source_lookup(DS))), lines[-1]
    assert not lines[-1].endswith(("…", ",")) and len(lines[-1]) <= len("Source: ") + 200 + 20



def test_a_phones_hover_labels_are_wrapped_to_its_width():
    """On a phone every line of an event's hover label (title, note, summary, sources) is at most
    40 columns, in each language (a Chinese character counts two); on a desk 70, which spilt past
    both sides of a 390 px screen."""
    import re
    import unicodedata

    from components.data import i18n

    def columns(line: str) -> int:  # as the wrapping counts them: characters, a Chinese one two on a zh page
        if i18n.current() != "zh":
            return len(line)
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)

    ev = filter_events(DS["events"], Filters())
    for lang in ("en", "ru", "zh"):
        with i18n.using(lang):
            widest = {}
            for phone in (True, False):
                fig = charts.build_timeline(ev, SRC, phone=phone)
                lines = [html.unescape(re.sub(r"</?b>", "", line)) for tr in fig.data if tr.hovertext
                         for text in tr.hovertext for line in text.split("<br>")]
                widest[phone] = max(columns(x) for x in lines)
                assert fig.layout.hoverlabel.font.size == (11 if phone else 12)
            assert widest[True] <= 40 < widest[False] <= 70, (lang, widest)


def test_a_video_meeting_is_placed_as_one_in_every_table_and_china_has_no_relations_line():
    """'Video conference (chaired from China)' in the events' tables, as in the hover; never 'Video,
    China'. China's profile has no 'relations with the PRC' line; a partner's has it, dated."""
    from components.data.datatext import is_video
    from components.render.tables import event_place

    ev = filter_events(DS["events"], Filters())
    video = next(r for _i, r in ev.iterrows() if is_video(r) and r["host_country"] == "CHN")
    assert event_place(video) == "Video conference (chaired from China)"
    table = views.timeline_view(DS, Filters()).table
    places = set(table[next(c for c in table.columns if c in ("Place", "place"))])
    assert "Video conference (chaired from China)" in places and not any(str(p).startswith("Video, ") for p in places)
    china = views.country_view(DS, Filters(), "CHN").facts
    kaz = views.country_view(DS, Filters(), "KAZ").facts
    assert "Diplomatic relations with the PRC since" not in set(china.iloc[:, 0])
    assert "Diplomatic relations with the PRC since" in set(kaz.iloc[:, 0])
