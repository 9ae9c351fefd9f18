"""The workspace's writer and checks on a copy of data/: byte-identical other lines, atomic
saves that leave the files as they were on failure, the lock, the changed-underneath refusal,
and each kind of bad input with its located message."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from components.curate import candidate, csvtext, drafts, review, schema, store
from components.data.dataset import data_state, shared_dataset

DAY = "2026-11-25"
EVENT = {"id": "test-forum-2026-03-02", "date": "2026-03-02", "date_precision": "day",
         "title": "Test China-Central Asia forum", "category": "forum", "scope": "mechanism", "countries": "CHN;KAZ",
         "host_country": "KAZ", "city": "Astana", "lat": "51.1694", "lon": "71.4491",
         "summary": "A test forum, in our own words, with a comma.", "status": "single_source",
         "source_ids": "24kg-2025-04-26-fm6"}


def specs(folder: Path) -> dict[str, schema.ResourceSpec]:
    return schema.resource_specs(schema.read_descriptor(folder)[0] or {})


def event(folder: Path, **override: str) -> drafts.Draft:
    return drafts.make(specs(folder)["events"], {**EVENT, **override})


def next_line(folder: Path, day: str = EVENT["date"]) -> int:
    """The line an event of ``day`` lands on in the folder's events.csv (at its date; the data grows)."""
    text = (folder / "events.csv").read_text(encoding="utf-8")
    after = [n for n, line in enumerate(text.splitlines()[1:], 2) if line.split(",")[1] > day]
    return after[0] if after else len(text.splitlines()) + 1


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


def hashes(folder: Path, *names: str) -> dict[str, str]:
    return {n: store.file_hash(folder / n) for n in names}


# --------------------------------------------------------------------------- the text of a row


@pytest.mark.parametrize("terminator", ["\n", "\r\n"])
@pytest.mark.parametrize("quote_all", [False, True])
def test_append_and_replace_keep_every_other_line(terminator, quote_all):
    q = (lambda c: f'"{c}"') if quote_all else (lambda c: c)
    lines = [",".join(q(c) for c in ("id", "name", "note")),
             ",".join(q(c) for c in ("a", "Alpha", "x")),
             ",".join((q("b"), q("Beta"), '"two\nlines, quoted"')),
             ",".join(q(c) for c in ("c", "Gamma", ""))]
    text = terminator.join(lines) + terminator
    added = csvtext.with_row(text, {"id": "d", "name": "Delta, with comma", "note": ""})
    assert added.startswith(text)
    tail = added[len(text):]
    assert tail.endswith(terminator) and '"Delta, with comma"' in tail
    assert tail.startswith('"d"' if quote_all else "d,")
    replaced = csvtext.with_row(text, {"id": "b", "name": "Beta 2", "note": "one line"}, ("id",), "b")
    head = terminator.join(lines[:2]) + terminator
    assert replaced.startswith(head) and replaced.endswith(lines[3] + terminator)
    assert "Beta 2" in replaced and "two\nlines" not in replaced
    with pytest.raises(KeyError):
        csvtext.with_row(text, {"id": "z"}, ("id",), "z")


def test_a_file_without_final_newline_gets_one_before_the_new_row():
    assert csvtext.with_row("id,name\na,A", {"id": "b", "name": "B"}) == "id,name\na,A\nb,B\n"


def test_a_new_row_goes_to_its_date_in_a_dated_file_and_to_the_end_otherwise():
    text = 'id,date,note\r\na,2024-01-05,x\r\nb,2025-03-01,"two\r\nlines"\r\nc,2026-07-09,\r\n'
    lines = text.split("\r\n")
    added = csvtext.with_row(text, {"id": "n", "date": "2025-02-27", "note": ""})
    assert added == "\r\n".join([*lines[:2], "n,2025-02-27,", *lines[2:]])  # before b, every other byte kept
    same_day = csvtext.with_row(text, {"id": "n", "date": "2025-03-01", "note": ""})
    assert same_day.index("n,2025-03-01") > same_day.index("b,2025-03-01")  # after the rows of its own day
    assert csvtext.with_row(text, {"id": "n", "date": "2027-01-01"}).endswith("c,2026-07-09,\r\nn,2027-01-01,\r\n")
    assert csvtext.with_row(text, {"id": "n", "date": "2019-12-31"}).startswith("id,date,note\r\nn,2019-12-31,\r\n")
    unordered = "id,date\na,2025-01-01\nb,2024-01-01\n"  # not kept in date order: the row is appended
    assert csvtext.with_row(unordered, {"id": "n", "date": "2024-06-01"}) == unordered + "n,2024-06-01\n"
    by_year = "year,partner,value\n2023,KAZ,1\n2024,KAZ,2\n"
    assert csvtext.with_row(by_year, {"year": "2023", "partner": "UZB", "value": "3"}).splitlines()[2] == "2023,UZB,3"


