"""Whether the cluster tests can run: Debian's nginx (scripts/ensure_system.sh installs it).
Without it they are skipped with that hint, except in CI (``CI=true``), where they fail: in CI
nothing may skip, as with Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def require_nginx(nginx: str | None = None) -> None:
    from deploy.cluster import NGINX

    path = nginx or NGINX
    if Path(path).exists():
        return
    why = f"nginx not installed at {path} (bash scripts/ensure_system.sh)"
    if os.environ.get("CI") == "true":
        pytest.fail("CI must run the cluster tests, but " + why)
    pytest.skip(why)
