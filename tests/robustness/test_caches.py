"""Every cache keyed by what a client sends is bounded, in entries and in bytes, keys counted
(issue 22 item 1, as a class): the compressed-asset cache (made-up /static/ paths), the views'
memo (any link's parameters). (The workspace's checks keep the last 16 drafts:
components/curate/candidate.py.)"""

from __future__ import annotations

from pathlib import Path

from components.data.dataset import load_dataset
from components.views import memo as memo_module
from components.web import webserver


def test_the_views_memo_is_bounded_in_entries_and_bytes_keys_counted(monkeypatch):
    """10,000 links with 2 KB of distinct parameters and a tiny answer each: the keys alone
    would be 20 MB; the memo stays within its entries and its budget."""
    monkeypatch.setattr(memo_module, "MEMO_BUDGET_MB", 4.0)
    monkeypatch.setattr(memo_module, "_MEMO", type(memo_module._MEMO)())
    monkeypatch.setattr(memo_module, "_USED", {})
    monkeypatch.setattr(memo_module, "_STATE", {"bytes": 0, "hits": 0, "misses": 0})
    ds = load_dataset()

    def tiny(_ds: object, params: str) -> int:
        return len(params)

    for i in range(10_000):
        memo_module.memo(tiny, ds, f"{i}:" + "country=Kazakhstan&" * 100)
    stats = memo_module.memo_stats()
    assert stats["entries"] <= memo_module.MEMO_ENTRIES
    assert stats["bytes"] <= 4 * 2**20, stats
    assert sum(len(k) for k in memo_module._MEMO) <= 4 * 2**20, "the keys are counted in the budget"


def test_the_asset_cache_is_bounded_whatever_is_asked(tmp_path: Path):
    cache = webserver.CompressedAssets(lambda *a: None, budget=100_000, max_entries=10, root=tmp_path)
    for i in range(1000):
        cache._keep((f"/file{i}" + "x" * 500, 1, 1, "br"), webserver._Kept(200, ((b"etag", b'"x"'),), b"y" * 300))
    assert len(cache.kept) <= 10 and cache.size <= 100_000
    assert cache.file_key("/static/made-up/" + "z" * 300 + ".js") is None, "only real files are keys"
