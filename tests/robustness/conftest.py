"""Robustness tests: damaged data, hostile URLs, HTML in the data, and (opt-in) load.

The load test is marked ``load`` and skipped unless ``--run-load`` is given or ``CC5_LOAD=1``
is set; ``python -m benchmarks.run`` sets it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))


def pytest_addoption(parser: pytest.Parser) -> None:
    try:
        parser.addoption("--run-load", action="store_true", default=False, help="run the load test (tests/robustness)")
    except ValueError:  # already added (conftest imported twice)
        pass


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "load: load test against a real server; opt-in (--run-load or CC5_LOAD=1)")


def _load_enabled(config: pytest.Config) -> bool:
    try:
        flag = bool(config.getoption("--run-load"))
    except ValueError:  # option not registered: this conftest was not an initial one
        flag = "--run-load" in sys.argv
    return flag or os.environ.get("CC5_LOAD") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _load_enabled(config):
        return
    skip = pytest.mark.skip(reason="load test: run with --run-load or CC5_LOAD=1 (python -m benchmarks.run does)")
    for item in items:
        if "load" in item.keywords and Path(str(item.fspath)).is_relative_to(HERE):
            item.add_marker(skip)


@pytest.fixture(scope="module", autouse=True)
def _scan_components_once() -> Iterator[None]:
    """AppTest scans every installed distribution for Streamlit v2 component manifests on each
    run (about 0.5 s here). The installed packages do not change during a test module, so the
    scan is done once per module and reused: the app's own code runs unchanged."""
    from streamlit.components.v2 import manifest_scanner

    original = manifest_scanner.scan_component_manifests
    memo: dict[str, object] = {}

    def once(*args: object, **kwargs: object) -> object:
        if "result" not in memo:
            memo["result"] = original(*args, **kwargs)  # type: ignore[arg-type]
        return memo["result"]

    manifest_scanner.scan_component_manifests = once  # type: ignore[assignment]
    try:
        yield
    finally:
        manifest_scanner.scan_component_manifests = original
