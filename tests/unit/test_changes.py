"""The data changelog read as facts: rows changed since a day, the latest release, how current
each track is; and changes.csv itself checked against the files it describes."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pandas as pd

from components import views
from components.data import changes
from components.data.dataset import load_dataset
from components.data.filters import Filters

ROOT = Path(__file__).resolve().parents[2]
DS = load_dataset()


def _log() -> list[dict[str, str]]:
    with open(ROOT / "data" / "changes.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_change_names_a_row_that_exists_or_was_removed():
    ids = {name: set(DS[name]["iso3" if name == "countries" else "id"]) for name in
           ("events", "sources", "mechanisms", "commitments", "institutions", "projects", "countries", "figures")}
    for r in _log():
        table = r["file"].removesuffix(".csv")
        if r["kind"] == "removed" or r["row_id"] == "*" or table not in ids:
            continue
        assert r["row_id"] in ids[table], r


def test_changed_rows_since_a_day():
    log = _log()
    day = date.fromisoformat(max(r["date"] for r in log))
    got = changes.changed_rows(DS, "events.csv", day)
    assert set(got) == {r["row_id"] for r in log if r["file"] == "events.csv" and r["date"] >= day.isoformat()}
    assert all(v.endswith(day.isoformat()) for v in got.values())
    assert changes.changed_rows(DS, "events.csv", None) == {}
    assert changes.latest_release(DS) == day


def test_release_sentence_counts_the_latest_changes():
    log = _log()
    day = max(r["date"] for r in log)
    sentence = views.overview_view(DS, Filters(), pd.Timestamp("2026-11-25")).release
    added_events = sum(1 for r in log if r["date"] == day and r["file"] == "events.csv" and r["kind"] == "added")
    assert sentence.startswith(f"Data release of {day}: ")
    if added_events:
        assert f"{added_events} event{'s' if added_events != 1 else ''} added" in sentence  # one is "1 event added"
    else:  # a release that only revises rows names no added events
        assert "event added" not in sentence and "events added" not in sentence


def test_currency_gives_the_latest_item_of_each_track():
    tracks = {t.track: t for t in changes.currency(DS, pd.Timestamp("2026-11-25"))}
    ev = DS["events"]
    summits = ev[(ev["category"] == "summit") & (ev["status"] != "planned") & (ev["date"] <= "2026-11-25")]
    assert tracks["Summit"].title == summits.sort_values("date").iloc[-1]["title"]
    assert "China customs trade figure" in tracks


def _repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of data/, tagged as a release."""
    import shutil
    import subprocess

    root = tmp_path / "repo"
    shutil.copytree(ROOT / "data", root / "data")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "r"],
                 ["tag", "data-2026-11-25"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)
    return root / "data"


def test_validate_requires_a_changelog_entry_for_every_row_changed_since_the_release(tmp_path, capsys, monkeypatch):
    from components.data.validate import main

    monkeypatch.delenv("CC5_RELEASE_REF", raising=False)
    data = _repo(tmp_path)
    assert main([str(data)]) == 0
    assert "compared with the release data-2026-11-25" in capsys.readouterr().out
    events = data / "events.csv"
    text = events.read_text(encoding="utf-8")
    first_id = text.splitlines()[1].split(",")[0]
    events.write_text(text.replace("Inaugural", "First", 1), encoding="utf-8")
    assert main([str(data)]) == 1
    out = capsys.readouterr().out
    assert f"events.csv row '{first_id}' was edited since the release data-2026-11-25" in out
    source = next(iter(DS["sources"]["id"]))
    with open(data / "changes.csv", "a", encoding="utf-8") as fh:
        fh.write(f"2026-11-26,events.csv,{first_id},revised,Reworded the summary.,{source}\n")
    assert main([str(data)]) == 0, capsys.readouterr().out


def test_without_a_release_tag_the_changelog_is_checked_on_its_own(tmp_path, capsys):
    import shutil

    from components.data.validate import main

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    assert main([str(data)]) == 0
    assert "no git release tag" in capsys.readouterr().out


def test_validate_warns_when_the_data_is_called_older_than_its_newest_change(data_copy, capsys):
    from components.data import validate

    package = data_copy / "datapackage.json"
    newest = max(r["date"] for r in _log())
    assert validate.main([str(data_copy)]) == 0
    out = capsys.readouterr().out
    assert "'reviewed'" not in out and "'latestItem'" not in out, "the shipped dates agree with the data"
    text = package.read_text(encoding="utf-8")
    package.write_text(re.sub(r'"reviewed": "[0-9-]+"', '"reviewed": "2026-01-01"', text), encoding="utf-8")
    assert validate.main([str(data_copy)]) == 0, "a warning, not an error"
    out = capsys.readouterr().out
    assert f"'reviewed' (2026-01-01) is older than the newest change in changes.csv ({newest})" in out


def test_validate_warns_when_the_stated_latest_item_is_not_the_datas(data_copy, capsys):
    from components.data import validate

    package = data_copy / "datapackage.json"
    text = package.read_text(encoding="utf-8")
    package.write_text(re.sub(r'"latestItem": "[0-9-]+"', '"latestItem": "2026-11-26"', text), encoding="utf-8")
    assert validate.main([str(data_copy)]) == 0, "a warning, not an error"
    out = capsys.readouterr().out
    latest = DS.latest_item
    assert f"'latestItem' (2026-11-26) is not the latest sourced item the data holds: {latest.day.isoformat()}" in out


