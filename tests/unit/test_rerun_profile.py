"""benchmarks.rerun_profile reads py-spy's raw stacks: only samples inside a script run count,
shares are of those samples, and file paths are shortened to the package or the project."""

from __future__ import annotations

from benchmarks.rerun_profile import ROOT, frames_of, summarise

SP = "/x/.venv/lib/python3.11/site-packages/"
RUN = f"ScriptRunner._run_script ({SP}streamlit/runtime/scriptrunner/script_runner.py:961)"
T = "thread (5592): ScriptRunner.scriptThread"
RAW = "\n".join([
    f"{T};{RUN};view ({ROOT}/components/web/choices.py:12);memo ({ROOT}/components/views/memo.py:3) 6",
    f"{T};{RUN};view ({ROOT}/components/web/choices.py:12) 2",
    f"{T};{RUN};dumps ({SP}plotly/io/_json.py:9) 2",
    f"thread (0x2);select ({SP}tornado/ioloop.py:1) 90",  # the event loop: not a script run
])


def test_frames_are_shortened_and_counted():
    frames, n = frames_of(f"{RUN};memo ({ROOT}/components/views/memo.py:3) 6")
    assert n == 6
    assert frames == ["ScriptRunner._run_script (streamlit/runtime/scriptrunner/script_runner.py)",
                      "memo (components/views/memo.py)"]


def test_only_script_runs_count_and_shares_are_of_them():
    got = summarise(RAW)
    assert got["samples"] == 10
    inclusive = dict(got["inclusive_pct"])
    assert inclusive["view (components/web/choices.py)"] == 80.0
    assert inclusive["ScriptRunner._run_script (streamlit/runtime/scriptrunner/script_runner.py)"] == 100.0
    assert not any("tornado" in f for f in inclusive)
    assert dict(got["self_pct"]) == {"memo (components/views/memo.py)": 60.0,
                                     "view (components/web/choices.py)": 20.0,
                                     "dumps (plotly/io/_json.py)": 20.0}
