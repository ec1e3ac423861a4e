"""Plotly figures of the analysis page, built from the pure computations (no Django here):
a Pareto (bars and cumulative line with the 80 % mark) and the cost of nonquality per month
(stacked bars by kind). Texts come translated from the caller."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from amelio.nonconformities.computations import MonthCost, ParetoRow

BAR = "#0b5d5b"
BAR_MINOR = "#a9cfcb"
LINE = "#c0392b"
COST_COLOURS = {
    "scrap": "#0b5d5b",
    "rework": "#3d5a98",
    "handling": "#a8741a",
    "penalties": "#c0392b",
}
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12}


def pareto_figure(rows: Sequence[ParetoRow], texts: Mapping[str, str]) -> dict[str, Any]:
    """Bars by decreasing count (vital few in the dark colour) and the cumulative share."""
    labels = [r.label for r in rows]
    data = [
        go.Bar(
            name=texts["count"],
            x=labels,
            y=[float(r.value) for r in rows],
            marker={"color": [BAR if r.vital else BAR_MINOR for r in rows]},
        ),
        go.Scatter(
            name=texts["cumulative"],
            x=labels,
            y=[round(float(r.cumulative) * 100, 1) for r in rows],
            yaxis="y2",
            mode="lines+markers",
            line={"color": LINE, "width": 2},
        ),
    ]
    layout = {
        "template": "none",
        "height": 320,
        "margin": {"l": 45, "r": 45, "t": 10, "b": 90},
        "yaxis": {"title": {"text": texts["count"]}, "gridcolor": "#e9ecef"},
        "yaxis2": {"overlaying": "y", "side": "right", "range": [0, 105], "ticksuffix": " %"},
        "shapes": [
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "yref": "y2",
                "y0": 80,
                "y1": 80,
                "line": {"color": LINE, "dash": "dot", "width": 1},
            }
        ],
        "showlegend": False,
        "font": FONT,
    }
    return go.Figure(data=data, layout=layout).to_plotly_json()


def cost_figure(months: Sequence[MonthCost], texts: Mapping[str, str]) -> dict[str, Any]:
    """The cost of nonquality per month, stacked by kind."""
    x = [m.month.isoformat() for m in months]
    data = [
        go.Bar(
            name=texts[kind],
            x=x,
            y=[float(getattr(m, kind)) for m in months],
            marker={"color": colour},
        )
        for kind, colour in COST_COLOURS.items()
    ]
    layout = {
        "template": "none",
        "barmode": "stack",
        "height": 320,
        "margin": {"l": 55, "r": 10, "t": 10, "b": 40},
        "xaxis": {"type": "date", "tickformat": "%m/%Y"},
        "yaxis": {"title": {"text": texts["euros"]}, "gridcolor": "#e9ecef"},
        "legend": {"orientation": "h", "y": -0.18},
        "font": FONT,
    }
    return go.Figure(data=data, layout=layout).to_plotly_json()
