"""Several replicas of the dashboard behind Debian's nginx, on this machine's loopback.

    make cluster                        # 2 replicas behind nginx on http://127.0.0.1:8080
    .venv/bin/python -m deploy.cluster --replicas 3 --port 8080

Each replica is ``streamlit run server.py`` on its own port; all share one ``server.cookieSecret``
(``STREAMLIT_SERVER_COOKIE_SECRET``, made at start unless set). nginx (``deploy/nginx.conf.in``)
keeps a reader on one replica with a cookie (``cc5_route``, hashed onto the replicas; open-source
nginx has no ``sticky``), upgrades the websocket, compresses, and retries the next replica when
one fails to answer. This manager checks ``/_stcore/health`` of every replica every second: a
replica that fails is marked ``down`` and nginx reloaded, it is restarted, and it is put back
once healthy. A replica that is running but stops answering (stalled: ``STALL_CHECKS`` failed
checks in a row) is killed and restarted too. nginx gives up on a silent replica after 5 s for
pages and data (60 s for pictures and briefings, an hour only for the websocket) and asks the
next. A reader on a replica that dies reconnects to another, and since the view lives in the
link, the page comes back as it was.

SIGTERM, SIGHUP or Ctrl-C to the manager stops nginx and every replica and removes the run
folder it made (``--keep-logs`` keeps it).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.in"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
STALL_CHECKS = 5  # failed checks in a row (about 5 s) after which a running replica is restarted
START_GRACE_S = 90.0  # a replica just started may take this long before its first answer


def stop_on_signals() -> None:
    """SIGTERM and SIGHUP end the process as Ctrl-C does, so that ``finally`` blocks stop what it
    started (the cluster manager, benchmarks.scale)."""
    def interrupt(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(signal.Signals(signum).name)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupt)


def healthy(url: str, timeout: float = 1.5) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=timeout) as r:  # noqa: S310 - loopback
            return r.status == 200
    except OSError:
        return False


def nginx_conf(run_dir: Path, port: int, replicas: Mapping[int, bool], host: str = "127.0.0.1") -> str:
    """The nginx configuration: ``replicas`` maps each replica's port to whether it is up."""
    servers = "\n".join(
        f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s{'' if up else ' down'};"
        for p, up in replicas.items()
    )
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in {"RUN": str(run_dir), "LISTEN": f"{host}:{port}", "SERVERS": servers}.items():
        text = text.replace("@" + key + "@", value)
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
    return user + text


