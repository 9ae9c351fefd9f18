"""Row checks: frictionless validates every table against ``datapackage.json``; the id lists
that frictionless cannot check (``listForeignKeys``) are resolved here. Every finding is a
:class:`~components.data.csvfiles.Problem` in plain words.
"""

from __future__ import annotations

from typing import Any

from components.data.csvfiles import Problem, RawTable, field_names, short, split_list

# --------------------------------------------------------------------------- validation

_RULE_WORDS = {
    "required": "a value is required here",
    "enum": "the value must be one of: {}",
    "pattern": "the value does not have the expected form",
    "minimum": "the value must be at least {}",
    "maximum": "the value must be at most {}",
    "unique": "the value must be unique",
    "minLength": "the value must have at least {} characters",
    "maxLength": "the value must have at most {} characters",
}

_TYPE_WORDS = {
    "date": "is not a valid date (expected YYYY-MM-DD, e.g. 2025-06-17)",
    "number": "is not a number (use a dot for decimals, no thousands separators)",
    "integer": "is not a whole number",
    "year": "is not a year",
    "boolean": "is not true/false",
}

_PATTERN_HINTS = {
    "source_ids": "ids from sources.csv separated by ';', e.g. mfa-2020-07-16;people-2020-07-17",
    "countries": "ISO3 codes of the six countries separated by ';', e.g. CHN;KAZ",
    "direction_ids": "direction ids separated by ';': trade, investment, connectivity, minerals, agriculture, people",
    "route": "points 'lat lon' separated by ';', e.g. 39.4681 75.9938;40.783 72.333",
    "url": "an address starting with http:// or https://",
    "id": "lowercase letters, digits and '-' (or '_')",
}


def _describe(err: Any, fields: dict[str, dict[str, Any]]) -> tuple[str | None, str, str]:
    """(column, rule, plain message) for one frictionless error."""
    etype = err.type
    col = getattr(err, "field_name", None)
    cell = getattr(err, "cell", None)
    if etype == "type-error" and col:
        ftype = fields[col]["type"]
        return col, "type", f"'{short(cell)}' {_TYPE_WORDS.get(ftype, f'is not of type {ftype}')}."
    if etype == "constraint-error" and col:
        cons = fields[col].get("constraints", {})
        name = str(err.note).split('"')[1] if '"' in str(err.note) else "constraint"
        if name == "enum":
            allowed = ", ".join(str(v) for v in cons.get("enum", []))
            return col, "enum", f"'{short(cell)}' is not an allowed value; allowed: {allowed}."
        if name == "pattern":
            hint = _PATTERN_HINTS.get(col, "see datapackage.json")
            return col, "pattern", f"'{short(cell)}' does not have the expected form ({hint})."
        if name == "required":
            return col, "required", "this cell is empty but a value is required."
        words = _RULE_WORDS.get(name, f"breaks the rule '{name}'").format(cons.get(name, ""))
        return col, name, f"'{short(cell)}': {words}."
    if etype == "primary-key":
        return None, "duplicate-id", f"duplicate id: the same key as an earlier row ({err.note})."
    if etype == "foreign-key":
        return None, "foreign-key", f"reference not found: {err.note}."
    return col, etype, str(err.note or err.message)


