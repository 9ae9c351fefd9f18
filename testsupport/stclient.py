"""A minimal Streamlit client over the app's own websocket (``/_stcore/stream``), for timing
script runs on a real server and for the load test.

It speaks the protocol the browser speaks: protobuf ``BackMsg.rerun_script`` carrying the page,
the query string and the widget states; the server answers with ``ForwardMsg`` deltas and a
``script_finished``. A run is timed from sending the request to the ``script_finished`` that ends
it (a run stopped early for an ``st.rerun`` is followed to the run that completes). Nothing is
drawn: this measures the server (script, serialisation, transport), not the browser.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent

FINISHED_OK = 0
FINISHED_COMPILE_ERROR = 1
FINISHED_EARLY_FOR_RERUN = 2


@dataclass
class RunResult:
    seconds: float
    bytes: int = 0
    messages: int = 0
    elements: list[tuple[str, Any]] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    compile_error: bool = False

    def of(self, kind: str) -> list[Any]:
        return [proto for k, proto in self.elements if k == kind]

    def widget(self, kind: str, label: str) -> Any | None:
        return next((p for p in self.of(kind) if getattr(p, "label", None) == label), None)

    def text(self) -> str:
        parts = []
        for k, p in self.elements:
            if k in ("markdown", "alert", "heading"):
                parts.append(p.body)
        return "\n".join(parts)

    @property
    def ok(self) -> bool:
        return not self.exceptions and not self.compile_error


class Session:
    """One browser-like session: a websocket, its widget states, and timed reruns."""

    def __init__(self, base_url: str, timeout: float = 120.0) -> None:
        from websockets.sync.client import connect

        self.base_url = base_url.rstrip("/")
        parsed = urlparse(self.base_url)
        self.timeout = timeout
        self.ws = connect(
            f"ws://{parsed.netloc}/_stcore/stream",
            subprotocols=["streamlit"],  # type: ignore[list-item]
            max_size=None,
            compression=None,
            open_timeout=timeout,
            ping_interval=None,
            legacy=True,
        )
        # as browsers do: no Nagle delay on our small requests (otherwise runs snap to ~40 ms steps)
        self.ws.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.widgets: dict[str, Any] = {}
        self.page = ""
        self.query = ""

    # ------------------------------------------------------------------ widgets

    def set_slider(self, proto: Any, values: Sequence[float]) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        w = WidgetState(id=proto.id)
        w.double_array_value.data.extend(float(v) for v in values)
        self.widgets[proto.id] = w

    def set_multiselect(self, proto: Any, values: Sequence[str]) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        w = WidgetState(id=proto.id)
        w.string_array_value.data.extend(values)
        self.widgets[proto.id] = w

    def set_string(self, proto: Any, value: str) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        self.widgets[proto.id] = WidgetState(id=proto.id, string_value=value)

    def forget_widgets(self) -> None:
        self.widgets.clear()

    # ------------------------------------------------------------------ runs

    def run(self, page: str | None = None, query: Mapping[str, Any] | str | None = None) -> RunResult:
        """Ask for a run of ``page`` (its url path; '' for the default page) and wait for its end."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if page is not None:
            self.page = page
        if query is not None:
            self.query = query if isinstance(query, str) else urlencode(query, doseq=True)
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_name = self.page
        cs.context_info.url = f"{self.base_url}/{self.page}" + (f"?{self.query}" if self.query else "")
        cs.context_info.timezone = "UTC"
        cs.context_info.locale = "en-US"
        cs.widget_states.widgets.extend(self.widgets.values())
        result = RunResult(0.0)
        start = time.perf_counter()
        self.ws.send(msg.SerializeToString())
        deadline = start + self.timeout
        while True:
            raw = self.ws.recv(timeout=max(0.1, deadline - time.perf_counter()))
            assert isinstance(raw, bytes)
            result.bytes += len(raw)
            result.messages += 1
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                el = fwd.delta.new_element
                ek = el.WhichOneof("type")
                result.elements.append((ek, getattr(el, ek)))
                if ek == "exception":
                    result.exceptions.append(f"{el.exception.type}: {el.exception.message}")
            elif kind == "script_finished":
                if fwd.script_finished == FINISHED_EARLY_FOR_RERUN:
                    result.elements.clear()
                    continue
                result.compile_error = fwd.script_finished == FINISHED_COMPILE_ERROR
                result.seconds = time.perf_counter() - start
                return result

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:  # noqa: BLE001 - closing a dead socket is fine
            pass


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    """A free port of 127.0.0.1: the first free one of ``CC5_TEST_PORTS`` (``8660-8669``) when
    set (several people sharing a machine, each in their own range), else any the system gives.
    Under pytest-xdist each worker takes every n-th port of the range from its own offset, so two
    workers never pick the same free port before either has bound it."""
    first, _sep, last = os.environ.get("CC5_TEST_PORTS", "").partition("-")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:]
    offset = int(worker) if worker.isdigit() else 0
    step = max(1, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1))
    for port in range(int(first) + offset, int(last or first) + 1, step) if first.isdigit() else ():
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``streamlit run <script>`` (default: server.py, the app with its data routes) on a free port
    of 127.0.0.1, with its pid for /proc readings."""

    def __init__(
        self,
        script: Path = ROOT / "server.py",
        env: Mapping[str, str] | None = None,
        log: Path | None = None,
        wait: bool = True,
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [
            sys.executable, "-m", "streamlit", "run", str(script),
            "--server.address", "127.0.0.1", "--server.port", str(self.port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        if log is not None and log.is_dir():  # a folder: one log per server, named by its port
            log = log / f"server-{self.port}.log"
        self.log_path = log
        self._log = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
        self.ready_after: float | None = None
        if wait:
            self.wait_ready()

    def wait_ready(self, timeout: float = 90) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        self.ready_after = time.perf_counter() - self.started
                        return self.ready_after
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"streamlit did not answer on {self.url} within {timeout} s")

    @property
    def pid(self) -> int:
        return self.proc.pid

    def rss_mib(self) -> float:
        """Resident set size of the server process (VmRSS in /proc/<pid>/status), MiB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        if self._log is not subprocess.DEVNULL:
            self._log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
