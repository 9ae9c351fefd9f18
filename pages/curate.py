"""Curator's workspace: add or correct a row, checked live, previewed, saved with its changelog
entry. Served only when the server is started with CC5_CURATE=1 (README, "Curator's workspace")."""

import streamlit as st

from components.data import registry
from components.web import ui

if not registry.curating():  # checked before anything else, even when the script runs alone
    st.error("The curator's workspace is off: start the server with CC5_CURATE=1 to use it.")
    st.stop()
ui.page_guard()

from components.curate import workspace  # noqa: E402 - loaded only with the switch on

workspace.show()
