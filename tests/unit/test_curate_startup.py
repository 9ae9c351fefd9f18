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


def _start(argv: list[str], env: dict[str, str], wait_s: float = 60) -> tuple[int | None, str]:
    """Run a server; (exit status or None if it was serving, everything it printed)."""
    import time
    import urllib.request

    port = argv[argv.index("--port") + 1] if "--port" in argv else argv[argv.index("--server.port") + 1]
    proc = subprocess.Popen(argv, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + wait_s
    status: int | None = None
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                status = proc.returncode
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):  # noqa: S310
                    break
            except OSError:
                time.sleep(0.2)
    finally:
        if proc.poll() is None:
            proc.terminate()
        out, _ = proc.communicate(timeout=30)
    return status, out


STREAMLIT = [sys.executable, "-m", "streamlit", "run", "server.py", "--server.headless", "true"]


def test_a_bad_setting_is_refused_in_one_sentence_before_anything_is_announced():
    """Issue 22 item 13: a bad CC5_FRAME_ANCESTORS printed Streamlit's URL, then a 31-frame
    traceback; the refused curating start printed the URL first."""
    cases = [
        ({"CC5_FRAME_ANCESTORS": "*; script-src *"}, "127.0.0.1", "CC5_FRAME_ANCESTORS must be"),
        ({"CC5_PUBLIC_URL": "javascript:alert(1)"}, "127.0.0.1", "CC5_PUBLIC_URL must be"),
        ({"CC5_CURATE": "1", "CC5_CURATE_TOKEN": ""}, "0.0.0.0", "CC5_CURATE=1 on a server listening on 0.0.0.0"),
    ]
    for env, address, words in cases:
        status, out = _start([*STREAMLIT, "--server.address", address, "--server.port", str(free_port())], env)
        lines = [line for line in out.splitlines() if line.strip()]
        assert status == 2, out[-2000:]
        assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0], out[-2000:]
        assert "http://" not in out.replace(words, "") and "Traceback" not in out


def test_the_curation_check_reads_uvicorns_actual_bind():
    """`uvicorn server:app --host 127.0.0.1` with CC5_CURATE=1 serves (Streamlit's option is unset
    there); `--host 0.0.0.0` is refused."""
    env = {"CC5_CURATE": "1", "CC5_CURATE_TOKEN": ""}
    uvicorn = [sys.executable, "-m", "uvicorn", "server:app"]
    status, out = _start([*uvicorn, "--host", "127.0.0.1", "--port", str(free_port())], env, wait_s=90)
    assert status is None, f"refused on 127.0.0.1: {out[-2000:]}"
    status, out = _start([*uvicorn, "--host", "0.0.0.0", "--port", str(free_port())], env, wait_s=90)
    assert status == 2 and "CC5_CURATE=1 on a server listening on 0.0.0.0" in out, out[-2000:]


def test_a_good_start_announces_its_address_once():
    status, out = _start([*STREAMLIT, "--server.address", "127.0.0.1", "--server.port", str(free_port())], {})
    assert status is None and "The dashboard is ready: http://127.0.0.1:" in out, out[-2000:]
    assert "You can now view" not in out, "Streamlit's own welcome (and its outside lookups) stays off"
