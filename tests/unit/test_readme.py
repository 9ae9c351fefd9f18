"""README stays true: it names what the code has, and CI runs what README says."""

from __future__ import annotations

import json
import re
from pathlib import Path

from components.data import registry

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_page_is_registered_once_and_documented(monkeypatch):
    """Every script in pages/ is one registry entry: PAGES, plus the curator's workspace, which is
    served only with the switch on (CC5_CURATE=1)."""
    monkeypatch.setenv(registry.CURATE_SWITCH, "1")
    every = registry.pages()
    scripts = sorted(p.as_posix() for p in (ROOT / "pages").glob("*.py"))
    assert sorted(str(Path(p.script)) for p in every) == [str(Path(s).relative_to(ROOT)) for s in scripts]
    assert len({p.key for p in every}) == len({p.url_path for p in every}) == len(every)
    for p in every:
        assert f"`{p.path}`" in README and f"| {p.title} |" in README, p.key
    monkeypatch.delenv(registry.CURATE_SWITCH)
    assert registry.pages() == registry.PAGES and registry.CURATE not in registry.PAGES
    assert f"`{registry.CURATE_SWITCH}=1 make run`" in README


def test_every_url_parameter_is_documented():
    from components.web.choices import CHOICES

    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "pages").glob("*.py"))
    keys = {c.param for c in CHOICES.values()}
    keys |= set(re.findall(r'key="([a-z_]+)",\s*bind="query-params"', code))
    used = set(re.findall(r'ui\.choice\("([a-z_]+)"', code))
    assert used == set(CHOICES), "every page choice is drawn by its page, once"
    assert keys == {k for p in registry.PAGES for k in p.params}
    assert keys == {"measure", "category", "direction", "mechanism", "profile", "q", "compare"}
    for k in keys | set(registry.COMMON_PARAMS):
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
    # "in two processes (pytest-xdist; `TEST_WORKERS=1 make test` for one)"
    workers = re.search(r"^TEST_WORKERS \?= (\d+)$", makefile, re.M)
    assert workers and workers.group(1) == "2" and "in\ntwo processes (pytest-xdist" in README
    assert "`TEST_WORKERS=1 make test` for one" in README
    test_recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "-m pytest -n $(TEST_WORKERS) --dist loadfile" in test_recipe
    assert re.search(r"^pytest-xdist==", (ROOT / "requirements.txt").read_text(encoding="utf-8"), re.M)


def test_readme_names_every_data_route_and_make_run_serves_them():
    from components.web import api

    for name in api.NAMES:
        assert f"`{name}`" in README, name
    for route in ("/api/v1/openapi.json", "/api/v1/datapackage.zip", "/api/v1/briefing.pptx", "/api/v1/{page}.png"):
        assert f"`{route}" in README, route
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "streamlit run server.py" in run, "make run serves the data routes README documents"
    assert "app = st.App(\"app.py\"" in (ROOT / "server.py").read_text(encoding="utf-8")
    assert "make cluster" in README and "\ncluster:" in makefile


def test_the_two_dates_and_the_scope_are_documented():
    """README's "Two dates" names the package's date keys and the JSON's, and the scope's values
    are the events' own."""
    from components.data.dataset import LATEST, REVIEWED
    from components.data.filters import SCOPES, scope_labels

    dp = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert REVIEWED in dp and LATEST in dp and "dataAsOf" not in dp
    for key in (REVIEWED, LATEST, "latest_sourced_item"):
        assert f"`{key}`" in README, key
    events = next(r for r in dp["resources"] if r["name"] == "events")
    scope = next(f for f in events["schema"]["fields"] if f["name"] == "scope")
    assert set(scope["constraints"]["enum"]) == set(SCOPES) - {"all"}
    for value in scope["constraints"]["enum"]:
        assert f"`{value}`" in README and f"`scope={scope_labels('en')[value]}`" in README, value
    assert "Latest sourced item *day* · Data reviewed\n*day*" in README


def test_the_layout_names_every_module_where_it_is():
    """README's Layout lists each layer package and each module of components/ under its package,
    and nothing that is not there."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text[text.index("components/         the logic"):text.index("assets/             favicon")]
    listed: set[str] = set()
    package = ""
    for line in block.splitlines()[1:]:
        m = re.match(r"^  (\w+)/ ", line)
        if m:
            package = m.group(1)
            listed.add(package + "/")
            continue
        m = re.match(r"^    (\w+)(\.py|/) ", line)
        if m and package:
            listed.add(f"{package}/{m.group(1)}{m.group(2)}")
    actual = {p.name + "/" for p in (ROOT / "components").iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    for pkg in ("data", "render", "views", "exports", "web"):
        actual |= {f"{pkg}/{p.name}" for p in (ROOT / "components" / pkg).glob("*.py") if p.name != "__init__.py"}
        actual |= {f"{pkg}/{p.name}/" for p in (ROOT / "components" / pkg).iterdir() if (p / "__init__.py").exists()}
    # the views' own page modules are described together ("one view model per page")
    actual -= {f"views/{p.name}" for p in (ROOT / "components" / "views").glob("*.py")} - listed
    assert listed == actual


def test_the_security_and_serving_promises_match_the_code():
    """Issue 22: what README promises about hosts, start-up, limits and the cluster is what the
    code does (the numbers and names are read from it)."""
    import re
    import tomllib

    from components.data.csvfiles import CELL_MAX
    from components.web import hosts
    from deploy.cluster import nginx_conf

    text = " ".join(README.split())  # line breaks as spaces
    for name in ("CC5_PUBLIC_URL", "CC5_ALLOWED_HOSTS", "CC5_FRAME_ANCESTORS", "/_stcore/health"):
        assert f"`{name}" in text, name
    assert "/_stcore/health" in hosts.HEALTH_PATHS and hosts.base_url("http", "evil.example", {}) == "/"
    assert f"{CELL_MAX:,} characters" in text
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["logger"]["hideWelcomeMessage"] is True and "welcome message" in text
    conf = nginx_conf(ROOT, 8080, {8601: True})
    general = conf.split("location / {", 1)[1].split("}", 1)[0]
    seconds = re.search(r"proxy_read_timeout (\d+)s", general).group(1)  # type: ignore[union-attr]
    assert f"at most {seconds} s for a page or data" in text
