"""Memory under hostile paths (issue 22 item 1): the compressed-asset cache once kept one entry per
request path under /static/, so the same bundle spelled 3,000 ways (``/static/js//a.js``,
``/static/js/./a.js``: Streamlit serves the file for each) and 3,000 made-up paths (answered with
the app shell) filled it and the server's memory grew by its whole budget and more."""

from __future__ import annotations

import re
import urllib.request

from testsupport.stclient import Server

MARGIN_MIB = 40  # the growth allowed after 3,000 made-up paths (it was 216 MiB)


def _get(url: str, encoding: str = "br, gzip") -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:  # noqa: S310 - 127.0.0.1
            return int(r.status), {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def test_made_up_static_paths_do_not_grow_the_server():
    with Server() as srv:
        status, _, shell = _get(srv.url + "/", "identity")
        bundle = re.search(rb'"\./(static/js/index[^"]+\.js)"', shell)
        assert status == 200 and bundle, "the app shell names its bundle"
        status, headers, _ = _get(f"{srv.url}/{bundle.group(1).decode()}")
        assert status == 200 and headers.get("content-encoding") == "br", "a real bundle is compressed"
        assert headers.get("etag", "").endswith('-br"'), "and carries its encoding's own ETag"
        real = bundle.group(1).decode()
        # Warm up on one path of each kind, repeated: the server's first-request costs are paid
        # before the measurement, and a cache keyed by the path holds one entry of each.
        for _ in range(100):
            _get(f"{srv.url}/warm/{real}")
            _get(f"{srv.url}/static/warm/{'x' * 200}.js")
        before = srv.rss_mib()
        name = real.rsplit("/", 1)[1]
        for i in range(3000):
            if i % 2:  # another spelling of the real bundle (Streamlit serves it): one file, one entry
                _get(f"{srv.url}/static/js/{'/' * (1 + i % 200)}{'./' * (i // 200)}{name}")
            else:  # a made-up path under /static/: Streamlit answers with its app shell
                _get(f"{srv.url}/static/made-up-{i}/{'x' * 200}.js")
        after = srv.rss_mib()
    assert after - before < MARGIN_MIB, f"RSS grew {after - before:.0f} MiB ({before:.0f} -> {after:.0f})"
