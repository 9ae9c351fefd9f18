"""A fresh `streamlit run` server and several first visitors at once (a restart, a shared link
opened by several readers, a browser restoring its tabs).

Streamlit starts in its legacy multipage mode because the repository has a ``pages/`` folder;
components/web/ui.page_guard leaves it and reruns. This suite found that requests arriving while the
very first one was still running were served in legacy mode and escaped the guard: they got the
page script alone, without app.py (no filters, raw file names in the sidebar, the link's filters
ignored without a notice). The test keeps that fixed.
"""

from __future__ import annotations

import threading


def _first_runs(n: int, page: str, query: str) -> list[list[str]]:
    from testsupport.stclient import Server, Session

    kinds: list[list[str]] = [[] for _ in range(n)]
    with Server() as srv:
        sessions = [Session(srv.url, timeout=90) for _ in range(n)]
        barrier = threading.Barrier(n)

        def go(i: int) -> None:
            barrier.wait()
            result = sessions[i].run(page, query)
            kinds[i] = [k for k, _ in result.elements]

        threads = [threading.Thread(target=go, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        for s in sessions:
            s.close()
    return kinds


def test_concurrent_first_requests_to_a_fresh_server_all_get_the_full_app():
    # (a single first request is covered by tests/e2e: test_deep_link_is_the_first_request_to_a_fresh_server)
    runs = _first_runs(4, "timeline", "country=Kazakhstan")
    assert any("slider" in kinds for kinds in runs), "not even the first session got the app"
    missing = [i for i, kinds in enumerate(runs) if "slider" not in kinds or "multiselect" not in kinds]
    assert not missing, f"sessions {missing} of 4 got the page without the app's sidebar filters"
