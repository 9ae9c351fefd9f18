"""The Kubernetes probes against a real server started with an allow-list (issue 22 item 5).

``CC5_ALLOWED_HOSTS`` once made ``/_stcore/health`` answer 400 to ``Host: 127.0.0.1``, so
``make cluster`` never got healthy and the Deployment's probes would have failed the same way.
A kubelet asks ``http://<pod IP>:<port><path>`` with ``Host: <pod IP>:<port>``: the paths and port
are read from deploy/k8s/deployment.yaml and asked exactly so, while pages stay behind the list.
"""

from __future__ import annotations

import http.client
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PROBES = ("startupProbe", "readinessProbe", "livenessProbe")


def _probes() -> list[tuple[str, str, int]]:
    docs = list(yaml.safe_load_all((ROOT / "deploy/k8s/deployment.yaml").read_text()))
    deployment = next(d for d in docs if d and d.get("kind") == "Deployment")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    return [(p, container[p]["httpGet"]["path"], int(container[p]["httpGet"]["port"])) for p in PROBES]


def _get(port: int, path: str, host: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": host})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def test_the_deployments_probes_pass_whatever_the_allow_list():
    from testsupport.stclient import Server

    probes = _probes()
    assert {p for p, _path, _port in probes} == set(PROBES)
    # wait_ready() itself asks /_stcore/health with Host: 127.0.0.1:<port>, as `make cluster` does
    with Server(env={"CC5_ALLOWED_HOSTS": "monitor.example.org"}) as srv:
        for probe, path, container_port in probes:
            for host in (f"10.244.1.17:{container_port}", f"127.0.0.1:{srv.port}", "[fd00::17]:8501"):
                status, body = _get(srv.port, path, host)
                assert (status, body.strip()) == (200, b"ok"), (probe, path, host, status, body[:200])
        status, _body = _get(srv.port, "/", "10.244.1.17:8501")
        assert status == 400, "a page asked by an address not on the list is refused"
        status, _body = _get(srv.port, "/api/v1/timeline.json", "10.244.1.17:8501")
        assert status == 400, "so is a data route"
        status, _body = _get(srv.port, "/", "monitor.example.org")
        assert status == 200, "the listed host is served"