# --------------------------------------------------------------------------- saving


def test_save_appends_rows_keeps_backups_and_logs_the_change(data_copy: Path):
    before = snapshot(data_copy)
    d = event(data_copy)
    at = next_line(data_copy) - 1  # events.csv is in date order: the row goes to its date, every other line kept
    written = store.save(data_copy, [d], hashes(data_copy, "events.csv"), DAY)
    assert written == ["changes.csv", "events.csv"]
    after = snapshot(data_copy)
    for name in written:
        assert after[f"{name}.bak"] == before[name]
    assert after["changes.csv"].startswith(before["changes.csv"])  # the log is appended to
    line = (b"test-forum-2026-03-02,2026-03-02,day,,Test China-Central Asia forum,forum,mechanism,CHN;KAZ,KAZ,Astana,"
            b'51.1694,71.4491,,,"A test forum, in our own words, with a comma.",single_source,,24kg-2025-04-26-fm6\n')
    old_lines, new_lines = before["events.csv"].splitlines(keepends=True), after["events.csv"].splitlines(keepends=True)
    assert new_lines == [*old_lines[:at], line, *old_lines[at:]]
    assert 2 < at + 1 < len(new_lines), "the test event falls between the file's dated rows"
    assert after["changes.csv"][len(before["changes.csv"]):].decode() == (
        f"{DAY},events.csv,test-forum-2026-03-02,added,Added event 'Test China-Central Asia forum' in the "
        "curator's workspace.,24kg-2025-04-26-fm6\n")
    assert {k: v for k, v in after.items() if k not in (*written, "events.csv.bak", "changes.csv.bak")} == {
        k: v for k, v in before.items() if k not in written}
    assert not list(data_copy.glob(".*.tmp"))


@pytest.mark.parametrize("mode", [0o644, 0o664, 0o640])
def test_a_save_keeps_each_files_mode(data_copy: Path, mode: int):
    """Issue 22 item 8: mkstemp's temporary files are 0600; the saved files keep their own mode,
    and the backups get the mode of the file they back up."""
    for name in ("events.csv", "changes.csv"):
        os.chmod(data_copy / name, mode)
    (data_copy / "events.csv.bak").unlink(missing_ok=True)
    written = store.save(data_copy, [event(data_copy)], hashes(data_copy, "events.csv"), DAY)
    for name in written:
        for path in (data_copy / name, data_copy / f"{name}.bak"):
            assert oct(path.stat().st_mode & 0o777) == oct(mode), path.name


def test_the_dashboard_sees_a_save_without_restart(data_copy: Path):
    ds = shared_dataset(data_copy)
    assert "test-forum-2026-03-02" not in set(ds["events"]["id"])
    key = data_state(data_copy)
    store.save(data_copy, [event(data_copy)], {}, DAY)
    assert data_state(data_copy) != key
    assert "test-forum-2026-03-02" in set(shared_dataset(data_copy)["events"]["id"])


@pytest.mark.parametrize("fail_at", [1, 2, 3, 4])
def test_a_save_failing_half_way_leaves_every_file_as_it_was(data_copy: Path, monkeypatch, fail_at):
    before = snapshot(data_copy)
    calls: list[str] = []
    real = os.replace

    def replace(src, dst):
        calls.append(str(dst))
        if len(calls) == fail_at:
            raise OSError(5, "Input/output error")
        return real(src, dst)

    monkeypatch.setattr(store.os, "replace", replace)
    with pytest.raises(store.SaveError, match="could not be written \\(Input/output error\\); nothing was changed"):
        store.save(data_copy, [event(data_copy)], {}, DAY)
    after = snapshot(data_copy)
    assert {k: v for k, v in after.items() if not k.endswith(".bak")} == before
    assert not list(data_copy.glob(".*.tmp"))


def test_a_failing_write_leaves_every_file_as_it_was(data_copy: Path, monkeypatch):
    before = snapshot(data_copy)

    def no_space(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "_write_beside", no_space)
    with pytest.raises(store.SaveError, match="No space left on device"):
        store.save(data_copy, [event(data_copy)], {}, DAY)
    assert snapshot(data_copy) == before


