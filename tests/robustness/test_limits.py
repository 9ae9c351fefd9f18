"""Every limit datapackage.json sets is enforced twice: when the curator's workspace saves a row
and when the data is loaded (issue 22 item 4: a 140 KB summary passed the workspace's checks, then
loaded as 0 or 47 events depending on which module the process had imported first)."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from robust_helpers import copy_data, read_rows, row_lines, write_rows

from components.data.csvfiles import CELL_MAX

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
RULES = ("maxLength", "minLength", "minimum", "maximum", "enum", "pattern")


def _bad_value(field: dict[str, Any], rule: str) -> str | None:
    """A value that breaks ``rule`` of this field and nothing else it can avoid breaking."""
    cons = field.get("constraints", {})
    if rule not in cons:
        return None
    if rule == "maxLength":
        return "x" * (int(cons[rule]) + 1)
    if rule == "minLength":
        return "x" * (int(cons[rule]) - 1) if int(cons[rule]) > 1 else None
    if rule in ("minimum", "maximum"):
        step = -1 if rule == "minimum" else 1
        return str(int(cons[rule]) + step) if field["type"] == "integer" else str(float(cons[rule]) + step)
    if rule == "enum":
        return "not-an-allowed-value"
    value = "Not Valid ! 1"
    return None if re.fullmatch(cons[rule], value) else value


def _cases(resource: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(column, rule, bad value) for every limit on the resource's fields."""
    out = []
    for f in resource["schema"]["fields"]:
        for rule in RULES:
            bad = _bad_value(f, rule)
            if bad is not None:
                out.append((f["name"], rule, bad))
    return out


def test_every_text_field_has_the_documented_maximum_length():
    loose = [f"{r['name']}.{f['name']}" for r in PACKAGE["resources"] for f in r["schema"]["fields"]
             if f["type"] == "string" and f.get("constraints", {}).get("maxLength") != CELL_MAX]
    assert not loose, f"string fields without maxLength {CELL_MAX}: {loose}"
    assert CELL_MAX < csv.field_size_limit(), "the maximum must be below any parser's limit"


@pytest.mark.parametrize("resource", [r for r in PACKAGE["resources"] if _cases(r)], ids=lambda r: r["name"])
def test_every_limit_is_enforced_at_load(tmp_path, resource):
    """Each broken limit, one per row: the row is left out with a problem at its line and column."""
    from components.data.dataset import load_dataset

    data = copy_data(tmp_path)
    path = data / resource["path"]
    header, original = read_rows(path)
    cases = _cases(resource)
    for start in range(0, len(cases), len(original)):  # more limits than rows: several rounds
        batch = cases[start:start + len(original)]
        rows = [list(r) for r in original]
        for i, (column, _rule, bad) in enumerate(batch):
            rows[i][header.index(column)] = bad
        write_rows(path, header, rows)
        lines = row_lines(path)
        ds = load_dataset(data)
        for i, (column, rule, _bad) in enumerate(batch):
            found = [p for p in ds.problems if p.file == resource["path"] and p.line == lines[i] and p.column == column]
            assert found, f"{resource['path']} line {lines[i]}: {column} breaking {rule} was loaded without a word"
            assert all(p.severity == "error" and "left out" in p.message for p in found)
        assert len(ds[resource["name"]]) <= len(rows) - len(batch)


EDITABLE = ("events", "sources", "commitments", "trade", "mechanisms")


@pytest.mark.parametrize("name", EDITABLE)
def test_every_limit_is_enforced_at_save(tmp_path, name):
    """The workspace's checks (the same as make validate's) refuse each broken limit."""
    from components.curate import candidate, drafts, schema
    from components.curate.csvtext import find, parse

    data = copy_data(tmp_path)
    specs = schema.resource_specs(PACKAGE)
    spec = specs[name]
    parsed = parse((data / spec.path).read_text(encoding="utf-8"))
    first = parsed.rows[0].cells
    key = spec.row_key(first)
    old = dict(find(parsed, spec.key, key).cells)  # type: ignore[union-attr]
    resource = next(r for r in PACKAGE["resources"] if r["name"] == name)
    for column, rule, bad in _cases(resource):
        draft = drafts.make(spec, {**old, column: bad}, old, key)
        checked = candidate.check(data, [draft], specs, "2026-12-01")
        assert checked.for_column(spec.path, column), f"{name}.{column} breaking {rule} would be saved"


def _load_count(data: Path, first: str) -> int:
    code = (f"{first}\nfrom components.data.dataset import load_dataset\n"
            f"print(len(load_dataset({str(data)!r})['events']))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return int(done.stdout.split()[-1])


def test_a_cell_over_the_parsers_default_limit_loads_the_same_whatever_was_imported_first(tmp_path):
    """A 140,000-character summary (over csv's default 131,072): the other events load, the long
    one is left out by its maxLength, in a fresh process with or without frictionless imported."""
    data = copy_data(tmp_path)
    header, rows = read_rows(data / "events.csv")
    rows[0][header.index("summary")] = "y" * 140_000
    write_rows(data / "events.csv", header, rows)
    plain = _load_count(data, "")
    after = _load_count(data, "import frictionless")
    assert plain == after == len(rows) - 1, (plain, after, len(rows))
