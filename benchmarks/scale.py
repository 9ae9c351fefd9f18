"""Load through nginx on several replicas, and the data routes under many clients.

    .venv/bin/python -m benchmarks.scale                   # 50 sessions on 1 replica, 100 on 2; 60 s each
    .venv/bin/python -m benchmarks.scale --seconds 20 --configs 1x20,2x40 --route-clients 20

For each configuration (replicas x sessions) it starts the replicas behind Debian's nginx
(deploy/cluster.py), opens each replica once (as a first visitor would), then runs the sessions
of benchmarks/load.py through nginx: each is a websocket client changing the years, the
countries or the page like a reader, with 0.5–2 s of think time. It reports errors, reruns per
second, the p50/p95 from a change to the finished run, and each replica's resident memory
before, at peak and 60 s after the load (and how many sessions nginx sent to each). Then
``--route-clients`` clients fetch filtered CSVs (20 different views) from the data routes for
the same time: requests per second, p50/p95, errors. Everything runs on this machine: the
clients share its cores with the servers, so the figures are a floor, not a ceiling.
Results go to artifacts/scale.json and are printed as Markdown (docs/benchmarks.md keeps them).
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.load import percentile, run_load
from deploy.cluster import Cluster, stop_on_signals
from testsupport.stclient import Session, free_port

ROOT = Path(__file__).resolve().parent.parent
COUNTRIES = ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan", "China"]


def rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _ports(n: int) -> list[int]:
    ports: list[int] = []
    while len(ports) < n:
        if (p := free_port()) not in ports:
            ports.append(p)
    return ports


def _views(n: int = 20, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        a = rng.randint(2020, 2026)
        cs = [c for c in COUNTRIES if rng.random() < 0.5] or ["Kazakhstan"]
        out.append("/api/v1/timeline.csv?" + "&".join(f"country={c}" for c in cs) + f"&years={a}&years=2026")
    return out


def route_load(port: int, clients: int, seconds: float) -> dict[str, Any]:
    """``clients`` threads, each on a keep-alive connection, fetching filtered CSVs for ``seconds``."""
    views = _views()
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(i: int) -> None:
        rng = random.Random(i)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop_at:
            path = rng.choice(views)
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
                resp = conn.getresponse()
                body = resp.read()
                ok = resp.status == 200 and len(body) > 0
            except (OSError, http.client.HTTPException) as exc:
                ok, body = False, str(exc).encode()
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            took = time.perf_counter() - start
            with lock:
                times.append(took) if ok else errors.append(body[:80].decode(errors="replace"))
        conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 60)
    elapsed = time.monotonic() - start
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(times),
        "errors": len(errors),
        "error_examples": errors[:3],
        "rps": round(len(times) / elapsed, 1) if elapsed else None,
        "p50_ms": round(statistics.median(times) * 1000, 1) if times else None,
        "p95_ms": round(percentile(times, 95) * 1000, 1) if times else None,
    }


def sessions_per_replica(run_dir: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    log = run_dir / "access.log"
    if not log.exists():
        return counts
    for line in log.read_text(errors="replace").splitlines():
        if '"GET /_stcore/stream' in line and " upstream=" in line:
            up = line.rsplit(" upstream=", 1)[1].split()[0]
            counts[up] = counts.get(up, 0) + 1
    return counts


def one_config(
    replicas: int, sessions: int, seconds: float, after: float, route_clients: int, shared: int = 0
) -> dict[str, Any]:
    ports = _ports(replicas + 1)
    run_dir = Path(tempfile.mkdtemp(prefix="cc5-scale-"))
    cluster = Cluster(port=ports[0], replica_ports=ports[1:], run_dir=run_dir, restart=False).start()
    try:
        for r in cluster.replicas:  # a first visitor on each replica, as in benchmarks/load.py
            s = Session(r.url, timeout=180)
            s.run("")
            s.close()
        time.sleep(2)
        before = {r.port: rss_mib(r.pid) for r in cluster.replicas}
        peak = dict(before)
        sampling = threading.Event()

        def sample() -> None:
            while not sampling.wait(0.5):
                for r in cluster.replicas:
                    peak[r.port] = max(peak[r.port], rss_mib(r.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        load = run_load(cluster.url, sessions=sessions, duration=seconds, max_reruns=10_000, think=(0.5, 2.0),
                        shared=shared)
        sampling.set()
        sampler.join()
        time.sleep(after)
        settled = {r.port: rss_mib(r.pid) for r in cluster.replicas}
        routes = route_load(cluster.port, route_clients, seconds) if route_clients else None
        return {
            "replicas": replicas,
            "sessions": sessions,
            "views": f"{shared} shared" if shared else "all different",
            "load": {k: v for k, v in load.items() if k != "errors"} | {"errors": len(load["errors"]),
                                                                          "error_examples": load["errors"][:3]},
            "rss_mib": {str(p): {"before": round(before[p], 1), "peak": round(peak[p], 1),
                                 f"after_{int(after)}s": round(settled[p], 1)} for p in before},
            "sessions_per_replica": sessions_per_replica(run_dir),
            "routes": routes,
        }
    finally:
        cluster.stop()
        shutil.rmtree(run_dir, ignore_errors=True)  # its logs were read above; nothing left in /tmp


def markdown(results: list[dict[str, Any]]) -> str:
    lines = ["| replicas × sessions | views | errors | reruns/s | p50 change→run (s) | p95 (s) "
             "| RSS per replica before → peak → 60 s after (MiB) | sessions per replica |",
             "|---|---|---|---|---|---|---|---|"]
    for r in results:
        load = r["load"]
        rss = "; ".join(f"{v['before']} → {v['peak']} → {list(v.values())[2]}" for v in r["rss_mib"].values())
        spread = ", ".join(str(n) for n in r["sessions_per_replica"].values()) or "—"
        lines.append(f"| {r['replicas']} × {r['sessions']} | {r['views']} | {load['errors']} | "
                     f"{load['throughput_per_s']} | {load['rerun_p50_s']} | {load['rerun_p95_s']} | {rss} | {spread} |")
    lines += ["", "| data routes (filtered CSV, 20 views) | clients | requests/s | p50 (ms) | p95 (ms) | errors |",
              "|---|---|---|---|---|---|"]
    for r in results:
        if r["routes"]:
            q = r["routes"]
            lines.append(f"| {r['replicas']} replica(s) behind nginx | {q['clients']} | {q['rps']} | {q['p50_ms']} | "
                         f"{q['p95_ms']} | {q['errors']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__.split("\n\n")[0])
    p.add_argument("--configs", default="1x50,2x100", help="replicas x sessions, comma-separated; "
                   "a third part is the number of shared views (2x100x20: readers move among 20 views)")
    p.add_argument("--seconds", type=float, default=60.0, help="load time per configuration")
    p.add_argument("--after", type=float, default=60.0, help="seconds to wait before reading memory again")
    p.add_argument("--route-clients", type=int, default=50, help="clients of the data routes (0: skip)")
    p.add_argument("--out", type=Path, default=ROOT / "artifacts" / "scale.json")
    args = p.parse_args(argv)
    stop_on_signals()  # SIGTERM stops the cluster and removes its folder, as Ctrl-C does
    results = []
    for spec in args.configs.split(","):
        replicas, sessions, *rest = (int(x) for x in spec.lower().split("x"))
        shared = rest[0] if rest else 0
        sys.stdout.write(f"{replicas} replica(s), {sessions} sessions, {args.seconds:.0f} s…\n")
        sys.stdout.flush()
        results.append(one_config(replicas, sessions, args.seconds, args.after, args.route_clients, shared))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    sys.stdout.write(markdown(results) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
