"""Plotly figures of the customer pages, built from the pure computations (no Django here):
the experience curve of a journey over its stages and the complaints per month. Texts come
translated from the caller; numbers are written in the reader's locale."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from amelio.core.numbers import localised

LINE = "#0b5d5b"
BAR = "#c0392b"
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12}


def experience_figure(
    stages: Sequence[str], means: Sequence[float | None], texts: Mapping[str, str]
) -> dict[str, Any]:
    """The felt experience (1–5) stage by stage; a stage with no rating is a gap."""
    data = [
        go.Scatter(
            name=texts["experience"],
            x=list(stages),
            y=list(means),
            mode="lines+markers+text",
            text=[localised(m, 1) if m is not None else "" for m in means],
            textposition="top center",
            line={"color": LINE, "width": 3, "shape": "spline"},
            marker={"size": 10, "color": LINE},
            connectgaps=False,
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    ]
    layout = {
        "template": "none",
        "height": 260,
        "font": FONT,
        "margin": {"l": 30, "r": 20, "t": 20, "b": 70},
        "showlegend": False,
        "yaxis": {
            "range": [0.5, 5.6],
            "tickvals": [1, 2, 3, 4, 5],
            "gridcolor": "#e9ecef",
        },
        "xaxis": {"automargin": True},
        "shapes": [
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": 3,
                "y1": 3,
                "line": {"color": "#adb5bd", "dash": "dot", "width": 1},
            }
        ],
    }
    return go.Figure(data=data, layout=layout).to_plotly_json()


def complaints_figure(
    months: Sequence[str], counts: Sequence[int], texts: Mapping[str, str]
) -> dict[str, Any]:
    """Complaints per month, one bar each."""
    data = [
        go.Bar(
            name=texts["complaints"],
            x=list(months),
            y=list(counts),
            marker={"color": BAR},
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    ]
    layout = {
        "template": "none",
        "height": 260,
        "font": FONT,
        "margin": {"l": 40, "r": 20, "t": 10, "b": 60},
        "showlegend": False,
        "yaxis": {"rangemode": "tozero", "dtick": 1, "gridcolor": "#e9ecef"},
    }
    return go.Figure(data=data, layout=layout).to_plotly_json()
