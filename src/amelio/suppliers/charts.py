"""Plotly figure of the supplier page: the score of each validated evaluation over time, with
the class thresholds as dotted lines. Texts come translated from the caller."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

LINE = "#0b5d5b"
THRESHOLD = "#a8741a"
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12}


def score_trend_figure(
    points: Sequence[tuple[dt.date, float]], thresholds: Sequence[float], texts: Mapping[str, str]
) -> dict[str, Any]:
    """The scores (end of period → score /100) and the A and B thresholds."""
    data = [
        go.Scatter(
            name=texts["score"],
            x=[day.isoformat() for day, _score in points],
            y=[round(score, 1) for _day, score in points],
            mode="lines+markers",
            line={"color": LINE, "width": 2},
        )
    ]
    shapes = [
        {
            "type": "line",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "yref": "y",
            "y0": value,
            "y1": value,
            "line": {"color": THRESHOLD, "dash": "dot", "width": 1},
        }
        for value in thresholds
    ]
    layout = {
        "template": "none",
        "height": 260,
        "margin": {"l": 45, "r": 10, "t": 10, "b": 40},
        "xaxis": {"type": "date", "tickformat": "%m/%Y"},
        "yaxis": {"range": [0, 105], "title": {"text": texts["score"]}, "gridcolor": "#e9ecef"},
        "shapes": shapes,
        "showlegend": False,
        "font": FONT,
    }
    return go.Figure(data=data, layout=layout).to_plotly_json()
