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
    assert not outside, "the renderer tried to reach beyond loopback:\n" + "\n".join(outside[:10])
