"""memo: one computation per dataset and view, shared; bounded memory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from components.data.dataset import load_dataset
from components.views import memo

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def fresh_memo(monkeypatch, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    monkeypatch.setenv("CC5_DATA_DIR", str(data))
    monkeypatch.setattr(memo, "_MEMO", type(memo._MEMO)())
    monkeypatch.setattr(memo, "_STATE", {"bytes": 0, "hits": 0, "misses": 0})
    monkeypatch.setattr(memo, "_USED", {})
    return data


def test_a_view_is_computed_once_and_shared(fresh_memo):
    ds = load_dataset(fresh_memo)
    calls = []

    def view(d, n):
        calls.append(n)
        return {"n": n, "events": len(d["events"])}

    first = memo.memo(view, ds, 1)
    assert memo.memo(view, ds, 1) is first
    assert memo.memo(view, ds, 2) == {"n": 2, "events": len(ds["events"])}
    assert calls == [1, 2]
    assert memo.memo_stats()["hits"] == 1 and memo.memo_stats()["entries"] == 2


def test_an_edited_data_file_is_a_new_data_state(fresh_memo):
    """The memo is keyed on the dataset it is given: the same files give the same key, an
    edited file (reloaded) another one."""
    ds = load_dataset(fresh_memo)
    calls = []

    def view(d):
        calls.append(1)
        return len(calls)

    assert memo.memo(view, ds) == 1
    events = fresh_memo / "events.csv"
    assert memo.memo(view, load_dataset(fresh_memo)) == 1, "the same files: the same data state"
    events.write_text(events.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # size changes
    assert memo.memo(view, ds) == 1, "the dataset given has not changed"
    assert memo.memo(view, load_dataset(fresh_memo)) == 2


def test_memory_stays_within_the_budget(fresh_memo, monkeypatch):
    monkeypatch.setattr(memo, "MEMO_BUDGET_MB", 1.0)
    ds = load_dataset(fresh_memo)

    def view(d, n):
        return b"x" * 300_000 + bytes([n])

    for n in range(10):
        memo.memo(view, ds, n)
    stats = memo.memo_stats()
    assert stats["bytes"] <= 2**20
    assert stats["entries"] == 3  # ~300 KB each: the three most recent are kept
    assert memo.memo(view, ds, 9) is memo.memo(view, ds, 9)  # the newest is still kept


def test_views_nobody_asked_for_are_dropped_when_idle(fresh_memo, monkeypatch):
    import time

    from components.web import webserver

    ds = load_dataset(fresh_memo)
    memo.memo(lambda d, n: [n] * 1000, ds, 1)
    memo.memo(lambda d, n: [n] * 1000, ds, 2)
    assert memo.memo_stats()["entries"] == 2 and memo.memo_stats()["bytes"] > 0
    later = time.monotonic() + 100
    memo._USED[next(iter(memo._USED))] = later - 10  # one was asked for 10 s before "later"
    assert memo.expire(30, now=later) == 1
    assert memo.memo_stats()["entries"] == 1
    for k in memo._USED:
        memo._USED[k] = time.monotonic() - 1
    calls = []
    monkeypatch.setattr(webserver, "give_back_memory", lambda: calls.append(1))
    assert webserver.housekeeping(idle_s=0) == 1 and calls == [1], "memory is given back after a drop"
    assert memo.memo_stats() == {**memo.memo_stats(), "entries": 0, "bytes": 0}
    assert webserver.housekeeping(idle_s=0) == 0 and calls == [1], "nothing dropped, nothing to give back"
