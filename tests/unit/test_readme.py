"""README stays true: it names what the code has, and CI runs what README says."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_page_path_is_documented():
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    paths = re.findall(r'url_path="([a-z]+)"', app)
    assert len(paths) == 6
    for p in paths:
        assert f"`/{p}`" in README, p
    for script in (ROOT / "pages").glob("*.py"):
        assert f"pages/{script.name}" in app, script.name


def test_every_url_parameter_is_documented():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "pages").glob("*.py"))
    keys = set(re.findall(r'page_choice\(\s*"[^"]+",\s*"([a-z_]+)"', code))
    assert keys == {"measure", "category", "direction", "mechanism", "profile"}
    for k in keys | {"country", "years", "present"}:
        assert f"`{k}`" in README, k


def test_every_data_file_is_documented():
    dp = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for res in dp["resources"]:
        assert f"`{res['path']}`" in README, res["path"]


def test_status_values_are_documented():
    dp = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    events = next(r for r in dp["resources"] if r["name"] == "events")
    status = next(f for f in events["schema"]["fields"] if f["name"] == "status")
    for value in status["constraints"]["enum"]:
        assert f"`{value}`" in README, value


def test_ci_runs_the_readme_test_command():
    assert "make test" in README and "make run" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "test", "unit", "validate"):
        assert re.search(rf"^{target}:", makefile, re.M), target
