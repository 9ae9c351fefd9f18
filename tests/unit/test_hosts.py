"""Which Host the server answers and which page may open its websocket (components/web/hosts.py):
DNS rebinding against the curator's workspace, cross-site websockets, health checks behind an
allow-list, and the public address links are made of."""

from __future__ import annotations

import socket
import urllib.request

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.testclient import TestClient
from starlette.websockets import WebSocket, WebSocketDisconnect

from components.web import hosts, webserver


async def _ws(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_text("hello")
    await websocket.close()


def _app(env: dict[str, str]) -> Starlette:
    routes = [Route("/curate", lambda r: PlainTextResponse("workspace")),
              Route("/_stcore/health", lambda r: PlainTextResponse("ok")),
              WebSocketRoute("/_stcore/stream", _ws)]
    return Starlette(routes=routes, middleware=webserver.middleware(env))


def _ws_opens(client: TestClient, headers: dict[str, str] | None = None) -> bool:
    """Whether the websocket opens; the Host is the client's (TestClient would send "testserver")."""
    headers = {"host": client.base_url.netloc.decode(), **(headers or {})}
    try:
        with client.websocket_connect("/_stcore/stream", headers=headers) as ws:
            return ws.receive_text() == "hello"
    except WebSocketDisconnect:
        return False


CURATING = {"CC5_CURATE": "1"}


@pytest.mark.parametrize("host", ["127.0.0.1:8501", "localhost:8501", "[::1]:8501", "localhost"])
def test_workspace_on_loopback_names_are_served(host):
    with TestClient(_app(CURATING), base_url=f"http://{host}") as c:
        assert c.get("/curate").status_code == 200
        assert _ws_opens(c, {"origin": f"http://{host}"})


def test_workspace_on_a_rebound_name_is_refused_on_http_and_websocket():
    """A page on rebind.evil.example whose address now points at 127.0.0.1: same-origin for the
    browser, so only the Host tells it apart."""
    with TestClient(_app(CURATING), base_url="http://rebind.evil.example:8501") as c:
        r = c.get("/curate")
        assert r.status_code == 400 and "rebind.evil.example" in r.text
        assert not _ws_opens(c, {"origin": "http://rebind.evil.example:8501"})
        assert not _ws_opens(c)
        assert c.get("/_stcore/health").text == "ok", "the health check answers whatever the Host"


def test_workspace_on_allowed_hosts_serves_them_and_loopback_only():
    env = {**CURATING, "CC5_ALLOWED_HOSTS": "curate.example.org"}
    with TestClient(_app(env), base_url="http://curate.example.org") as c:
        assert c.get("/curate").status_code == 200
    with TestClient(_app(env), base_url="http://127.0.0.1:8501") as c:
        assert c.get("/curate").status_code == 200
    with TestClient(_app(env), base_url="http://other.example.org") as c:
        assert c.get("/curate").status_code == 400


def test_a_websocket_from_another_sites_page_is_refused():
    """Cross-site websocket: Host is this server, Origin is another site's page."""
    for env in ({}, CURATING):
        with TestClient(_app(env), base_url="http://127.0.0.1:8501") as c:
            assert not _ws_opens(c, {"origin": "http://evil.example"}), env
            assert not _ws_opens(c, {"origin": "null"}), env
            assert _ws_opens(c, {"origin": "http://127.0.0.1:8501"}), env
            assert _ws_opens(c), "no Origin (not a browser): served"


def test_without_the_workspace_or_a_list_every_host_is_served():
    with TestClient(_app({}), base_url="http://anything.example") as c:
        assert c.get("/curate").status_code == 200
        assert _ws_opens(c, {"origin": "http://anything.example"})


def test_health_checks_answer_whatever_the_allow_list():
    """Probes ask by address (Host: 127.0.0.1 or the pod's IP): they must pass the allow-list."""
    env = {"CC5_ALLOWED_HOSTS": "monitor.example.org"}
    for host in ("127.0.0.1:8501", "10.0.0.7:8501", "monitor.example.org"):
        with TestClient(_app(env), base_url=f"http://{host}") as c:
            assert c.get("/_stcore/health").text == "ok", host
    with TestClient(_app(env), base_url="http://127.0.0.1:8501") as c:
        assert c.get("/curate").status_code == 400, "the pages stay behind the list"


def test_host_names_and_public_base():
    assert hosts.host_name("[::1]:8501") == "::1" and hosts.host_name("Example.ORG.:80") == "example.org"
    assert hosts.listed("a.example.org", ["*.example.org"]) and not hosts.listed("example.org.evil", ["*.example.org"])
    assert hosts.base_url("http", "evil.example", {}) == "/", "an untrusted Host never reaches a link"
    assert hosts.base_url("http", "127.0.0.1:8501", {}) == "http://127.0.0.1:8501/"
    assert hosts.base_url("https", "m.example.org", {"CC5_ALLOWED_HOSTS": "m.example.org"}) == "https://m.example.org/"
    assert hosts.base_url("http", "evil.example", {"CC5_ALLOWED_HOSTS": "*"}) == "/"
    env = {"CC5_PUBLIC_URL": "https://monitor.example.org/cc5"}
    assert hosts.base_url("http", "127.0.0.1", env) == "https://monitor.example.org/cc5/"
    with pytest.raises(ValueError, match="CC5_PUBLIC_URL"):
        hosts.public_url({"CC5_PUBLIC_URL": "javascript:alert(1)"})


def test_a_real_curating_server_refuses_a_rebound_host():
    """The same through `streamlit run server.py` with CC5_CURATE=1 on 127.0.0.1, no token."""
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    from testsupport.stclient import Server

    with Server(env={"CC5_CURATE": "1", "CC5_CURATE_TOKEN": ""}) as srv:
        netloc = srv.url.split("//")[1]

        def get(host: str) -> int:
            req = urllib.request.Request(srv.url + "/curate", headers={"Host": host})
            try:
                with urllib.request.urlopen(req, timeout=10) as r:  # noqa: S310
                    return int(r.status)
            except urllib.error.HTTPError as exc:
                return exc.code

        def ws(host: str, origin: str) -> bool:
            sock = socket.create_connection(("127.0.0.1", srv.port), timeout=10)  # the Host is the URI's
            try:
                with connect(f"ws://{host}/_stcore/stream", sock=sock, subprotocols=["streamlit"],  # type: ignore[list-item]
                             origin=origin, open_timeout=10):  # type: ignore[arg-type]
                    return True
            except InvalidStatus:
                return False

        evil = f"rebind.evil.example:{srv.port}"
        assert get(netloc) == 200 and get(evil) == 400
        assert ws(netloc, srv.url) is True
        assert ws(evil, f"http://{evil}") is False, "the rebound page's websocket was accepted"
        assert ws(netloc, "http://evil.example") is False, "another site's websocket was accepted"
