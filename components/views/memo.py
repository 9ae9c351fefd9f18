"""Views kept per dataset and view, shared by every session of the process (plain Python).

``memo(fn, ds, *args)`` is ``fn(ds, *args)``, kept under the dataset's key (its folder's state
when loaded), the function and the arguments (filters, page choices). The least recently used
results are dropped once the kept ones exceed ``CC5_MEMO_MB`` (default 96 MB, measured as
pickled bytes), so memory stays bounded however many different views are asked for. The
results are read-only for the caller.
"""

from __future__ import annotations

import os
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from components.data import i18n
from components.data.dataset import Dataset

T = TypeVar("T")

MEMO_BUDGET_MB = float(os.environ.get("CC5_MEMO_MB", "96"))
MEMO_ENTRIES = 4096  # results kept at most, whatever their size: the keys come from readers' links
_MEMO: OrderedDict[str, tuple[Any, int]] = OrderedDict()
_USED: dict[str, float] = {}  # key -> when it was last asked for (time.monotonic)
_STATE = {"bytes": 0, "hits": 0, "misses": 0}
_LOCK = threading.Lock()


def _size(value: Any) -> int:
    """Bytes a result takes once pickled: a fair proxy for what keeping it costs."""
    try:
        return len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # noqa: BLE001 - an unpicklable result is simply not kept
        return -1


def memo(fn: Callable[..., T], ds: Dataset, *args: Any) -> T:
    """``fn(ds, *args)``, kept per dataset (``ds.key``), function, language and arguments."""
    key = repr((ds.key or id(ds), f"{fn.__module__}.{fn.__qualname__}", i18n.current(), args))
    with _LOCK:
        hit = _MEMO.get(key)
        if hit is not None:
            _MEMO.move_to_end(key)
            _USED[key] = time.monotonic()
            _STATE["hits"] += 1
            return hit[0]
        _STATE["misses"] += 1
    value = fn(ds, *args)
    size = _size(value)
    if size >= 0:
        size += len(key) + 200  # the key (a reader's link's parameters) and the entry are memory too
    budget = int(MEMO_BUDGET_MB * 2**20)
    if 0 <= size <= budget:
        with _LOCK:
            if key not in _MEMO:
                _MEMO[key] = (value, size)
                _STATE["bytes"] += size
            _USED[key] = time.monotonic()
            while (_STATE["bytes"] > budget or len(_MEMO) > MEMO_ENTRIES) and _MEMO:
                old, (_, dropped) = _MEMO.popitem(last=False)
                _USED.pop(old, None)
                _STATE["bytes"] -= dropped
    return value


def expire(idle_s: float, now: float | None = None) -> int:
    """Drop the views nobody asked for in the last ``idle_s`` seconds; returns how many. The
    server calls it when idle (components/web/webserver.py), so that memory a burst of readers
    took is given back instead of kept for views no one looks at."""
    now = time.monotonic() if now is None else now
    with _LOCK:
        stale = [k for k, t in _USED.items() if now - t > idle_s]
        for k in stale:
            _USED.pop(k, None)
            entry = _MEMO.pop(k, None)
            if entry is not None:
                _STATE["bytes"] -= entry[1]
    return len(stale)


def memo_stats() -> dict[str, int]:
    """Entries, bytes, hits and misses of the memo (tests read them)."""
    with _LOCK:
        return {"entries": len(_MEMO), **_STATE}
