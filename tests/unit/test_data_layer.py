"""The data layer: the real data passes, and every kind of damage gives a located, plain message."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from components.data.dataset import COUNTRY_CODES, Problem, load_dataset, split_list


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    return rows[0], rows[1:]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _set_cell(path: Path, row: int, column: str, value: str) -> str:
    header, rows = _rows(path)
    i = header.index(column)
    rows[row][i] = value
    _write(path, header, rows)
    return rows[row][header.index(header[0])]


def _only(problems: list[Problem], rule: str) -> list[Problem]:
    return [p for p in problems if p.rule == rule]


# ---------------------------------------------------------------- the real data


def test_real_data_has_no_problem():
    ds = load_dataset()
    assert [str(p) for p in ds.problems] == []


def test_real_data_row_counts():
    ds = load_dataset()
    assert len(ds["events"]) > 40
    assert sorted(ds["countries"]["iso3"]) == list(COUNTRY_CODES)
    assert sorted(ds["directions"]["id"]) == sorted(
        ["trade", "investment", "connectivity", "minerals", "agriculture", "people"]
    )
    for name in ("mechanisms", "commitments", "institutions", "projects", "trade", "figures", "sources"):
        assert len(ds[name]) > 0, name


def test_every_row_has_a_source_that_resolves():
    ds = load_dataset()
    known = set(ds["sources"]["id"])
    for name, frame in ds.tables.items():
        if "source_ids" not in frame.columns:
            continue
        for ids in frame["source_ids"]:
            assert ids, f"{name}: a row without source"
            assert set(ids) <= known, f"{name}: {set(ids) - known}"


def test_every_source_has_publisher_title_and_kind():
    src = load_dataset()["sources"]
    assert src["publisher"].notna().all() and src["title"].notna().all()
    for url in src["url"].dropna():
        assert url.startswith(("http://", "https://"))


def test_a_relay_is_cited_with_whose_text_it_carries():
    """Every citation line (hover labels, tables, the map's tips) names, for a relay, the original
    whose text it carries; an original is named alone; in Chinese and Russian too."""
    from components.data import i18n
    from components.data.dataset import source_lookup
    from components.data.sourcing import sources_text

    src = source_lookup(load_dataset())
    relay = next(s for s in src.values() if s["role"] == "relay" and s["relays"] == "Xinhua"
                 and "Xinhua" not in s["publisher"])
    named = next(s for s in src.values() if s["role"] == "relay" and s["publisher"] == "People's Daily Online (Xinhua)")
    assert sources_text((named["id"],), src) == f"People's Daily Online (Xinhua), {str(named['published'])[:10]}"
    original = next(s for s in src.values() if s["role"] == "original")
    line = sources_text((relay["id"], original["id"]), src)
    day = str(relay["published"])[:10]
    assert line.startswith(f"{relay['publisher']}, {day}, relaying Xinhua; "), line
    assert line.endswith(f"{original['publisher']}, {str(original['published'])[:10]}"), line
    with i18n.using("zh"):
        assert "，转载自Xinhua" in sources_text((relay["id"],), src)
    with i18n.using("ru"):
        assert ", со ссылкой на Xinhua" in sources_text((relay["id"],), src)


def test_a_long_citation_line_ends_with_whole_citations_and_a_count():
    """The map's city tips cite at most ~300 characters: whole citations, then 'and N more'; never
    one cut in the middle (a publisher's name half-written reads as another publisher)."""
    from components.data.dataset import source_lookup
    from components.data.sourcing import sources_text

    src = source_lookup(load_dataset())
    ids = tuple(src)[:40]
    whole = sources_text(ids, src).split("; ")
    short = sources_text(ids, src, limit=300)
    kept, more = short.rsplit("; ", 1)
    assert len(short) <= 300 + 20 and more == f"and {len(whole) - len(kept.split('; '))} more", short
    assert kept.split("; ") == whole[: len(kept.split("; "))]
    assert sources_text(ids[:1], src, limit=10) == sources_text(ids[:1], src), "one citation is never cut"


def test_every_mechanism_meeting_is_an_event():
    ds = load_dataset()
    ev = ds["events"]
    for row in ds["mechanisms"].itertuples():
        meetings = ev[ev["mechanism_id"] == row.id]
        if not meetings.empty and row.first_meeting_date is not None and str(row.first_meeting_date) != "NaT":
            assert meetings["date"].min() == row.first_meeting_date, row.id


def test_dates_are_typed_and_in_range():
    ev = load_dataset()["events"]
    assert str(ev["date"].dtype).startswith("datetime64")
    assert ev["date"].min().year >= 2020 or ev["category"].eq("project_milestone").any()
    assert ev["date"].max().year <= 2027


def test_split_list():
    assert split_list("KAZ;UZB") == ("KAZ", "UZB")
    assert split_list("") == ()
    assert split_list(None) == ()


# ---------------------------------------------------------------- damage


def test_missing_file(data_copy):
    (data_copy / "trade.csv").unlink()
    ds = load_dataset(data_copy)
    [p] = _only(ds.problems, "missing-file")
    assert p.file == "trade.csv" and "missing" in str(p)
    assert ds["trade"].empty and list(ds["trade"].columns)[:3] == ["year", "partner", "flow"]
    assert len(ds["events"]) > 40  # the rest keeps working


def test_missing_datapackage(data_copy):
    (data_copy / "datapackage.json").unlink()
    ds = load_dataset(data_copy)
    assert ds.tables == {}
    assert "datapackage.json" in str(ds.problems[0])


def test_missing_required_column(data_copy):
    header, rows = _rows(data_copy / "events.csv")
    i = header.index("date")
    _write(data_copy / "events.csv", header[:i] + header[i + 1 :], [r[:i] + r[i + 1 :] for r in rows])
    ds = load_dataset(data_copy)
    [p] = _only(ds.problems, "missing-column")
    assert (p.file, p.line, p.column) == ("events.csv", 1, "date")
    assert "required column" in p.message
    assert ds["events"].empty and not ds["countries"].empty


def test_bad_date(data_copy):
    _set_cell(data_copy / "events.csv", 2, "date", "2023-02-30")
    ds = load_dataset(data_copy)
    [p] = _only(ds.problems, "type")
    assert (p.file, p.line, p.column) == ("events.csv", 4, "date")
    assert "'2023-02-30' is not a valid date" in p.message
    assert str(p).startswith("events.csv, line 4, column 'date':")


def test_unknown_country_code(data_copy):
    _set_cell(data_copy / "events.csv", 0, "countries", "CHN;KAZ;XXX")
    ds = load_dataset(data_copy)
    [p] = [p for p in ds.problems if p.column == "countries"]
    assert p.line == 2 and "CHN;KAZ;XXX" in p.message


def test_duplicate_id(data_copy):
    header, rows = _rows(data_copy / "events.csv")
    _write(data_copy / "events.csv", header, rows + [rows[0]])
    ds = load_dataset(data_copy)
    [p] = _only(ds.problems, "duplicate-id")
    assert p.file == "events.csv" and p.line == len(rows) + 2
    assert p.column == "id" and f"duplicate id '{rows[0][0]}': an earlier row on line 2 has the same id" in p.message
    assert "position" not in p.message
    assert len(ds["events"]) == len(rows)


def test_a_fact_citing_a_rejected_source_says_so(data_copy):
    """The source row exists but was rejected: the message says so and where, not 'not found'."""
    header, rows = _rows(data_copy / "sources.csv")
    ev_header, ev_rows = _rows(data_copy / "events.csv")
    cited = ev_rows[0][ev_header.index("source_ids")].split(";")[0]
    idx = next(i for i, r in enumerate(rows) if r[0] == cited)
    rows[idx][header.index("url")] = "not an address"
    _write(data_copy / "sources.csv", header, rows)
    ds = load_dataset(data_copy)
    msgs = [p.message for p in ds.problems if p.file == "events.csv" and p.rule == "foreign-key"]
    assert msgs and all("not found" not in m for m in msgs if repr(cited) in m)
    assert any(f"{cited!r} (line {idx + 2}) in sources.csv was rejected" in m for m in msgs), msgs


def test_dangling_source_id(data_copy):
    _set_cell(data_copy / "events.csv", 1, "source_ids", "no-such-source")
    ds = load_dataset(data_copy)
    [p] = _only(ds.problems, "foreign-key")
    assert (p.file, p.line, p.column) == ("events.csv", 3, "source_ids")
    assert "'no-such-source' not found in sources.csv" in p.message


def test_dangling_mechanism(data_copy):
    _set_cell(data_copy / "events.csv", 0, "mechanism_id", "nosuch")
    ds = load_dataset(data_copy)
    [p] = _only(ds.problems, "foreign-key")
    assert (p.line, p.column) == (2, "mechanism_id")


def test_value_outside_enum(data_copy):
    _set_cell(data_copy / "events.csv", 0, "status", "rumoured")
    ds = load_dataset(data_copy)
    [p] = _only(ds.problems, "enum")
    assert (p.line, p.column) == (2, "status")
    assert "'rumoured' is not an allowed value" in p.message and "confirmed" in p.message


def test_number_as_text(data_copy):
    _set_cell(data_copy / "trade.csv", 0, "value", "about 40")
    ds = load_dataset(data_copy)
    [p] = _only(ds.problems, "type")
    assert (p.file, p.line, p.column) == ("trade.csv", 2, "value")


def test_non_utf8_bytes(data_copy):
    path = data_copy / "countries.csv"
    path.write_bytes(path.read_bytes().replace(b"Kazakhstan", "Kazakhst\xe1n".encode("latin-1"), 1))
    ds = load_dataset(data_copy)
    [p] = _only(ds.problems, "encoding")
    assert p.file == "countries.csv" and p.line and "not valid UTF-8" in p.message
    assert ds["countries"].empty and not ds["events"].empty


def test_empty_file(data_copy):
    (data_copy / "figures.csv").write_text("", encoding="utf-8")
    ds = load_dataset(data_copy)
    [p] = _only(ds.problems, "empty-file")
    assert p.file == "figures.csv" and "empty" in p.message


def test_header_only_file(data_copy):
    path = data_copy / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    ds = load_dataset(data_copy)
    [p] = _only(ds.problems, "no-rows")
    assert (p.file, p.line) == ("figures.csv", 1) and "no data rows" in p.message
    assert ds["figures"].empty and not ds["events"].empty


def test_unbalanced_quote(data_copy):
    path = data_copy / "directions.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",", ',"', 1), encoding="utf-8")
    ds = load_dataset(data_copy)
    assert [p.file for p in _only(ds.problems, "csv-syntax")] == ["directions.csv"]


def test_bom_is_a_warning_and_the_file_is_used(data_copy):
    path = data_copy / "countries.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    ds = load_dataset(data_copy)
    [p] = _only(ds.problems, "bom")
    assert p.severity == "warning" and len(ds["countries"]) == 6


def test_reordered_and_extra_columns(data_copy):
    header, rows = _rows(data_copy / "countries.csv")
    _write(data_copy / "countries.csv", list(reversed(header)) + ["extra"], [list(reversed(r)) + ["x"] for r in rows])
    ds = load_dataset(data_copy)
    assert {p.rule for p in ds.problems} == {"column-order", "extra-column"}
    assert all(p.severity == "warning" for p in ds.problems)
    assert list(ds["countries"]["iso3"]) == [r[header.index("iso3")] for r in rows]


@pytest.mark.parametrize("damage", ["missing", "empty", "bad-date", "dangling", "garbage"])
def test_validate_command_reports_and_exits_nonzero(data_copy, damage, capsys):
    from components.data.validate import main

    ev = data_copy / "events.csv"
    if damage == "missing":
        ev.unlink()
    elif damage == "empty":
        ev.write_text("")
    elif damage == "bad-date":
        _set_cell(ev, 0, "date", "17/06/2025")
    elif damage == "dangling":
        _set_cell(ev, 0, "source_ids", "ghost")
    else:
        ev.write_bytes(b"\x00\xff\xfe garbage")
    assert main([str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert "ERROR: events.csv" in out and "Traceback" not in out


def test_validate_command_ok_on_real_data(capsys):
    from components.data.validate import main

    assert main([]) == 0
    assert "OK: 0 error(s)" in capsys.readouterr().out


def test_validate_command_checks_the_folder_the_app_reads(data_copy, capsys, monkeypatch):
    """CC5_DATA_DIR=<folder> make validate checks that folder, not the repository's data/."""
    from components.data.validate import main

    _set_cell(data_copy / "events.csv", 0, "date", "17/06/2025")
    monkeypatch.setenv("CC5_DATA_DIR", str(data_copy))
    assert main([]) == 1
    out = capsys.readouterr().out
    assert f"Checking {data_copy}" in out and "ERROR: events.csv" in out


@pytest.mark.parametrize(
    "field,value",
    [
        ("reviewed", "![x](http://example.org/p.png)"),
        ("reviewed", "2026-13-45"),
        ("latestItem", "2026-02-30"),
        ("title", "Data <img src=http://example.org/p.png>"),
        ("licence", "CC BY [click](javascript:alert(1))"),
    ],
)
def test_package_fields_shown_to_users_are_validated(data_copy, field, value):
    """A field of datapackage.json that users see is checked like a CSV cell, and never shown if it fails."""
    path = data_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    if field == "licence":
        package["licenses"][0]["name"] = value
    else:
        package[field] = value
    path.write_text(json.dumps(package), encoding="utf-8")
    ds = load_dataset(data_copy)
    bad = [p for p in ds.problems if p.file == "datapackage.json"]
    assert len(bad) == 1 and bad[0].severity == "error", ds.problems
    shown = json.dumps({k: v for k, v in ds.meta.items() if k != "resources"}) + ds.reviewed
    assert value not in shown
    assert ds.tables and not ds["events"].empty, "the rest keeps working"
