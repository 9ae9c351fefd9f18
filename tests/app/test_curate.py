"""The curator's workspace through Streamlit's AppTest, on a copy of data/ (never the real one)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.data import registry
from testsupport.plots import chart_figures

ROOT = Path(__file__).resolve().parents[2]
WIDGETS = ("text_input", "text_area", "selectbox", "multiselect", "date_input", "number_input", "toggle")
EVENT = "cc5c|events|Add a row|None|0"
SOURCE = EVENT + "|src"


@pytest.fixture
def curate(monkeypatch, data_copy: Path) -> Path:
    monkeypatch.setenv("CC5_DATA_DIR", str(data_copy))
    monkeypatch.setenv("CC5_CURATE", "1")
    monkeypatch.delenv("CC5_CURATE_TOKEN", raising=False)
    from components.curate import workspace

    monkeypatch.setattr(workspace, "server_address", lambda: "127.0.0.1")
    return data_copy


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.suffix in (".csv", ".json")}


def open_workspace() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page(registry.CURATE.script).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def widget(at: AppTest, key: str):
    for kind in WIDGETS:
        for w in getattr(at, kind):
            if w.key == key:
                return w
    raise KeyError(key)


def fill(at: AppTest, prefix: str, values: dict) -> None:
    for name, value in values.items():
        widget(at, f"{prefix}|{name}").set_value(value)
    at.run()
    assert not at.exception, [e.value for e in at.exception]


NEW_SOURCE = {"id": "test-src-2026-03-02", "publisher": "Ministry of Foreign Affairs of Kazakhstan",
              "title": "Test statement on a meeting", "url": "https://www.gov.kz/test", "published": "2026-03-02",
              "kind": "official", "role": "original"}
NEW_EVENT = {"id": "test-forum-2026-03-02", "date": "2026-03-02", "date_precision": "day",
             "title": "Test China-Central Asia forum", "category": "forum", "scope": "mechanism",
             "countries": ["CHN", "KAZ"],
             "host_country": "KAZ", "city": "Astana", "lat": "51.1694", "lon": "71.4491",
             "summary": "A test forum, described in our own words.", "status": "single_source"}


def errors(at: AppTest) -> str:
    return "\n".join([e.value for e in at.error] + [t.value for t in at.text])


def save_button(at: AppTest):
    return at.button(key="cc5c_save")


def timeline_ids(at: AppTest) -> set[str]:
    ids: set[str] = set()
    for fig in chart_figures(at):
        for tr in fig.data:
            if tr.customdata is not None:
                ids.update(str(x) for x in tr.customdata)
    return ids


def draft_markers(at: AppTest) -> list[dict]:
    """The map preview's draft ring: each marker's place and label (the deck's own JSON)."""
    out = []
    for el in at.get("deck_gl_json_chart"):
        spec = json.loads(el.proto.json)
        for layer in spec["layers"]:
            if layer["id"] == "drafts":
                assert layer["filled"] is False and layer["lineWidthMinPixels"] >= 3
                out += [{"position": d["position"], "name": d["name"]} for d in layer["data"]]
    return out


# --------------------------------------------------------------------------- off by default


def test_switch_off_no_page_no_writer_no_write(data_copy: Path):
    """Without CC5_CURATE=1: no page in the registry or the navigation, the writer never imported."""
    code = (
        "import sys, json\n"
        "from streamlit.testing.v1 import AppTest\n"
        "from components.data import registry\n"
        "at = AppTest.from_file('app.py', default_timeout=90); at.run()\n"
        "print(json.dumps({'pages': [p.key for p in registry.pages()],\n"
        "  'loaded': sorted(m for m in sys.modules if m.startswith('components.curate')),\n"
        "  'exception': [e.value for e in at.exception]}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("CC5_CURATE", "CC5_CURATE_TOKEN")}
    env |= {"CC5_DATA_DIR": str(data_copy), "PYTHONPATH": str(ROOT)}
    before = snapshot(data_copy)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert "curate" not in got["pages"] and not got["exception"]
    assert got["loaded"] == [], got["loaded"]
    assert snapshot(data_copy) == before


def test_switch_off_registry_has_no_curate_page(monkeypatch):
    monkeypatch.delenv("CC5_CURATE", raising=False)
    assert registry.CURATE not in registry.pages() and registry.pages() == registry.PAGES
    assert registry.by_url_path("curate") is registry.DEFAULT
    monkeypatch.setenv("CC5_CURATE", "1")
    assert registry.pages()[-1] is registry.CURATE and registry.by_url_path("curate") is registry.CURATE


def test_switch_off_the_script_alone_shows_no_form(monkeypatch, data_copy):
    monkeypatch.delenv("CC5_CURATE", raising=False)
    monkeypatch.setenv("CC5_DATA_DIR", str(data_copy))
    at = AppTest.from_file(str(ROOT / "pages" / "curate.py"), default_timeout=60)
    at.run()
    assert any("is off" in e.value for e in at.error) and not at.text_input


def test_refused_on_an_open_address_without_token(curate, monkeypatch):
    from components.curate import workspace

    monkeypatch.setattr(workspace, "server_address", lambda: "0.0.0.0")
    at = open_workspace()
    assert any("works only on a server that listens on this machine" in e.value for e in at.error)
    assert not at.text_input and not at.button


def test_token_opens_the_workspace_on_an_open_address(curate, monkeypatch):
    from components.curate import workspace

    monkeypatch.setattr(workspace, "server_address", lambda: "0.0.0.0")
    monkeypatch.setenv("CC5_CURATE_TOKEN", "s3cret-token")
    at = open_workspace()
    at.text_input(key="cc5c_token").set_value("wrong").run()
    assert any("Enter the curator token" in e.value for e in at.error)
    assert all(w.key == "cc5c_token" for w in at.text_input)
    at.text_input(key="cc5c_token").set_value("s3cret-token").run()
    assert widget(at, f"{EVENT}|id") is not None


# --------------------------------------------------------------------------- add, preview, save


def test_add_an_event_with_a_new_source_preview_save_and_see_it(curate: Path):
    before = snapshot(curate)
    at = open_workspace()
    widget(at, "cc5c|events|Add a row|None|0|inline").set_value(True)
    at.run()
    fill(at, SOURCE, NEW_SOURCE)
    fill(at, EVENT, {**NEW_EVENT, "source_ids": [NEW_SOURCE["id"]]})
    assert not at.error, errors(at)
    assert any("No problem found" in s.value for s in at.success)
    assert any(c.value.startswith("Draft — not saved") for c in at.caption)
    assert NEW_EVENT["id"] in timeline_ids(at)  # the draft on the timeline preview
    assert draft_markers(at) == [{"position": [float(NEW_EVENT["lon"]), float(NEW_EVENT["lat"])],
                                  "name": f"Draft: {NEW_EVENT['city']}"}]  # and ringed on the map
    assert "added: events.csv 'test-forum-2026-03-02'" in errors(at)  # listed among unsaved drafts
    assert snapshot(curate) == before  # nothing written before saving
    assert not save_button(at).disabled
    save_button(at).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not any("Not saved" in e.value for e in at.error), errors(at)
    saved = "Saved sources.csv 'test-src-2026-03-02', events.csv 'test-forum-2026-03-02'"
    assert any(saved in s.value.replace("\\", "") for s in at.success), [s.value for s in at.success]
    after = snapshot(curate)
    for name in ("events.csv", "sources.csv", "changes.csv"):
        assert (curate / f"{name}.bak").read_bytes() == before[name]
    for name in ("sources.csv", "changes.csv"):  # not kept in date order: appended, every earlier line byte-identical
        assert after[name].startswith(before[name]), name
    old_events = before["events.csv"].decode().splitlines(True)
    new_events = after["events.csv"].decode().splitlines(True)
    at_line = next(i for i, line in enumerate(new_events) if line.startswith("test-forum-2026-03-02,"))
    assert new_events[at_line].startswith("test-forum-2026-03-02,2026-03-02,day,,")
    assert new_events[:at_line] + new_events[at_line + 1:] == old_events  # every other line byte-identical
    assert new_events[at_line - 1].split(",")[1] <= "2026-03-02" < new_events[at_line + 1].split(",")[1]  # at its date
    assert after["sources.csv"][len(before["sources.csv"]):].decode().startswith("test-src-2026-03-02,")
    log = after["changes.csv"][len(before["changes.csv"]):].decode().splitlines()
    today = date.today().isoformat()
    assert log[0].startswith(f"{today},sources.csv,test-src-2026-03-02,added,") and log[0].endswith(NEW_SOURCE["id"])
    assert log[1].startswith(f"{today},events.csv,test-forum-2026-03-02,added,")
    assert {k: v for k, v in after.items() if k not in ("events.csv", "sources.csv", "changes.csv")} == {
        k: v for k, v in before.items() if k not in ("events.csv", "sources.csv", "changes.csv")}
    from components.data import validate

    assert validate.main([str(curate)]) == 0
    at.switch_page(registry.page("timeline").script).run()
    assert NEW_EVENT["id"] in timeline_ids(at)  # the dashboard shows it, without a restart


def _valid_event(at: AppTest, **override) -> None:
    fill(at, EVENT, {**NEW_EVENT, "source_ids": ["24kg-2025-04-26-fm6"], **override})


@pytest.mark.parametrize(
    ("override", "column", "words"),
    [
        ({"summary": ""}, "summary", "this cell is empty but a value is required"),
        ({"id": "fmm-2020-07-16"}, "id", "duplicate id 'fmm-2020-07-16': an earlier row on line 2 has the same id"),
        ({"id": "Bad Id"}, "id", "'Bad Id' does not have the expected form (lowercase letters, digits"),
        ({"title": "<script>alert(1)</script>"}, "title", "must be plain text (no Markdown or HTML)"),
        ({"summary": "See [x](http://example.org/x)"}, "summary", "must be plain text (no Markdown or HTML)"),
    ],
)
def test_bad_input_gets_its_located_message_and_writes_nothing(curate, override, column, words):
    before = snapshot(curate)
    at = open_workspace()
    _valid_event(at, **override)
    text = errors(at)
    lines = (curate / "events.csv").read_text(encoding="utf-8").splitlines()
    day = str(override.get("date", NEW_EVENT["date"]))
    line = next((n for n, row in enumerate(lines[1:], 2) if row.split(",")[1] > day), len(lines) + 1)  # at its date
    assert f"events.csv, line {line}, column '{column}'" in text and words in text, text
    save_button(at).click().run()  # refused with the same words, nothing written
    assert any(e.value.startswith("Not saved") and words in e.value.replace("\\", "") for e in at.error), errors(at)
    assert snapshot(curate) == before


def test_a_save_that_fails_half_way_changes_nothing(curate, monkeypatch):
    from components.curate import store

    before = snapshot(curate)
    at = open_workspace()
    _valid_event(at)
    calls = []

    def failing(src, dst):
        calls.append(dst)
        if len(calls) >= 3:  # the backups are in place, then the first data file fails
            raise OSError(28, "No space left on device")
        return os.rename(src, dst)

    monkeypatch.setattr(store.os, "replace", failing)
    save_button(at).click().run()
    assert not at.exception
    assert any("Not saved: the files could not be written (No space left on device)" in e.value.replace("\\", "")
               for e in at.error), [e.value for e in at.error]
    assert snapshot(curate) == before
    assert not list(curate.glob(".*.tmp"))


def test_file_changed_underneath_is_refused(curate):
    before = snapshot(curate)
    at = open_workspace()
    _valid_event(at)
    with open(curate / "events.csv", "ab") as fh:  # another curator's save
        fh.write(before["events.csv"].splitlines(keepends=True)[1].replace(b"fmm-2020-07-16", b"other-2020", 1))
    changed = snapshot(curate)
    save_button(at).click().run()
    assert any("events.csv was changed by someone else" in e.value.replace("\\", "") for e in at.error)
    assert snapshot(curate) == changed


def test_edit_a_mechanism_keeps_every_other_line(curate):
    before = (curate / "mechanisms.csv").read_bytes()
    at = open_workspace()
    at.selectbox(key="cc5c_table").set_value("mechanisms").run()
    at.radio(key="cc5c_mode").set_value("Edit a row").run()
    key = at.selectbox(key="cc5c_row|mechanisms").value
    prefix = f"cc5c|mechanisms|Edit a row|{key}|0"
    save_button(at).click().run()  # nothing changed yet: refused
    assert any("Not saved: nothing changed" in e.value for e in at.error)
    assert (curate / "mechanisms.csv").read_bytes() == before
    widget(at, f"{prefix}|notes").set_value("Checked again in the workspace.")
    at.run()
    assert not at.error, errors(at)
    save_button(at).click().run()
    after = (curate / "mechanisms.csv").read_bytes()
    old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old_lines) == len(new_lines)
    changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert len(changed) == 1 and b"Checked again in the workspace." in new_lines[changed[0]]
    assert f",mechanisms.csv,{key},revised,".encode() in (curate / "changes.csv").read_bytes()


@pytest.mark.parametrize("table", ["events", "sources", "commitments", "trade", "mechanisms"])
def test_every_form_field_round_trips_exactly_what_was_typed(curate, table):
    """Issue 22 items 3 and 9, as a class: whatever is typed into any field (a date that does
    not exist, more decimals than a spinner shows, an integer with a plus sign) is the draft's
    cell, character for character; the checks judge it, nothing converts it on the way."""
    at = open_workspace()
    at.selectbox(key="cc5c_table").set_value(table).run()
    prefix = f"cc5c|{table}|Add a row|None|0"
    typed: dict[str, object] = {}
    odd = ("2099-13-40", "41.299512345", "+7", "1e3", "x" * 90, "Line with  two spaces")
    for i, w in enumerate([*at.text_input, *at.text_area]):
        if w.key and w.key.startswith(prefix + "|"):
            typed[w.key.rsplit("|", 1)[1]] = odd[i % len(odd)]
    for s in at.selectbox:
        if s.key and s.key.startswith(prefix + "|") and len(s.options) > 1:
            typed[s.key.rsplit("|", 1)[1]] = s.options[-1]
    from components.curate import schema

    free = {f.name for f in schema.editable(curate)[table].fields if f.widget not in ("select", "multiselect")}
    assert free <= set(typed), f"fields not typed as text: {sorted(free - set(typed))}"  # dates, numbers too
    fill(at, prefix, typed)
    draft = at.session_state["cc5c_drafts"][prefix.removeprefix("cc5c|")][-1].as_dict()
    assert {k: draft[k] for k in typed} == typed