def validate_rows(
    descriptor: dict[str, Any], raw_tables: dict[str, RawTable]
) -> tuple[dict[str, set[int]], list[Problem]]:
    """Run frictionless over the aligned tables. Returns bad row indexes per table."""
    from frictionless import Package, Resource, Schema

    problems: list[Problem] = []
    bad: dict[str, set[int]] = {name: set() for name in raw_tables}
    resources = []
    for res in descriptor["resources"]:
        name = res["name"]
        if name not in raw_tables:
            continue
        schema = dict(res["schema"])
        # drop foreign keys pointing at a table that could not be read
        schema["foreignKeys"] = [
            fk for fk in schema.get("foreignKeys", []) if fk["reference"]["resource"] in raw_tables
        ]
        raw = raw_tables[name]
        resources.append(Resource(name=name, data=[raw.header, *raw.rows], schema=Schema.from_descriptor(schema)))
    report = Package(resources=resources).validate(limit_errors=100_000)
    by_name = {r["name"]: r for r in descriptor["resources"]}
    for task in report.tasks:
        name = task.name
        res = by_name[name]
        fname = res["path"]
        fields = {f["name"]: f for f in res["schema"]["fields"]}
        raw = raw_tables[name]
        for err in task.errors:
            row_number = getattr(err, "row_number", None)
            idx = row_number - 2 if row_number else None
            line = raw.lines[idx] if idx is not None and 0 <= idx < len(raw.lines) else None
            col, rule, msg = _describe(err, fields)
            if rule == "duplicate-id" and idx is not None and 0 <= idx < len(raw.rows):
                col, msg = _duplicate(res, raw, idx)
            if rule == "foreign-key":
                fk_fields = [fk["fields"] for fk in res["schema"].get("foreignKeys", [])]
                col = next((f for f in fk_fields if f'"{f}"' in str(err.note)), col)
            problems.append(Problem(fname, msg + " The row was left out.", line=line, column=col, rule=rule))
            if idx is not None:
                bad[name].add(idx)
    return bad, problems


def _duplicate(res: dict[str, Any], raw: RawTable, idx: int) -> tuple[str | None, str]:
    """(column, message) for a row whose primary key an earlier row already has: the id and
    the line of the earlier row."""
    keys = res["schema"].get("primaryKey") or []
    keys = [keys] if isinstance(keys, str) else list(keys)
    cols = [raw.header.index(k) for k in keys if k in raw.header]
    if not cols:
        return None, "duplicate id: the same key as an earlier row."
    value = tuple(raw.rows[idx][c] for c in cols)
    first = next((i for i in range(idx) if tuple(raw.rows[i][c] for c in cols) == value), None)
    shown = ", ".join(repr(v) for v in value)
    where = f" on line {raw.lines[first]}" if first is not None else ""
    return keys[0], f"duplicate id {shown}: an earlier row{where} has the same {' and '.join(keys)}."


def check_list_references(
    descriptor: dict[str, Any], raw_tables: dict[str, RawTable], bad: dict[str, set[int]]
) -> list[Problem]:
    """Resolve ``;``-separated id lists declared in ``listForeignKeys``."""
    problems: list[Problem] = []
    by_name = {r["name"]: r for r in descriptor["resources"]}
    for res in descriptor["resources"]:
        name = res["name"]
        if name not in raw_tables:
            continue
        raw = raw_tables[name]
        for lfk in res.get("listForeignKeys", []):
            col = lfk["fields"]
            target = lfk["reference"]["resource"]
            if target not in raw_tables:
                continue
            tref = by_name[target]
            tcol = field_names(tref).index(lfk["reference"]["fields"])
            trows = raw_tables[target].rows
            known = {row[tcol] for i, row in enumerate(trows) if i not in bad[target]}
            rejected = {row[tcol]: raw_tables[target].lines[i] for i, row in enumerate(trows) if i in bad[target]}
            ci = raw.header.index(col)
            for i, row in enumerate(raw.rows):
                if i in bad[name]:
                    continue
                missing = [v for v in split_list(row[ci]) if v not in known]
                if missing:
                    absent = [repr(m) for m in missing if m not in rejected]
                    refused = [f"{m!r} (line {rejected[m]})" for m in missing if m in rejected]
                    parts = []
                    if absent:
                        parts.append(f"{', '.join(absent)} not found in {tref['path']} "
                                     f"(column '{lfk['reference']['fields']}')")
                    if refused:
                        parts.append(f"{', '.join(refused)} in {tref['path']} was rejected (see the problem on that "
                                     "line), so nothing can rest on it")
                    problems.append(
                        Problem(
                            res["path"],
                            "; ".join(parts) + ". The row was left out.",
                            line=raw.lines[i],
                            column=col,
                            rule="foreign-key",
                        )
                    )
                    bad[name].add(i)
    return problems
