"""Where a slow page spends its time (cProfile through AppTest in this process), and the load
test run with pytest."""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.common import (
    ROOT,
    r3,
    say,
)


def profile_page(page: str, folder: Path, runs: int = 8, warm: bool = True) -> dict[str, Any]:
    """cProfile of the script runs of a page (app.py and the page, in Streamlit's script thread),
    through AppTest in this process; the functions that dominate."""
    import logging

    from streamlit.components.v2 import manifest_scanner
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.testing.v1 import AppTest

    prof = cProfile.Profile()
    found = manifest_scanner.scan_component_manifests()
    patched = {
        (manifest_scanner, "scan_component_manifests"): lambda *a, **k: found,  # AppTest's overhead, not the app's
    }
    original_exec = script_runner.exec_func_with_error_handling
    profiling = {"on": False, "depth": 0}

    def exec_profiled(func: Any, ctx: Any) -> Any:
        if not profiling["on"]:
            return original_exec(func, ctx)
        profiling["depth"] += 1
        if profiling["depth"] == 1:
            prof.enable()
        try:
            return original_exec(func, ctx)
        finally:
            profiling["depth"] -= 1
            if profiling["depth"] == 0:
                prof.disable()

    patched[(script_runner, "exec_func_with_error_handling")] = exec_profiled
    saved = {key: getattr(*key) for key in patched}
    for (mod, name), value in patched.items():
        setattr(mod, name, value)
    old_env = os.environ.get("CC5_DATA_DIR")
    os.environ["CC5_DATA_DIR"] = str(folder)
    level = logging.getLogger("streamlit").level
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    try:
        def one() -> None:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
            if page != "overview":
                at.switch_page(f"pages/{page}.py")
            at.run()

        if warm:
            one()  # data loaded, modules imported
        profiling["on"] = True
        start = time.perf_counter()
        for _ in range(runs):
            one()
        wall = time.perf_counter() - start
    finally:
        for (mod, name), value in saved.items():
            setattr(mod, name, value)
        logging.getLogger("streamlit").setLevel(level)
        if old_env is None:
            os.environ.pop("CC5_DATA_DIR", None)
        else:
            os.environ["CC5_DATA_DIR"] = old_env
    stats = pstats.Stats(prof)
    ours, lib = [], []
    project = (str(ROOT / "components"), str(ROOT / "pages"), str(ROOT / "app.py"))
    for (file, line, func), (_cc, _nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        entry = {"function": f"{Path(file).name}:{line}({func})", "cumulative_s": ct / runs, "own_s": tt / runs}
        if func == "<module>":
            continue  # exec'd scripts: cProfile's cumulative time for them is not meaningful
        if file.startswith(project):
            ours.append(entry)
        else:
            lib.append(entry)
    ours.sort(key=lambda e: -e["cumulative_s"])
    lib.sort(key=lambda e: -e["own_s"])

    def rounded(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: r3(v) if isinstance(v, float) else v for k, v in e.items()} for e in rows]

    return {
        "page": page,
        "runs": runs,
        "wall_s_per_run_under_profiler": r3(wall / runs),
        "project_functions_by_cumulative": rounded(ours[:14]),
        "library_functions_by_own_time": rounded(lib[:10]),
    }


def run_load_test(seconds: float, out: Path) -> dict[str, Any]:
    env = {**os.environ, "CC5_LOAD": "1", "CC5_LOAD_SECONDS": str(seconds), "CC5_LOAD_OUT": str(out)}
    env.pop("CC5_DATA_DIR", None)
    cmd = [sys.executable, "-m", "pytest", "tests/robustness/test_load.py", "--run-load", "-q", "-s",
           "-p", "no:cacheprovider"]  # fmt: skip
    say(f"  load test: {' '.join(cmd[2:])} (CC5_LOAD_SECONDS={seconds})")
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=seconds + 600)
    report: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {}
    report["pytest_exit_status"] = proc.returncode
    report["pytest_tail"] = proc.stdout.strip().splitlines()[-3:]
    say(f"    {report.get('pytest_tail')}")
    return report