class Replica:
    def __init__(self, port: int, env: Mapping[str, str], log: Path) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.env = {**env, "CC5_REPLICA": f"replica-{port}"}
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None
        self.up = False
        self.failures = 0  # failed health checks in a row while running
        self.started = 0.0
        self.answered = False  # healthy at least once since its start

    def stalled(self) -> bool:
        """Running, but not answering: STALL_CHECKS failed checks in a row after it had answered
        (or after the start-up grace)."""
        late = self.answered or time.monotonic() - self.started > START_GRACE_S
        return self.alive() and self.failures >= STALL_CHECKS and late

    def start(self) -> None:
        self.failures, self.started, self.answered = 0, time.monotonic(), False
        cmd = [sys.executable, "-m", "streamlit", "run", "server.py", "--server.address", "127.0.0.1",
               "--server.port", str(self.port), "--server.headless", "true"]
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=self.env)

    @property
    def pid(self) -> int:
        return self.proc.pid if self.proc else -1

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)  # also ends a stopped (SIGSTOP) process
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Cluster:
    """``replicas`` Streamlit servers and one nginx in front, with health checks and restarts."""

    def __init__(
        self,
        replicas: int = 2,
        port: int = 8080,
        first_port: int = 8601,
        env: Mapping[str, str] | None = None,
        run_dir: Path | None = None,
        restart: bool = True,
        replica_ports: Sequence[int] | None = None,
    ) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.owns_run_dir = run_dir is None  # made here: removed by stop()
        self.run_dir = Path(run_dir or tempfile.mkdtemp(prefix="cc5-cluster-"))
        self.run_dir.mkdir(parents=True, exist_ok=True)
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run_dir / sub).mkdir(exist_ok=True)
            (self.run_dir / sub).chmod(0o777)  # nginx's workers run as nobody when started as root
        self.run_dir.chmod(0o755)
        base_env = {**os.environ, **(env or {})}
        base_env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
        ports = list(replica_ports or range(first_port, first_port + replicas))
        self.replicas = [Replica(p, base_env, self.run_dir / f"replica-{p}.log") for p in ports]
        self.restart = restart
        self.keep_run_dir = False
        self.nginx: subprocess.Popen[bytes] | None = None
        self.events: list[str] = []  # what the health checker did, for logs and tests
        self._stop = threading.Event()
        self._checker: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def conf(self) -> Path:
        return self.run_dir / "nginx.conf"

    def _write_conf(self) -> None:
        self.conf.write_text(nginx_conf(self.run_dir, self.port, {r.port: r.up for r in self.replicas}))

    def _nginx(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([NGINX, "-p", str(self.run_dir), "-c", str(self.conf), *args],
                              capture_output=True, text=True, timeout=20)

    def start(self, timeout: float = 120) -> Cluster:
        for r in self.replicas:
            r.start()
        deadline = time.monotonic() + timeout
        while not all(r.up for r in self.replicas):
            for r in self.replicas:
                if not r.alive():
                    raise RuntimeError(f"replica on port {r.port} exited; see {r.log}")
                r.up = r.up or healthy(r.url)
                r.answered = r.answered or r.up  # it has answered: a stall from now on is not its start-up
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"replicas not healthy within {timeout} s; see {self.run_dir}")
            time.sleep(0.2)
        self._write_conf()
        checked = self._nginx("-t")
        if checked.returncode != 0:
            self.stop()
            raise RuntimeError("nginx rejected its configuration:\n" + checked.stderr)
        with open(self.run_dir / "nginx.out", "ab") as out:
            self.nginx = subprocess.Popen([NGINX, "-p", str(self.run_dir), "-c", str(self.conf)],
                                          stdout=out, stderr=subprocess.STDOUT)
        while not healthy(self.url):
            if self.nginx.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"nginx did not start; see {self.run_dir}/error.log")
            time.sleep(0.1)
        self._checker = threading.Thread(target=self._check_loop, name="cc5-health", daemon=True)
        self._checker.start()
        return self

    def _check_loop(self, every: float = 1.0) -> None:
        while not self._stop.wait(every):
            changed = False
            for r in self.replicas:
                ok = r.alive() and healthy(r.url, timeout=2)
                r.failures = 0 if ok else r.failures + 1
                r.answered = r.answered or ok
                if ok != r.up:
                    r.up = ok
                    changed = True
                    self.events.append(f"{time.strftime('%H:%M:%S')} replica {r.port} {'up' if ok else 'down'}")
                if self._stop.is_set() or not self.restart:
                    continue
                if r.stalled():
                    self.events.append(f"{time.strftime('%H:%M:%S')} replica {r.port} stalled: killed and restarted")
                    r.kill()
                    r.start()
                elif not r.alive():
                    self.events.append(f"{time.strftime('%H:%M:%S')} replica {r.port} restarted")
                    r.start()
            if changed and not self._stop.is_set():
                with self._lock:
                    self._write_conf()
                    self._nginx("-s", "reload")

    def serving(self) -> list[int]:
        return [r.port for r in self.replicas if r.up]

    def stop(self) -> None:
        self._stop.set()
        if self._checker is not None:
            self._checker.join(timeout=5)
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.terminate()
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
        for r in self.replicas:
            r.stop()
        if self.owns_run_dir and not self.keep_run_dir:
            shutil.rmtree(self.run_dir, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m deploy.cluster", description=__doc__.split("\n\n")[0])
    p.add_argument("--replicas", type=int, default=2)
    p.add_argument("--port", type=int, default=8080, help="nginx's port on 127.0.0.1 (default 8080)")
    p.add_argument("--first-port", type=int, default=8601, help="the first replica's port (default 8601)")
    p.add_argument("--keep-logs", action="store_true", help="keep the run folder (logs) after stopping")
    args = p.parse_args(argv)
    if not Path(NGINX).exists():
        sys.stderr.write("error: nginx not found: install Debian's nginx (bash scripts/ensure_system.sh as root)\n")
        return 1
    cluster = Cluster(args.replicas, args.port, args.first_port)
    cluster.keep_run_dir = args.keep_logs
    stop_on_signals()
    try:
        cluster.start()
    except KeyboardInterrupt:
        cluster.stop()
        return 0
    sys.stdout.write(f"{args.replicas} replicas behind nginx: {cluster.url} (logs in {cluster.run_dir}). "
                     "Ctrl-C or SIGTERM stops them.\n")
    sys.stdout.flush()
    seen = 0
    try:
        while True:
            time.sleep(1)
            for line in cluster.events[seen:]:
                sys.stdout.write(line + "\n")
            seen = len(cluster.events)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
