"""A server with the curation switch refuses to start on an open address without a token."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from components.web.access import startup_refusal
from testsupport.stclient import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_startup_rules():
    assert startup_refusal(False, "0.0.0.0", False) is None, "switch off: nothing to refuse"
    assert startup_refusal(True, "127.0.0.1", False) is None
    assert startup_refusal(True, "0.0.0.0", True) is None, "a token guards the page"
    why = startup_refusal(True, "0.0.0.0", False)
    assert why and "0.0.0.0" in why and "CC5_CURATE_TOKEN" in why
    assert "every interface" in (startup_refusal(True, "", False) or "")


def test_the_server_exits_with_the_reason_before_serving():
    env = {**os.environ, "CC5_CURATE": "1"}
    env.pop("CC5_CURATE_TOKEN", None)
    done = subprocess.run(
        [sys.executable, "-m", "streamlit", "run", "server.py", "--server.address", "0.0.0.0",
         "--server.port", str(free_port()), "--server.headless", "true"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=90,
    )
    assert done.returncode == 2
    out = done.stdout + done.stderr
    assert "error: CC5_CURATE=1 on a server listening on 0.0.0.0" in out and "Traceback" not in out
