"""Logic of the China–Central Asia Cooperation Monitor, importable without a Streamlit server."""
