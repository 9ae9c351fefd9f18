"""Mutation suite: each kind of damage to a copy of the real data/ gives a located, plain problem,
never an exception, and the pages the damage does not touch keep working.

For every damage:
- ``load_dataset`` returns problem(s) naming the file (and, for damage to a row, its line and column);
- through AppTest, a page that uses the file runs without exception and shows a notice naming it;
- a page that does not use it still shows everything (every event plotted, every source listed, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from robust_helpers import (
    DATA,
    cell,
    copy_data,
    curated_count,
    curated_event_ids,
    data_notices,
    exceptions,
    first_row,
    page_text,
    read_rows,
    row_lines,
    run_page,
    set_cell,
    switch,
    timeline_ids,
    write_rows,
)

from components.data.dataset import load_dataset
from testsupport.plots import chart_elements

# --------------------------------------------------------------------------- what a damage is


@dataclass
class Hit:
    """Where the damage is: the file line (None for the whole file) and, for events, the row dropped."""

    line: int | None = None
    event_id: str | None = None


@dataclass(frozen=True)
class Damage:
    name: str
    file: str  # the file a problem must name
    apply: Callable[[Path], Hit]
    rules: tuple[str, ...]  # the problem's rule is one of these
    column: str | None = None  # for damage to a row: the column the problem names
    severity: str = "error"
    affected: str = "timeline"  # a page that uses the file: must name it
    intact: str = "sources"  # a page that does not: must show everything
    bug_load: str | None = None  # known bug: reason for a strict xfail of the data-layer test
    bug_pages: str | None = None  # known bug: reason for a strict xfail of the page test
    extra: dict[str, str] = field(default_factory=dict)


def _event_row(data: Path, index: int = 4) -> tuple[Path, str]:
    p = data / "events.csv"
    return p, cell(p, index, "id")


def _events_cell(column: str, value: str, index: int = 4) -> Callable[[Path], Hit]:
    def apply(data: Path) -> Hit:
        p, eid = _event_row(data, index)
        return Hit(set_cell(p, index, column, value), eid)

    return apply


def _cell(fname: str, column: str, value: str, index: int = 2) -> Callable[[Path], Hit]:
    def apply(data: Path) -> Hit:
        return Hit(set_cell(data / fname, index, column, value))

    return apply


def _drop_column(fname: str, column: str) -> Callable[[Path], Hit]:
    def apply(data: Path) -> Hit:
        header, rows = read_rows(data / fname)
        i = header.index(column)
        write_rows(data / fname, header[:i] + header[i + 1 :], [r[:i] + r[i + 1 :] for r in rows])
        return Hit(1)

    return apply


def _rename_column(fname: str, old: str, new: str) -> Callable[[Path], Hit]:
    def apply(data: Path) -> Hit:
        header, rows = read_rows(data / fname)
        header[header.index(old)] = new
        write_rows(data / fname, header, rows)
        return Hit(1)

    return apply


def _reorder(fname: str) -> Callable[[Path], Hit]:
    def apply(data: Path) -> Hit:
        header, rows = read_rows(data / fname)
        write_rows(data / fname, list(reversed(header)), [list(reversed(r)) for r in rows])
        return Hit(1)

    return apply


def _extra_column(fname: str) -> Callable[[Path], Hit]:
    def apply(data: Path) -> Hit:
        header, rows = read_rows(data / fname)
        write_rows(data / fname, [*header, "colour"], [[*r, "red"] for r in rows])
        return Hit(1)

    return apply


def _duplicate_header(fname: str, column: str) -> Callable[[Path], Hit]:
    def apply(data: Path) -> Hit:
        header, rows = read_rows(data / fname)
        i = header.index(column)
        write_rows(data / fname, [*header, column], [[*r, r[i]] for r in rows])
        return Hit(1)

    return apply


def _duplicate_id(fname: str) -> Callable[[Path], Hit]:
    def apply(data: Path) -> Hit:
        header, rows = read_rows(data / fname)
        copy = list(rows[0])
        copy[header.index("title")] = "A second row with the first row's id"
        write_rows(data / fname, header, [*rows, copy])
        return Hit(row_lines(data / fname)[-1])

    return apply


def _dangling_sources(data: Path) -> Hit:
    p, eid = _event_row(data)
    return Hit(set_cell(p, 4, "source_ids", cell(p, 4, "source_ids") + ";no-such-source-2024"), eid)


def _dangling_mechanism(data: Path) -> Hit:
    p = data / "events.csv"
    i = first_row(p, "mechanism_id", bool)
    return Hit(set_cell(p, i, "mechanism_id", "no_such_mechanism"), cell(p, i, "id"))


def _latin1(data: Path) -> Hit:
    p, eid = _event_row(data)
    set_cell(p, 4, "summary", "Met at the Almaty café for talks.")
    raw = p.read_bytes()
    word = "café"
    pos = raw.index(word.encode("utf-8"))
    p.write_bytes(raw.replace(word.encode("utf-8"), word.encode("latin-1")))
    return Hit(raw[:pos].count(b"\n") + 1)


def _utf16(fname: str) -> Callable[[Path], Hit]:
    def apply(data: Path) -> Hit:
        p = data / fname
        p.write_bytes(p.read_text(encoding="utf-8").encode("utf-16"))
        return Hit(1)

    return apply


def _unbalanced_quote(data: Path) -> Hit:
    p, eid = _event_row(data)
    line = set_cell(p, 4, "title", "QQQ")
    p.write_text(p.read_text(encoding="utf-8").replace(",QQQ,", ',"Unclosed title,', 1), encoding="utf-8")
    return Hit(line)


def _write(fname: str, content: bytes) -> Callable[[Path], Hit]:
    def apply(data: Path) -> Hit:
        (data / fname).write_bytes(content)
        return Hit()

    return apply


def _remove(fname: str) -> Callable[[Path], Hit]:
    def apply(data: Path) -> Hit:
        (data / fname).unlink()
        return Hit()

    return apply


def _header_only(fname: str) -> Callable[[Path], Hit]:
    def apply(data: Path) -> Hit:
        header, _ = read_rows(data / fname)
        write_rows(data / fname, header, [])
        return Hit()

    return apply


def _bom(fname: str) -> Callable[[Path], Hit]:
    def apply(data: Path) -> Hit:
        p = data / fname
        p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
        return Hit(1)

    return apply


def _ragged(fname: str, index: int, delta: int) -> Callable[[Path], Hit]:
    def apply(data: Path) -> Hit:
        header, rows = read_rows(data / fname)
        rows[index] = [*rows[index], "surplus"] if delta > 0 else rows[index][:-1]
        write_rows(data / fname, header, rows)
        return Hit(row_lines(data / fname)[index])

    return apply



DAMAGES: list[Damage] = [
    Damage("drop-required-column", "events.csv", _drop_column("events.csv", "title"), ("missing-column",),
           column="title", affected="timeline", intact="sources"),
    Damage("drop-optional-column", "events.csv", _drop_column("events.csv", "status_note"), ("missing-column",),
           column="status_note", severity="warning", affected="timeline", intact="timeline"),
    Damage("rename-column", "trade.csv", _rename_column("trade.csv", "value", "amount"), ("missing-column",),
           column="value", affected="map", intact="timeline"),
    Damage("reorder-columns", "mechanisms.csv", _reorder("mechanisms.csv"), ("column-order",),
           severity="warning", affected="mechanisms", intact="mechanisms"),
    Damage("date-day-first", "events.csv", _events_cell("date", "17/06/2025"), ("type",), column="date"),
    Damage("date-month-13", "institutions.csv", _cell("institutions.csv", "opened", "2025-13-01", 1), ("type",),
           column="opened", affected="map", intact="timeline"),
    Damage("date-required-empty", "events.csv", _events_cell("date", ""), ("required",), column="date"),
    Damage("duplicate-id", "commitments.csv", _duplicate_id("commitments.csv"), ("duplicate-id",),
           affected="directions", intact="timeline"),
    Damage("dangling-source-ids", "events.csv", _dangling_sources, ("foreign-key",), column="source_ids"),
    Damage("dangling-mechanism-id", "events.csv", _dangling_mechanism, ("foreign-key",), column="mechanism_id",
           affected="mechanisms"),
    Damage("dangling-event-id", "commitments.csv", _cell("commitments.csv", "event_id", "no-such-event", 3),
           ("foreign-key",), column="event_id", affected="directions", intact="timeline"),
    Damage("dangling-direction-ids", "events.csv", _events_cell("direction_ids", "trade;space-race"),
           ("pattern", "foreign-key"), column="direction_ids"),
    Damage("number-as-text", "trade.csv", _cell("trade.csv", "value", "twelve", 3), ("type",), column="value",
           affected="countries", intact="timeline"),
    Damage("number-out-of-range", "trade.csv", _cell("trade.csv", "year", "2031", 3), ("maximum",), column="year",
           affected="overview", intact="timeline"),
    Damage("enum-unknown", "events.csv", _events_cell("category", "party"), ("enum",), column="category"),
    Damage("country-code-unknown", "events.csv", _events_cell("countries", "CHN;XYZ"), ("pattern", "foreign-key"),
           column="countries"),
    Damage("host-country-unknown", "events.csv", _events_cell("host_country", "FRA"), ("enum",),
           column="host_country"),
    Damage("encoding-latin1-bytes", "events.csv", _latin1, ("encoding",)),
    Damage("encoding-utf16", "trade.csv", _utf16("trade.csv"), ("encoding",), affected="overview", intact="timeline"),
    Damage("quote-unbalanced", "events.csv", _unbalanced_quote, ("csv-syntax",)),
    Damage("file-empty", "projects.csv", _write("projects.csv", b""), ("empty-file",), affected="map",
           intact="timeline"),
    Damage("file-blank-lines", "projects.csv", _write("projects.csv", b"\n  \n"), ("empty-file",),
           affected="directions", intact="timeline"),
    Damage("file-missing", "institutions.csv", _remove("institutions.csv"), ("missing-file",), affected="map",
           intact="timeline"),
    Damage("header-only", "figures.csv", _header_only("figures.csv"), ("empty-file", "no-rows"),
           affected="mechanisms", intact="timeline"),
    Damage("bom", "countries.csv", _bom("countries.csv"), ("bom",), severity="warning", affected="countries",
           intact="timeline"),
    Damage("extra-column", "projects.csv", _extra_column("projects.csv"), ("extra-column",), column="colour",
           severity="warning", affected="map", intact="timeline"),
    Damage("duplicate-header", "directions.csv", _duplicate_header("directions.csv", "name"), ("header",),
           affected="directions", intact="timeline"),
    Damage("ragged-row-long", "trade.csv", _ragged("trade.csv", 5, +1), ("cell-count",), affected="countries",
           intact="timeline"),
    Damage("ragged-row-short", "mechanisms.csv", _ragged("mechanisms.csv", 2, -1), ("cell-count",),
           affected="mechanisms", intact="sources"),
    Damage("datapackage-missing", "datapackage.json", _remove("datapackage.json"), ("missing-file",),
           affected="overview", intact="none"),
    Damage("datapackage-invalid-json", "datapackage.json", _write("datapackage.json", b'{"resources": [{"name": '),
           ("invalid-json",), affected="timeline", intact="none"),
    Damage("datapackage-not-a-package", "datapackage.json", _write("datapackage.json", b"[1, 2, 3]"),
           ("invalid-json",), affected="map", intact="none"),
]

assert len({d.name for d in DAMAGES}) == len(DAMAGES)


def _params(bug_attr: str) -> list[object]:
    out = []
    for d in DAMAGES:
        reason = getattr(d, bug_attr)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(d, id=d.name, marks=marks))
    return out


def test_at_least_twenty_kinds_of_damage():
    assert len(DAMAGES) >= 20


# --------------------------------------------------------------------------- the data layer


@pytest.mark.parametrize("damage", _params("bug_load"))
def test_load_dataset_names_the_damage(tmp_path, damage):
    data = copy_data(tmp_path)
    hit = damage.apply(data)
    ds = load_dataset(data)  # never raises
    named = [p for p in ds.problems if p.file == damage.file]
    assert named, f"no problem names {damage.file}: {[str(p) for p in ds.problems]}"
    match = [p for p in named if p.rule in damage.rules]
    assert match, f"expected a {damage.rules} problem, got {[(p.rule, str(p)) for p in named]}"
    p = match[0]
    assert p.severity == damage.severity, str(p)
    assert damage.file in str(p)
    if hit.line is not None:
        assert p.line == hit.line, f"expected line {hit.line}: {p}"
        assert f"line {hit.line}" in str(p)
    if damage.column is not None:
        assert p.column == damage.column, str(p)
        assert f"column '{damage.column}'" in str(p)
    # a damaged row is left out and nothing else in the file is lost
    if hit.event_id is not None and damage.severity == "error":
        ids = set(ds["events"]["id"])
        header, rows = read_rows(DATA / "events.csv")
        assert ids == {r[0] for r in rows} - {hit.event_id}


# --------------------------------------------------------------------------- the pages


def _check_intact(at, page: str) -> None:
    assert not at.exception, exceptions(at)
    if page == "timeline":
        assert timeline_ids(at) == curated_event_ids(), "the timeline no longer plots every event"
    elif page == "sources":
        assert len(at.dataframe[0].value) == curated_count("sources.csv"), "the sources register lost rows"
    elif page == "mechanisms":
        assert len(at.dataframe[0].value) == curated_count("mechanisms.csv"), "the mechanisms table lost rows"
    elif page == "none":
        # without datapackage.json nothing can be checked: every page says so, none shows facts
        assert "datapackage.json" in " ".join(e.value for e in at.error)
        assert not chart_elements(at) and not at.get("deck_gl_json_chart")
    else:  # pragma: no cover - the table above lists every page used
        raise AssertionError(page)


@pytest.mark.parametrize("damage", _params("bug_pages"))
def test_pages_under_damage(tmp_path, damage):
    data = copy_data(tmp_path)
    hit = damage.apply(data)
    at = run_page(damage.affected, data)
    assert not at.exception, exceptions(at)
    notices = data_notices(at)
    bodies = "\n".join(body for _, body in notices)
    assert damage.file in bodies, (
        f"the {damage.affected} page does not name {damage.file}; it shows: {page_text(at)[:600]}"
    )
    if hit.line is not None and hit.line > 1:
        assert f"{damage.file}, line {hit.line}" in bodies
    if damage.severity == "error" and damage.file != "datapackage.json":
        # the sidebar counts the problems too
        assert any("problem(s) in the data files" in w.value for w in at.sidebar.warning)
    if hit.event_id is not None and damage.affected == "timeline" and damage.severity == "error":
        assert timeline_ids(at) == curated_event_ids() - {hit.event_id}
    if damage.intact != "none":
        switch(at, damage.intact, data)
    _check_intact(at, damage.intact)
