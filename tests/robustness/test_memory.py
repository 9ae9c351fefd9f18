"""Memory under hostile paths (issue 22 item 1): the compressed-asset cache once kept the app shell
once per made-up path containing /static/, and 3,000 such requests doubled the server's memory."""

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
        for i in range(100):  # warm up: the same work as below, so that what follows is growth alone
            _get(f"{srv.url}/warm-{i}/{real}")
        before = srv.rss_mib()
        for i in range(3000):  # paths containing /static/: Streamlit answers with the bundle or the shell
            _get(f"{srv.url}/made-up-{i}/{real}" if i % 2 else f"{srv.url}/static/made-up-{i}/{'x' * 200}.js")
        after = srv.rss_mib()
    assert after - before < MARGIN_MIB, f"RSS grew {after - before:.0f} MiB ({before:.0f} -> {after:.0f})"
