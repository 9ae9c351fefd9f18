"""The dashboard as an ASGI app: Streamlit's own ``st.App`` around ``app.py``, with the data
routes under ``/api/v1`` (components/web/api.py), the charts' plotly.js bundle
(components/web/plot.py), compression, security headers and an optional host allow-list
(components/web/webserver.py). ``make run`` starts it with ``streamlit run server.py``.
"""

import streamlit as st

from components.web import api, plot, startup, webserver

startup.refuse_or_continue()  # a bad setting stops here: one sentence, exit 2, nothing announced
app = st.App("app.py", routes=[*api.routes(), *plot.routes()], middleware=webserver.middleware(),
             lifespan=webserver.lifespan)
