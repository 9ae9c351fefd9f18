"""What the server checks before it serves anything, and the one line it prints when it does.

``server.py`` calls :func:`refuse_or_continue` first thing, when uvicorn (under ``streamlit run``
or started directly) imports the app: a bad setting stops the process there, with one plain
sentence on stderr and exit status 2, before anything is announced or served. Streamlit's own
welcome message is off (``.streamlit/config.toml``: ``logger.hideWelcomeMessage``): on an open
address it would ask checkip.amazonaws.com for this machine's address, and it printed the URL
before a refusal. :func:`announce` prints the address instead, once the checks have passed,
from the address uvicorn actually binds (``uvicorn server:app --host 127.0.0.1`` included).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

Env = Mapping[str, str]
_BOUND: list[tuple[str, int | None]] = []  # the address found when the app was imported


def uvicorn_bind() -> tuple[str | None, int | None]:
    """(host, port) of the uvicorn server importing this app, read from its ``Config`` on the
    call stack (uvicorn imports the app inside ``Config.load``); (None, None) when there is none."""
    frame: Any = sys._getframe(1)
    while frame is not None:
        owner: Any = frame.f_locals.get("self")
        if type(owner).__name__ == "Config" and type(owner).__module__.startswith("uvicorn"):
            if getattr(owner, "uds", None) or getattr(owner, "fd", None) is not None:
                return "unix socket", None
            return str(owner.host), int(owner.port)
        frame = frame.f_back
    return None, None


def bind_address() -> tuple[str, int | None]:
    """The address the server listens on: uvicorn's own when it is importing us, else
    Streamlit's ``server.address`` option ("" = every interface)."""
    host, port = uvicorn_bind()
    if host is not None:
        return host, port
    import streamlit as st

    return str(st.get_option("server.address") or ""), int(st.get_option("server.port"))


def listening_address() -> str:
    """The address the server was found to bind when the app was imported (Streamlit's option
    when the app runs without server.py, e.g. under AppTest)."""
    if _BOUND:
        return _BOUND[0][0]
    import streamlit as st

    return str(st.get_option("server.address") or "")


def refusals(env: Env, address: str) -> list[str]:
    """Every reason not to start, each one sentence; empty when the server may start."""
    from components.web import hosts
    from components.web.access import startup_refusal

    why: list[str] = []
    try:
        hosts.frame_ancestors(env)
    except ValueError as exc:
        why.append(str(exc) + ".")
    try:
        hosts.public_url(env)
    except ValueError as exc:
        why.append(str(exc) + ".")
    curating = env.get("CC5_CURATE", "") == "1"
    refused = startup_refusal(curating, address, bool(env.get("CC5_CURATE_TOKEN", "").strip()))
    if refused:
        why.append(refused)
    return why


def refuse_or_continue(env: Env = os.environ) -> None:
    """Stop the process with exit status 2 and the reasons, one line each, when a setting is bad."""
    address, port = bind_address()
    _BOUND[:] = [(address, port)]
    why = refusals(env, address)
    if why:
        sys.stderr.write("".join(f"error: {w}\n" for w in why))
        sys.stderr.flush()
        os._exit(2)  # before serving or announcing anything; an exception would print a traceback


def announce() -> None:
    """The one line saying where the dashboard is, printed once the checks have passed."""
    host, port = _BOUND[0] if _BOUND else bind_address()
    if host == "unix socket":
        return
    shown = "localhost" if host in ("", "0.0.0.0", "::") else host  # noqa: S104
    where = " (listening on every interface)" if host in ("", "0.0.0.0", "::") else ""  # noqa: S104
    name = f"[{shown}]" if ":" in shown else shown
    sys.stdout.write(f"\n  The dashboard is ready: http://{name}:{port}/{where}\n\n")
    sys.stdout.flush()


__all__: list[Any] = ["refuse_or_continue", "announce", "bind_address", "refusals"]
