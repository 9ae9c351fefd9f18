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
    assert "'dataAsOf'" not in capsys.readouterr().out, "the shipped date is not older than the changelog"
    text = package.read_text(encoding="utf-8")
    package.write_text(re.sub(r'"dataAsOf": "[0-9-]+"', '"dataAsOf": "2026-01-01"', text), encoding="utf-8")
    assert validate.main([str(data_copy)]) == 0, "a warning, not an error"
    out = capsys.readouterr().out
    assert f"'dataAsOf' (2026-01-01) is older than the newest change in changes.csv ({newest})" in out


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
