"""The data's text in three languages: data/translations.csv read into a localized dataset,
English kept where no translation applies (marked), and the validator's checks and coverage."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from components import datatext, textcheck, validate
from components.data import load_dataset

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
    assert _event(ru).startswith("Второй саммит «Центральная Азия — Китай»")
    assert _event(zh, "city") == "阿斯塔纳" and _event(ru, "city") == "Астана"
    assert zh["countries"].set_index("iso3").loc["KGZ", "name"] == "吉尔吉斯斯坦"
    assert ru["countries"].set_index("iso3").loc["KGZ", "name"] == "Кыргызстан"
    assert "[EN]" not in " ".join(str(v) for v in zh["events"]["title"]), "the draft covers every title"


def test_english_is_the_dataset_itself_and_ids_stay_ids():
    assert datatext.localized(DS, "en") is DS
    assert datatext.localized(DS, "xx") is DS
    zh = datatext.localized(DS, "zh")
    for name in ("events", "countries", "mechanisms", "projects", "commitments", "directions", "institutions"):
        key = datatext.key_column(name)
        assert zh[name][key].tolist() == DS[name][key].tolist(), name
        assert zh[name].dtypes.to_dict() == DS[name].dtypes.to_dict(), name
    for col in ("category", "status", "host_country", "mechanism_id", "countries", "direction_ids", "date"):
        assert zh["events"][col].equals(DS["events"][col]), col
    assert "[EN]" not in _event(DS) and "Summit" in _event(DS)


def test_sources_and_changes_are_not_translated():
    ru = datatext.localized(DS, "ru")
    for name in ("sources", "changes", "trade", "figures"):
        assert ru[name] is DS[name], name


def test_markers_the_code_reads_are_kept():
    zh = datatext.localized(DS, "zh")
    video = DS["events"]["city"] == "Video"
    assert video.any()
    assert (zh["events"].loc[video, "city"] == "Video").all(), "the map and charts read 'Video' as a marker"
    assert datatext.city_name("Video", "zh", DS) != "Video"


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
    assert cov["zh"]["events"] == (1, 122, 1), "the dangling row does not count"


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