def test_a_file_changed_underneath_is_not_overwritten(data_copy: Path):
    opened = hashes(data_copy, "events.csv")
    with open(data_copy / "events.csv", "a", encoding="utf-8") as fh:
        fh.write("\n")
    changed = snapshot(data_copy)
    with pytest.raises(store.ChangedUnderneath, match="events.csv was changed by someone else"):
        store.save(data_copy, [event(data_copy)], opened, DAY)
    assert snapshot(data_copy) == changed


def test_two_saves_do_not_interleave(data_copy: Path):
    done: list[str] = []
    with store.locked(data_copy):
        t = threading.Thread(target=lambda: done.append(str(store.save(data_copy, [event(data_copy)], {}, DAY))))
        t.start()
        time.sleep(0.5)
        assert not done  # waiting for the lock
    t.join(30)
    assert done
    second = event(data_copy, id="test-forum-2026-03-03")
    store.save(data_copy, [second], {}, DAY)
    text = (data_copy / "events.csv").read_text(encoding="utf-8")
    assert text.count("test-forum-2026-03-02,") == 1 and text.count("test-forum-2026-03-03,") == 1


# --------------------------------------------------------------------------- checks


@pytest.mark.parametrize(
    ("override", "located"),
    [
        ({"summary": ""}, "events.csv, line {line}, column 'summary': this cell is empty but a value is required."),
        ({"date": "2023-02-30"}, "events.csv, line {line}, column 'date': '2023-02-30' is not a valid date "
                                 "(expected YYYY-MM-DD, e.g. 2025-06-17)."),
        ({"countries": "CHN;XXX"}, "events.csv, line {line}, column 'countries': 'CHN;XXX' does not have the expected "
                                   "form (ISO3 codes of the six countries"),
        ({"source_ids": "no-such-source"}, "events.csv, line {line}, column 'source_ids': 'no-such-source' not found "
                                          "in sources.csv (column 'id')."),
        ({"id": "fmm-2020-07-16"}, "events.csv, line {line}, column 'id': duplicate id 'fmm-2020-07-16': an earlier "
                                   "row on line 2 has the same id."),
        ({"category": "party"}, "events.csv, line {line}, column 'category': 'party' is not an allowed value; "
                                "allowed: summit,"),
        ({"title": "<script>alert(1)</script>"}, "events.csv, line {line}, column 'title': '<script>alert(1)</script>' "
                                                 "must be plain text (no Markdown or HTML)"),
        ({"summary": "[x](http://example.org)"}, "events.csv, line {line}, column 'summary': '[x](http://example.org)' "
                                                 "must be plain text"),
        ({"mechanism_id": "nope"}, "events.csv, line {line}, column 'mechanism_id': reference not found"),
    ],
)
def test_each_bad_input_gets_its_located_message_and_writes_nothing(data_copy: Path, override, located):
    before = snapshot(data_copy)
    checked = candidate.check(data_copy, [event(data_copy, **override)], specs(data_copy), DAY)
    words = [candidate.wording(p) for p in checked.errors]
    located = located.format(line=next_line(data_copy, override.get("date", EVENT["date"])))
    assert any(w.startswith(located) for w in words), words
    assert snapshot(data_copy) == before


def test_a_good_event_passes_and_its_candidate_dataset_holds_it(data_copy: Path):
    checked = candidate.check(data_copy, [event(data_copy)], specs(data_copy), DAY)
    assert not checked.errors, [str(p) for p in checked.errors]
    assert "test-forum-2026-03-02" in set(checked.dataset["events"]["id"])


def test_review_outside_git_says_so_and_zips_the_files(data_copy: Path):
    import io
    import zipfile

    assert review.git_changes(data_copy) is None
    blob = review.zip_files(data_copy, ["events.csv", "changes.csv"])
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        assert sorted(zf.namelist()) == ["changes.csv", "events.csv"]
        assert zf.read("events.csv") == (data_copy / "events.csv").read_bytes()


def test_review_in_a_git_work_tree_gives_status_and_patch(data_copy: Path):
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(data_copy), *args], check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "data")
    store.save(data_copy, [event(data_copy)], {}, DAY)
    changes = review.git_changes(data_copy)
    assert changes is not None
    assert " M events.csv" in changes.status and " M changes.csv" in changes.status
    assert "+test-forum-2026-03-02,2026-03-02" in changes.patch and "events.csv" in changes.stat