def test_the_former_name_of_the_review_day_is_read_with_a_warning(data_copy):
    package = data_copy / "datapackage.json"
    text = package.read_text(encoding="utf-8")
    package.write_text(text.replace('"reviewed":', '"dataAsOf":'), encoding="utf-8")
    ds = load_dataset(data_copy)
    assert ds.reviewed == DS.reviewed != "unknown"
    assert any(p.column == "dataAsOf" and p.severity == "warning" and "now called 'reviewed'" in p.message
               for p in ds.problems)


def _manual_latest(ds, cut):
    """The latest sourced item worked out by hand, table by table, as README's "Two dates" defines it."""
    ev, fig, tr = ds["events"], ds["figures"], ds["trade"]
    days = [d for d in ev[(ev["status"] != "planned") & (ev["date"] <= cut)]["date"]]
    days += [d for d in fig[(fig["status"] != "planned") & (fig["as_of"] <= cut)]["as_of"]]
    days += [pd.Timestamp(int(y), 12, 31) for y in tr["year"] if pd.Timestamp(int(y), 12, 31) <= cut]
    return max(days).date()


def test_the_latest_sourced_item_is_the_max_over_events_figures_and_trade():
    cut = pd.Timestamp(DS.reviewed)
    item = DS.latest_item
    assert item is not None and item.day == _manual_latest(DS, cut)
    assert item.day.isoformat() == DS.meta["latestItem"], "datapackage.json states the computed day"
    assert item.day < pd.Timestamp(DS.reviewed).date(), "the review day is not the coverage"
    # an item dated after the review day (an announcement) is not coverage; one before it is
    from components.data.dataset import latest_item

    tables = dict(DS.tables)
    ev = tables["events"]
    later = ev.iloc[[0]].assign(id="x-later", date=cut + pd.Timedelta(days=1), status="confirmed")
    earlier = ev.iloc[[0]].assign(id="x-earlier", date=cut - pd.Timedelta(days=1), status="confirmed")
    tables["events"] = pd.concat([ev, later], ignore_index=True)
    assert latest_item(tables, DS.reviewed).day == item.day
    tables["events"] = pd.concat([ev, earlier], ignore_index=True)
    assert latest_item(tables, DS.reviewed).row_id == "x-earlier"
    tables["events"] = pd.concat([ev, earlier.assign(status="planned")], ignore_index=True)
    assert latest_item(tables, DS.reviewed).day == item.day, "a planned item is not coverage"


def test_each_track_says_how_long_since_its_last_item_in_three_languages():
    from datetime import date

    from components.data import i18n
    from components.data.datatext import localized

    today = pd.Timestamp("2026-12-06")
    tracks = {t.track: t for t in changes.currency(DS, today)}
    ev = DS["events"]
    fm = ev[(ev["mechanism_id"] == "fm") & (ev["date"] <= today)].sort_values("date").iloc[-1]
    fm_name = DS["mechanisms"].set_index("id").loc["fm", "name"]
    months = (2026 - fm["date"].year) * 12 + 12 - fm["date"].month - (6 < fm["date"].day)
    assert tracks[fm_name].day == fm["date"].date() and tracks[fm_name].ago == f"{months} months ago"
    council = ev[ev["title"].str.contains("Business Council")].sort_values("date").iloc[-1]
    assert tracks["China–Central Asia Business Council"].day == council["date"].date()
    assert "China–Central Asia Secretariat" in tracks and "Summit" in tracks
    planned = ev[(ev["category"] == "summit") & ((ev["date"] > today) | (ev["status"] == "planned"))]
    assert tracks["Summit"].next == str(planned.sort_values("date").iloc[0]["date"].year), "the next summit announced"
    assert tracks[fm_name].next == "none in the data"
    for mid, name in zip(DS["mechanisms"]["id"], DS["mechanisms"]["name"], strict=True):
        assert name in tracks, f"the {mid} mechanism is a track"
    assert i18n.format_ago(date(2025, 6, 17), date(2026, 12, 6), "en") == "17 months ago"
    assert i18n.format_ago(date(2024, 5, 30), date(2026, 12, 6), "en") == "2 years ago", "counted down, not rounded"
    for lang, word in (("zh", "17个月前"), ("ru", "17 месяцев назад")):
        with i18n.using(lang):
            shown = {t.ago for t in changes.currency(localized(DS, lang), pd.Timestamp("2026-11-20"))}
            assert i18n.format_ago(date(2025, 6, 17), date(2026, 12, 6)) == word
            assert not any("ago" in a for a in shown), shown


def test_the_changelogs_english_notes_are_marked_outside_english():
    from components.data import i18n
    from components.data.datatext import localized

    ds = load_dataset()
    english = views.changes_view(ds, Filters())
    with i18n.using("ru"):
        ru = views.changes_view(localized(ds, "ru"), Filters(lang="ru"))
    what_en, what_ru = english.table.iloc[:, 4], ru.table.iloc[:, 4]
    assert not what_en.str.endswith("[EN]").any()
    assert all(r == e + " [EN]" for r, e in zip(what_ru, what_en, strict=True) if e)
