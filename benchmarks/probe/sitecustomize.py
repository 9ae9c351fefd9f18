"""Benchmark probe, active only in servers the benchmarks start (they put this folder on
PYTHONPATH and set ``CC5_PROBE_LOG``). It wraps ``components.data.dataset.load_dataset`` as soon as the
app imports it, and appends one JSON line per call to the log: process id, folder and seconds.
The benchmarks read it to show that loading and validating happens once per process, not once
per session or rerun, and how long it takes inside the server. The app's code is not changed.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import json
import os
import sys
import time
from typing import Any

_LOG = os.environ.get("CC5_PROBE_LOG")
_TARGET = "components.data.dataset"


def _wrap(module: Any) -> None:
    original = module.load_dataset

    def load_dataset(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        result = original(*args, **kwargs)
        entry = {
            "pid": os.getpid(),
            "at": time.time(),
            "seconds": time.perf_counter() - start,
            "folder": str(args[0] if args else kwargs.get("data_dir", "")),
        }
        with open(_LOG, "a", encoding="utf-8") as fh:  # type: ignore[arg-type]
            fh.write(json.dumps(entry) + "\n")
        return result

    module.load_dataset = load_dataset


class _Loader(importlib.abc.Loader):
    def __init__(self, inner: importlib.abc.Loader) -> None:
        self.inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> Any:
        return self.inner.create_module(spec)

    def exec_module(self, module: Any) -> None:
        self.inner.exec_module(module)  # type: ignore[attr-defined]
        _wrap(module)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Any, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != _TARGET:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


if _LOG:
    sys.meta_path.insert(0, _Finder())
