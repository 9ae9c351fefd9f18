"""The harness the tests and the benchmarks share: a Streamlit server on a free loopback port
(``stclient.Server``), a client over its websocket (``stclient.Session``), and Chromium launched
as both launch it (``browser``)."""
