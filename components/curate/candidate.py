"""Live checks of drafts with the rules and words of ``make validate``: the drafts and their
changelog entries are written into a temporary copy of the data folder (never the folder itself)
and loaded by ``components.data.dataset.load_dataset``; the problems the drafts bring are theirs. Beside
those rules, a text a curator enters must be plain (no Markdown or HTML), as the package's own
titles must. Pure of Streamlit.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from components.curate import csvtext
from components.curate.drafts import Draft, changelog_cells
from components.curate.schema import ResourceSpec
from components.data.csvfiles import Problem, short
from components.data.dataset import PACKAGE_FILE, Dataset, data_state, load_dataset, read_descriptor, shared_dataset

CHANGES = "changes.csv"
# Markup that would tag, link, load or run something: an HTML tag, a Markdown link or image, code,
# an address or a script/data URL. Words such as "KZ >48.6" or "2023 data: total" stay plain.
MARKUP = re.compile(r"<\s*[A-Za-z/!?]|\]\s*[(\[:]|!\[|`|://|javascript:|\bdata:[a-z]+/", re.IGNORECASE)
LEFT_OUT = " The row was left out."


@dataclass(frozen=True)
class Checked:
    problems: tuple[Problem, ...]  # the drafts' own, errors and warnings
    dataset: Dataset  # the data as it would be with the drafts saved

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    def for_column(self, path: str, column: str) -> list[Problem]:
        return [p for p in self.errors if p.file == path and p.column == column]


def wording(p: Problem) -> str:
    """The problem as ``make validate`` words it, for a row not yet saved."""
    return str(p).replace(LEFT_OUT, " It cannot be saved like this.")


_CACHE: OrderedDict[tuple[str, tuple[Draft, ...], str], Checked] = OrderedDict()
_LOCK = threading.Lock()


def check(data_dir: Path, drafts: Sequence[Draft], specs: dict[str, ResourceSpec], day: str) -> Checked:
    """The drafts checked against the data folder as it is now (kept per folder state and drafts)."""
    key = (data_state(data_dir), tuple(drafts), day)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    result = _check(Path(data_dir), list(drafts), specs, day)
    with _LOCK:
        _CACHE[key] = result
        while len(_CACHE) > 16:
            _CACHE.popitem(last=False)
    return result


def _check(data_dir: Path, drafts: list[Draft], specs: dict[str, ResourceSpec], day: str) -> Checked:
    # The folder as it is: loaded once per file state and shared with the pages (it was loaded
    # again from the copy for every check), read before the copy is made.
    before = shared_dataset(data_dir)
    descriptor, _ = read_descriptor(data_dir)
    names = [PACKAGE_FILE, *(r["path"] for r in (descriptor or {}).get("resources", []))]
    with tempfile.TemporaryDirectory(prefix="cc5-draft-") as tmp:
        copy = Path(tmp)
        for name in names:
            if (data_dir / name).is_file():
                shutil.copyfile(data_dir / name, copy / name)
        lines: dict[int, int] = {}
        try:
            for i, d in enumerate(drafts):
                path = copy / d.path
                original = path.read_text(encoding="utf-8")
                text = csvtext.with_row(original, d.as_dict(), d.key, d.replaces)
                path.write_text(text, encoding="utf-8", newline="")
                parsed = csvtext.parse(text)
                if d.replaces is None:  # a new row: at its date in a dated file, else after the last line
                    lines[i] = csvtext.new_row_line(original, d.as_dict())
                else:
                    found = csvtext.find(parsed, d.key, d.replaces)
                    lines[i] = (found.first + 1) if found else 0
            for d in drafts:
                log = copy / CHANGES
                if log.is_file():
                    text = csvtext.with_row(log.read_text(encoding="utf-8"), changelog_cells(d, day),
                                             in_order=False)
                    log.write_text(text, encoding="utf-8", newline="")
        except KeyError as exc:
            gone = Problem(drafts[0].path, f"the row {exc} being edited is no longer in the file.", rule="gone")
            return Checked((gone,), before)
        after = load_dataset(copy)
    seen = {str(p) for p in before.problems}
    problems = [p for p in after.problems if str(p) not in seen]
    for i, d in enumerate(drafts):
        line = lines.get(i) or None
        if not any(v for _, v in d.cells):
            problems.append(Problem(d.path, "the row is empty: fill in the fields marked *.", line=line,
                                    rule="required"))
        problems.extend(_plain_text(d, specs.get(d.resource), line))
    own = [p for p in problems if p.file != CHANGES or p.severity != "error"]
    if any(p.severity == "error" for p in own):
        problems = own  # the changelog entry is made from the row: its problems are the row's
    return Checked(tuple(problems), after)


def _plain_text(d: Draft, spec: ResourceSpec | None, line: int | None) -> list[Problem]:
    """A free text (no enum, no pattern) must be plain words: no Markdown or HTML."""
    if spec is None:
        return []
    out = []
    for name, value in d.cells:
        fs = spec.field(name)
        if fs.type == "string" and not fs.enum and not fs.pattern and not fs.ref and MARKUP.search(value):
            out.append(Problem(d.path, f"'{short(value)}' must be plain text (no Markdown or HTML): write the words "
                               "only; the source's address goes in sources.csv.", line=line, column=name,
                               rule="plain-text"))
    return out
