"""Who may use the curator's workspace: pure rules, no Streamlit.

With the switch on, the page works only when the server listens on loopback alone, or when a
curator token (``CC5_CURATE_TOKEN``) is set and the curator has entered it in the page.
"""

from __future__ import annotations

import hmac
import os

TOKEN_ENV = "CC5_CURATE_TOKEN"
LOOPBACK: frozenset[str] = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def loopback_only(address: object) -> bool:
    """Whether ``server.address`` limits the server to this machine (unset means every interface)."""
    return isinstance(address, str) and address.strip().lower() in LOOPBACK


def token() -> str:
    """The curator token the server was started with ("" when none)."""
    return os.environ.get(TOKEN_ENV, "").strip()


def token_matches(entered: str) -> bool:
    """The entered token is the server's (compared in constant time); never true without a token."""
    expected = token()
    return bool(expected) and hmac.compare_digest(entered.strip().encode(), expected.encode())


def refusal(address: object, entered: str) -> str | None:
    """Why the workspace refuses to work, in plain words, or None when it may."""
    if loopback_only(address) or token_matches(entered):
        return None
    if token():
        return "Enter the curator token this server was started with (CC5_CURATE_TOKEN) to open the workspace."
    return (
        "The curator's workspace works only on a server that listens on this machine alone "
        "(CC5_CURATE=1 make run serves on 127.0.0.1), or with a curator token: start the server with "
        "CC5_CURATE_TOKEN set and enter the token here."
    )


def startup_refusal(switch_on: bool, address: object, token_set: bool) -> str | None:
    """Why a server with the curation switch must not start (an open address without a token),
    or None. The server's lifespan raises with these words (components/web/webserver.py)."""
    if not switch_on or loopback_only(address) or token_set:
        return None
    return (
        f"CC5_CURATE=1 on a server listening on {address or 'every interface'!s}: the curator's workspace "
        "writes the data, so it runs only on 127.0.0.1 (CC5_CURATE=1 make run) or with a curator token "
        "(CC5_CURATE_TOKEN=… in the environment). The server was not started."
    )
