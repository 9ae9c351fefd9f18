"""Baseline for the benchmarks: a bare Streamlit page with one plotly figure and one pydeck map,
each with as many points as the dashboard draws (``BASELINE_POINTS``, default 41: the curated
events). Nothing else: no data loading, no sidebar, no tables.

    .venv/bin/python -m streamlit run benchmarks/baseline_app.py
"""

from __future__ import annotations

import os
import random

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

N = int(os.environ.get("BASELINE_POINTS", "41"))
rng = random.Random(42)
dates = pd.to_datetime("2020-01-01") + pd.to_timedelta([rng.randint(0, 2555) for _ in range(N)], unit="D")
lanes = [f"Lane {rng.randint(1, 9)}" for _ in range(N)]
points = [
    {"position": [60 + rng.random() * 60, 35 + rng.random() * 15], "tooltip": f"Point {i}"} for i in range(N)
]

st.set_page_config(page_title="Baseline", layout="wide")
st.title("Baseline")
fig = go.Figure(
    go.Scatter(
        x=dates,
        y=lanes,
        mode="markers",
        marker=dict(size=12),
        hovertext=[f"Point {i}" for i in range(N)],
        hovertemplate="%{hovertext}<extra></extra>",
    )
)
fig.update_layout(height=420)
st.plotly_chart(fig, width="stretch")
deck = pdk.Deck(
    layers=[
        pdk.Layer(
            "ScatterplotLayer",
            points,
            id="points",
            get_position="position",
            get_radius=8,
            radius_units="'pixels'",
            get_fill_color=[230, 159, 0, 200],
            pickable=True,
        )
    ],
    initial_view_state=pdk.ViewState(latitude=42, longitude=80, zoom=2.5),
    map_provider=None,
    tooltip={"text": "{tooltip}"},
)
st.pydeck_chart(deck, height=560, width="stretch")
