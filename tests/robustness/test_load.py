"""Load test (opt-in: --run-load or CC5_LOAD=1; python -m benchmarks.run runs it).

20 concurrent sessions against one `streamlit run` server on 127.0.0.1, each changing the
years, the countries and the page for a minute (bounded: at most 60 reruns per session),
through Streamlit's own websocket protocol. Zero errors allowed: no exception, no failed
connection, and every caption names the filters its session asked for (no state shared
between sessions). The p95 rerun time is reported (printed and written as JSON).

Knobs: CC5_LOAD_SESSIONS (20), CC5_LOAD_SECONDS (60), CC5_LOAD_OUT (artifacts/load.json).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from robust_helpers import ROOT


@pytest.mark.load
def test_twenty_sessions_changing_filters_for_a_minute():
    from benchmarks.load import run_load
    from testsupport.stclient import Server

    sessions = int(os.environ.get("CC5_LOAD_SESSIONS", "20"))
    seconds = float(os.environ.get("CC5_LOAD_SECONDS", "60"))
    out = Path(os.environ.get("CC5_LOAD_OUT", str(ROOT / "artifacts" / "load.json")))
    out.parent.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k == "CC5_DATA_DIR"}
    with Server(env=env, log=out.with_suffix(".server.log")) as srv:
        rss_idle = srv.rss_mib()
        report = run_load(srv.url, sessions=sessions, duration=seconds, max_reruns=60, rss=srv.rss_mib)
        report["rss_idle_mib"] = round(rss_idle, 1)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(
        f"\nload: {report['sessions']} sessions, {report['duration_s']} s, {report['reruns']} reruns "
        f"({report['throughput_per_s']}/s); rerun p50 {report['rerun_p50_s']} s, p95 {report['rerun_p95_s']} s, "
        f"max {report['rerun_max_s']} s; errors {len(report['errors'])}; peak RSS {report['peak_rss_mib']} MiB"
    )
    assert report["errors"] == [], report["errors"][:10]
    # every session did change its view, at least once per 20 s of the run (3 in the full minute)
    assert report["reruns"] >= sessions * max(1, int(seconds // 20)), report
