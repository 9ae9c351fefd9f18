"""The export renderer reaches no host: a PNG and a whole deck are made inside a network
namespace with only loopback (``unshare -n``), every socket call traced with strace; any
connection attempt or datagram to an address beyond loopback fails the test."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from components.render.images import browser_path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import sys
from components import views
from components.data.labels import dates_line
from components.exports.briefing import build_deck
from components.data.dataset import load_dataset, source_lookup
from components.data.filters import Filters
ds = load_dataset()
f = Filters(("KAZ", "UZB"), (2023, 2025))
png = views.timeline_view(ds, f).chart.png(source_lookup(ds), filters=f.describe(), dates=dates_line(ds))
deck = build_deck(ds, f, base_url="http://127.0.0.1:8501")
print("made", len(png), len(deck))
"""
ADDRESS = re.compile(r'sin_addr=inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"')
# Chromium's IPv6 reachability check: connect() on a UDP socket picks a route and sends nothing
# (net/dns/host_resolver_manager.cc, kIPv6ProbeAddress). Allowed only as a UDP connect.
ROUTE_PROBE = "2001:4860:4860::8888"


def _tools_missing() -> str:
    if os.geteuid() != 0:
        return "needs root for unshare -n"
    for tool in ("unshare", "strace"):
        if shutil.which(tool) is None:
            return f"{tool} not found (make test installs it: scripts/ensure_system.sh)"
    if browser_path() is None:
        return "no Chromium for kaleido"
    return ""


def _require_tools() -> None:
    missing = _tools_missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the offline-render check, but " + missing)
        pytest.skip(missing)


def test_png_and_deck_are_made_without_reaching_any_host(tmp_path):
    missing = _tools_missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the offline-render check, but " + missing)
        pytest.skip(missing)
    log = tmp_path / "strace.log"
    cmd = ["unshare", "-n", "strace", "-f", "-qq", "-e", "trace=socket,connect,sendto,sendmsg,sendmmsg",
           "-o", str(log), sys.executable, "-c", PROBE]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert "made" in done.stdout, done.stderr[-3000:]
    outside = _outside(log)
    assert not outside, "the renderer tried to reach beyond loopback:\n" + "\n".join(outside[:10])


def _outside(log: Path) -> list[str]:
    """The traced socket calls that reach beyond loopback (Chromium's route probe excepted)."""
    udp: set[tuple[str, str]] = set()  # (pid, fd) of UDP sockets
    pending: set[str] = set()  # pids whose UDP socket() call strace split across two lines
    outside = []
    for line in log.read_text(errors="replace").splitlines():
        pid = line.split(" ", 1)[0]
        if re.search(r"socket\(AF_INET6?, SOCK_DGRAM", line):
            fd = re.search(r"= (\d+)$", line)
            if fd:
                udp.add((pid, fd.group(1)))
            else:
                pending.add(pid)
            continue
        resumed = re.search(r"<\.\.\. socket resumed>.*= (\d+)$", line)
        if resumed and pid in pending:
            pending.discard(pid)
            udp.add((pid, resumed.group(1)))
            continue
        if not re.search(r"\b(connect|sendto|sendmsg|sendmmsg)\(", line):
            continue
        for v4, v6 in ADDRESS.findall(line):
            addr = v4 or v6
            if addr.startswith("127.") or addr in ("::1", "0.0.0.0", "::"):
                continue
            fd = re.search(r"\b(?:connect|sendto|sendmsg|sendmmsg)\((\d+)", line)
            if addr == ROUTE_PROBE and "connect(" in line and fd and (pid, fd.group(1)) in udp:
                continue
            outside.append(line[:300])
    return outside


SERVE = """
set -e
ip link set lo up
strace -f -qq -e trace=socket,connect,sendto,sendmsg,sendmmsg -o "$LOG" \\
  "$PY" -m streamlit run server.py --server.address 0.0.0.0 --server.port 8705 --server.headless true &
TRACER=$!
"$PY" -c "
import time, urllib.request
for _ in range(450):
    try:
        body = urllib.request.urlopen('http://127.0.0.1:8705/', timeout=2).read()
        print('served', len(body)); break
    except OSError:
        time.sleep(0.2)
"
kill -TERM $(cat /proc/$TRACER/task/$TRACER/children)
wait $TRACER || true
"""


def test_a_server_started_on_every_interface_reaches_no_host(tmp_path):
    """Issue 22 item 14: with HOST=0.0.0.0 (the Dockerfile's start) Streamlit asked
    checkip.amazonaws.com for an external address to print. The server starts, serves its page
    and stops inside a namespace with only loopback; no socket call goes beyond it."""
    _require_tools()
    if shutil.which("ip") is None:
        pytest.fail("the offline server check needs ip (iproute2) to bring loopback up")
    log = tmp_path / "strace.log"
    done = subprocess.run(["unshare", "-n", "sh", "-c", SERVE], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "LOG": str(log), "PY": sys.executable})
    assert "served" in done.stdout, (done.stdout + done.stderr)[-3000:]
    outside = _outside(log)
    assert not outside, "the server tried to reach beyond loopback:\n" + "\n".join(outside[:10])
