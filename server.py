"""The dashboard as an ASGI app: Streamlit's own ``st.App`` around ``app.py``, with the data
routes under ``/api/v1`` (components/api.py), compression, security headers and an optional
host allow-list (components/webserver.py). ``make run`` starts it with ``streamlit run server.py``.
"""

import streamlit as st

from components import api, startup, webserver

startup.refuse_or_continue()  # a bad setting stops here: one sentence, exit 2, nothing announced
app = st.App("app.py", routes=api.routes(), middleware=webserver.middleware(), lifespan=webserver.lifespan)
