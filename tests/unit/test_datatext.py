"""The data's text in three languages: data/translations.csv read into a localized dataset,
English kept where no translation applies (marked), and the validator's checks and coverage."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from components.data import datatext, i18n, textcheck, validate
from components.data.dataset import load_dataset, records, source_lookup
from components.data.filters import Filters
from components.render import charts, mapmodel, timelinemarks
from components.views import panels

DS = load_dataset()
EVENT = "summit-2025-06-17"


def _event(ds, field="title", rid=EVENT):
    ev = ds["events"]
    return ev.loc[ev["id"] == rid, field].iloc[0]


def _edit(data_dir: Path, change) -> None:
    """Rewrite translations.csv of a data copy row by row: ``change(row)`` returns the row, a
    list of rows, or None to drop it."""
    path = data_dir / datatext.FILE
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = list(rows[0])
    out = []
    for r in rows:
        got = change(dict(r))
        out.extend([] if got is None else got if isinstance(got, list) else [got])
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(out)
    path.write_text(buf.getvalue(), encoding="utf-8")


def test_localized_titles_for_a_known_event():
    zh, ru = datatext.localized(DS, "zh"), datatext.localized(DS, "ru")
    assert _event(zh).startswith("第二届中国—中亚峰会")
    assert _event(ru).startswith("Второй саммит «Китай — Центральная Азия»")
    assert _event(zh, "city") == "阿斯塔纳" and _event(ru, "city") == "Астана"
    assert zh["countries"].set_index("iso3").loc["KGZ", "name"] == "吉尔吉斯斯坦"
    assert ru["countries"].set_index("iso3").loc["KGZ", "name"] == "Кыргызстан"
    assert "[EN]" not in " ".join(str(v) for v in zh["events"]["title"]), "the draft covers every title"


def test_english_is_the_dataset_itself_and_ids_stay_ids():
    assert datatext.localized(DS, "en") is DS
    assert datatext.localized(DS, "xx") is DS
    zh = datatext.localized(DS, "zh")
    for name in ("events", "countries", "mechanisms", "projects", "commitments", "directions", "institutions",
                 "figures", "trade"):
        assert datatext.row_ids(name, zh[name]) == datatext.row_ids(name, DS[name]), name
        assert zh[name][list(DS[name].columns)].dtypes.to_dict() == DS[name].dtypes.to_dict(), name
        kept = {f + datatext.EN_SUFFIX for f in datatext.ORIGINALS.get(name, ())}
        assert set(zh[name].columns) - set(DS[name].columns) == kept, name
    for col in ("category", "status", "host_country", "mechanism_id", "countries", "direction_ids", "date"):
        assert zh["events"][col].equals(DS["events"][col]), col
    assert "[EN]" not in _event(DS) and "Summit" in _event(DS)


def test_sources_and_changes_are_not_translated():
    ru = datatext.localized(DS, "ru")
    for name in ("sources", "changes"):
        assert ru[name] is DS[name], name


def test_markers_the_code_reads_are_kept_in_english_beside_their_words():
    zh = datatext.localized(DS, "zh")
    video = DS["events"]["city"] == "Video"
    assert video.any()
    assert (zh["events"].loc[video, "city"] == "视频会议").all()
    assert (zh["events"].loc[video, "city_en"] == "Video").all(), "the map and charts read 'Video' as a marker"
    assert all(datatext.is_video(r) for r in records(zh["events"][video]))
    assert all(datatext.is_video(r) for r in records(DS["events"][video]))
    assert not any(datatext.is_video(r) for r in records(zh["events"][~video]))
    assert datatext.city_name("Video", "zh", DS) == "视频会议"


def test_key_differs_per_language_and_the_result_is_kept():
    zh, ru = datatext.localized(DS, "zh"), datatext.localized(DS, "ru")
    assert len({DS.key, zh.key, ru.key}) == 3
    assert datatext.localized(DS, "zh") is zh, "computed once per data state and language"
    assert DS["events"].equals(load_dataset()["events"]), "the English dataset is left unchanged"


def test_a_missing_translation_falls_back_to_english_marked(data_copy):
    _edit(data_copy, lambda r: None if (r["table"], r["id"], r["field"], r["lang"]) == (
        "events", EVENT, "title", "zh") else r)
    ds = load_dataset(data_copy)
    zh = datatext.localized(ds, "zh")
    assert _event(zh) == _event(ds) + " [EN]"
    assert _event(datatext.localized(ds, "ru")).startswith("Второй саммит")
    assert datatext.coverage(ds)["zh"]["events"][2] == 1
    assert datatext.coverage(ds)["ru"]["events"][2] == 0


def test_a_stale_translation_is_flagged_and_not_shown(data_copy):
    path = data_copy / "events.csv"
    text = path.read_text(encoding="utf-8")
    old = _event(DS)
    path.write_text(text.replace(old, old + " revised", 1), encoding="utf-8")
    ds = load_dataset(data_copy)
    assert _event(datatext.localized(ds, "zh")) == old + " revised [EN]"
    stale = [p for p in textcheck.check(ds, data_copy) if p.rule == "translation-stale"]
    assert {p.severity for p in stale} == {"warning"} and len(stale) == 2
    assert stale[0].line is not None
    assert textcheck.stamp(data_copy, [f"events/{EVENT}/title"]) == 2
    ds = load_dataset(data_copy)
    assert not [p for p in textcheck.check(ds, data_copy) if p.rule == "translation-stale"]


def test_validate_reports_coverage_and_catches_bad_rows(data_copy, capsys):
    def damage(r):
        if (r["table"], r["id"], r["field"], r["lang"]) == ("events", EVENT, "title", "zh"):
            dangling = {**r, "id": "no-such-event"}
            official = {**r, "id": "summit-2023-05-18", "field": "summary", "kind": "official", "source_id": "",
                        "note": "", "en_hash": ""}
            return [dangling, official]
        if (r["table"], r["id"], r["field"], r["lang"]) == ("events", "summit-2023-05-18", "summary", "zh"):
            return None
        return r

    _edit(data_copy, damage)
    assert validate.main([str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert "Translations (translations.csv)" in out and "% translated)" in out
    assert "ERROR: translations.csv, line" in out
    assert "events/no-such-event/title (zh): events.csv has no row 'no-such-event'" in out
    assert "events/summit-2023-05-18/summary (zh): an official wording needs its evidence" in out
    assert "WARNING: translations.csv, column 'lang': 1 cell(s) have no zh translation" in out
    ds = load_dataset(data_copy)
    cov = datatext.coverage(ds)
    official, _project, missing = cov["zh"]["events"]
    assert (official, missing) == (1, 1), cov["zh"]["events"]
    assert sum(cov["zh"]["events"]) == sum(cov["ru"]["events"]), "the dangling row does not count"


def test_the_package_checks_the_file(data_copy):
    _edit(data_copy, lambda r: {**r, "lang": "de"} if r["id"] == EVENT and r["field"] == "title" and r["lang"] == "ru"
          else {**r, "source_id": "no-such-source"} if r["id"] == "cku-railway" and r["lang"] == "zh"
          and r["field"] == "name" else r)
    ds = load_dataset(data_copy)
    rules = {(p.column, p.rule) for p in ds.problems if p.file == datatext.FILE}
    assert ("lang", "enum") in rules and ("source_id", "foreign-key") in rules
    assert _event(datatext.localized(ds, "ru")).endswith(" [EN]"), "the refused row is not used"


def test_text_must_be_plain(data_copy):
    _edit(data_copy, lambda r: {**r, "text": "<b>x</b>"} if r["id"] == EVENT and r["field"] == "title" else r)
    rules = {p.rule for p in textcheck.check(load_dataset(data_copy), data_copy) if p.severity == "error"}
    assert "pattern" in rules


def test_the_shipped_file_passes_every_check():
    problems = textcheck.check(DS, Path("data"))
    assert not [p for p in problems if p.severity == "error"], problems
    assert not [p for p in DS.problems if p.file == datatext.FILE]
    cov = datatext.coverage(DS)
    assert set(cov) == {"zh", "ru"} and set(cov["zh"]) == set(datatext.TABLES)
    assert all(miss == 0 for lang in cov.values() for _off, _proj, miss in lang.values())


# --------------------------------------------------------------------------- figures and trade


def _figure(ds, fid, field):
    fig = ds["figures"]
    return fig.loc[fig["id"] == fid, field].iloc[0]


def _trade(ds, key, field="status_note"):
    tr = ds["trade"]
    return tr.loc[[i == key for i in datatext.row_ids("trade", tr)], field].iloc[0]


@pytest.mark.parametrize("lang", ["zh", "ru"])
def test_figures_and_trade_notes_are_translated(lang):
    with i18n.using(lang):
        loc = datatext.localized(DS)
    assert loc.key.endswith("|" + lang)
    label, unit = _figure(loc, "fig_summit2_outcomes", "label"), _figure(loc, "fig_summit2_outcomes", "unit")
    assert label == {"zh": "第二届中国—中亚峰会（阿斯塔纳）合作成果",
                     "ru": "Результаты сотрудничества второго саммита «Китай — Центральная Азия» (Астана)"}[lang]
    assert unit == {"zh": "项成果", "ru": "результатов"}[lang]
    note = _trade(loc, "2024/KAZ/total/gacc")
    assert "438亿美元" in note if lang == "zh" else "43,8" in note  # zh notes count in 亿美元, as the zh table does
    assert "Astana Times" in _trade(DS, "2024/KAZ/total/gacc") and note != _trade(DS, "2024/KAZ/total/gacc")
    for name, fields in (("figures", ("label", "unit", "status_note")), ("trade", ("status_note",))):
        for field in fields:
            assert not loc[name][field].dropna().str.contains(r"\[EN\]").any(), (name, field)
    assert loc["trade"]["value"].equals(DS["trade"]["value"]) and loc["trade"]["unit"].equals(DS["trade"]["unit"])


def test_a_missing_trade_or_figure_translation_falls_back_to_english_marked(data_copy):
    _edit(data_copy, lambda r: None if (r["table"], r["lang"]) in {("trade", "ru"), ("figures", "ru")}
          and r["id"] in ("2020/C5/total/gacc", "fig_sister_cities_2024") else r)
    ds = load_dataset(data_copy)
    ru = datatext.localized(ds, "ru")
    assert _trade(ru, "2020/C5/total/gacc") == _trade(ds, "2020/C5/total/gacc") + " [EN]"
    assert _figure(ru, "fig_sister_cities_2024", "unit") == "pairs [EN]"
    assert _trade(datatext.localized(ds, "zh"), "2020/C5/total/gacc").startswith("中国国际广播电台")
    cov = datatext.coverage(ds)
    assert cov["ru"]["trade"][2] == 1 and cov["ru"]["figures"][2] == 3 and cov["zh"]["trade"][2] == 0


def test_validate_counts_figures_and_trade(capsys):
    assert validate.main([]) == 0
    out = capsys.readouterr().out
    assert "figures          0   27    0" in out and "trade            0   26    0" in out
    assert "OK: 0 error(s)" in out


# --------------------------------------------------------------------------- amounts with units


def test_amounts_read_naturally_in_each_language():
    cases = {"en": ["USD 500 m", "CNY 26 bn", "CNY 1.5 bn", "5,000 training places"],
             "zh": ["5亿美元", "260亿元人民币", "15亿元人民币", "5,000个培训名额"],
             "ru": ["500 млн долл. США", "26 млрд юаней", "1,5 млрд юаней", "5\xa0000 учебных мест"]}
    for lang, expected in cases.items():
        with i18n.using(lang):
            loc = datatext.localized(DS)
            table = panels.commitment_table(loc["commitments"], loc["events"], source_lookup(loc))
        shown = [a for a in table["Amount"] if a]
        assert all(e in shown for e in expected), (lang, shown)
    zh = datatext.localized(DS, "zh")
    for name in ("commitments", "figures"):
        money = DS[name]["unit"].isin(list(datatext.MONEY))
        assert money.any() and zh[name].loc[money, "unit"].isin(list(datatext.ZH_MONEY_WORDS)).all(), name
    with i18n.using("zh"):
        assert datatext.amount_text(40, "十亿美元") == "400亿美元"
        assert datatext.amount_text(106.3, "十亿美元", "USD bn") == "1063亿美元"
        assert datatext.amount_text(0.5, "百万美元", "USD m") == "50万美元"
        assert datatext.amount_text(12, "%", "%") == "12%"


# --------------------------------------------------------------------------- "Video" and the timeline's labels


@pytest.mark.parametrize("lang", ["zh", "ru"])
def test_no_english_video_on_a_page_and_video_meetings_stay_off_the_map(lang):
    with i18n.using(lang):
        loc = datatext.localized(DS)
        src = source_lookup(loc)
        events = panels.event_table(loc["events"], src)
        mechs = panels.mechanism_summary(loc, Filters())
        placed = mapmodel.placed_events(loc["events"])
        fig = charts.build_timeline(loc["events"], src)
    word = {"zh": "视频会议", "ru": "Видеоконференция"}[lang]
    for frame, col in ((events, "Place"), (mechs, "First meeting place")):
        assert not frame[col].str.contains("Video").any(), col
        assert frame[col].str.contains(word).any(), col
    video = DS["events"]["city"] == "Video"
    assert len(placed) == len(mapmodel.placed_events(DS["events"])) and not placed["id"].isin(
        DS["events"].loc[video, "id"]).any()
    hovers = [h for trace in fig.data for h in (trace.hovertext or ()) if isinstance(h, str)]
    assert hovers and not any("Video" in h for h in hovers)
    assert any(h.count({"zh": "视频会议（", "ru": "Видеоконференция (председательствующая"}[lang]) for h in hovers)


def _labels(lang):
    with i18n.using(lang):
        loc = datatext.localized(DS)
        fig = charts.build_timeline(loc["events"], source_lookup(loc))
    return {a.text for a in fig.layout.annotations}


def test_milestone_labels_keep_their_ordinal_in_every_language():
    assert {"Video summit 2022", "1st summit · Xi&#x27;an 2023", "2nd summit · Astana 2025",
            "3rd summit 2027"} <= _labels("en")
    assert {"视频峰会 2022", "第一届峰会 · 西安 2023", "第二届峰会 · 阿斯塔纳 2025", "第三届峰会 2027",
            "秘书处 · 西安 2024"} <= _labels("zh")
    assert {"Видеосаммит 2022", "1-й саммит · Сиань 2023", "2-й саммит · Астана 2025", "3-й саммит 2027",
            "Секретариат · Сиань 2024"} <= _labels("ru")


def test_summit_ordinals():
    with i18n.using("zh"):
        assert [datatext.summit_ordinal(f"{n} China-Central Asia Summit") for n in ("1st", "10th", "12th", "21st")] \
            == ["第一届", "第十届", "第十二届", "第二十一届"]
        assert datatext.summit_ordinal("Virtual summit") == ""
    with i18n.using("ru"):
        assert datatext.summit_ordinal("3rd China-Central Asia Summit") == "3-й"
    assert datatext.summit_ordinal("2nd China-Central Asia Summit") == "2nd"


def test_english_reads_the_kept_column_or_the_cell():
    row = {"title": "第二届", "title_en": "2nd Summit", "city": "Astana"}
    assert datatext.english(row, "title") == "2nd Summit" and datatext.english(row, "city") == "Astana"
    frame = pd.DataFrame([row])
    assert datatext.english_column(frame, "title").tolist() == ["2nd Summit"]


def test_the_kept_english_columns_reach_no_download():
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from components.web import api

    client = TestClient(Starlette(routes=api.routes()))
    kept = [f + datatext.EN_SUFFIX for fields in datatext.ORIGINALS.values() for f in fields]
    for name in api.NAMES:
        header = client.get(f"/api/v1/{name}.csv?lang=zh").text.partition("\n")[0]
        assert not [k for k in kept if k in header.split(",")], name


def test_only_the_secretariats_launch_is_a_secretariat_milestone():
    """A curator's agreement about the Secretariat, even with an id beginning ``secretariat-``, is not
    labelled on the timeline as if a Secretariat opened in its city; the launch itself is."""


    launch = {"id": "secretariat-2024-03-30", "category": "institution", "city": "Xi'an",
              "date": pd.Timestamp("2024-03-30"), "title": "China-Central Asia Secretariat launched"}
    budget = {**launch, "id": "secretariat-budget-2025-02-27", "category": "agreement", "city": "Dushanbe",
              "date": pd.Timestamp("2025-02-27"), "title": "Tajikistan approves draft agreement on the budget"}
    assert datatext.is_secretariat_launch(launch) and not datatext.is_secretariat_launch(budget)
    assert timelinemarks.short_label(launch) == "Secretariat · Xi'an 2024"
    assert "Secretariat ·" not in timelinemarks.short_label(budget)


def test_a_choice_from_the_data_is_carried_to_every_language():
    """The mechanisms' and directions' names come from the data: a link made in Russian
    (``?mechanism=<Russian name>``) names its choice in a page shown in Chinese, and the other way
    round, and a copy in one language is always made from the English, never from another copy."""
    from components.data.filters import Filters
    from components.web import choices

    zh = datatext.localized(DS, "zh")
    assert datatext.english_dataset(zh) is DS and datatext.localized(zh, "ru") is datatext.localized(DS, "ru")
    for page in ("mechanisms", "directions"):
        with i18n.using("zh"):
            labels = choices.all_labels(zh, Filters(lang="zh"), page)
        for lang in ("en", "zh", "ru"):
            with i18n.using(lang):
                options = choices.CHOICES[page].options(datatext.localized(DS, lang), Filters(lang=lang))
            assert options and all(labels[label] == key for key, label in options.items()), (page, lang)
