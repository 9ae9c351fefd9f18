from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = ROOT / "data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ to damage."""
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


# The longest files first (measured with --durations; in seconds on 2 cores, two processes), so
# that pytest-xdist (`make test`: --dist loadfile) starts them early and the two processes finish
# together instead of one waiting on a long file handed out last. Order only: every test runs.
LONGEST_FIRST = (
    "tests/e2e/test_browser.py",  # ~130 s
    "tests/e2e/test_pictures.py",  # ~80
    "tests/e2e/test_curate_browser.py",  # ~60
    "tests/unit/test_links_grid.py",  # ~45
    "tests/app/test_curate.py",  # ~40
    "tests/e2e/test_injection.py",  # ~40
    "tests/e2e/test_links_browser.py",  # ~35
    "tests/robustness/test_limits.py",  # ~30
    "tests/robustness/test_cluster.py",  # ~25
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}

    def order(item: pytest.Item) -> int:
        return rank.get(Path(str(item.fspath)).relative_to(ROOT).as_posix(), len(rank))

    items.sort(key=order)  # stable: within a file, and among the rest, the collection order stays
