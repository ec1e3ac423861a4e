"""Plotly figures of an indicator: the trend (values, target, alert threshold), the control
chart with its limits and flagged points, and the sparkline of a dashboard tile."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from amelio.indicators import computations as comp

VALUE_COLOUR = "#1565c0"
TARGET_COLOUR = "#2e7d32"
ALERT_COLOUR = "#ef6c00"
LIMIT_COLOUR = "#c62828"
FLAG_COLOUR = "#c62828"
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12}


def _layout(height: int, unit: str = "") -> dict[str, Any]:
    return {
        "template": "none",
        "height": height,
        "margin": {"l": 50, "r": 10, "t": 10, "b": 40},
        "xaxis": {"type": "date", "gridcolor": "#e9ecef"},
        "yaxis": {"title": {"text": unit}, "gridcolor": "#e9ecef"},
        "legend": {"orientation": "h", "y": -0.18},
        "font": FONT,
        "hovermode": "x unified",
    }


def _dates(periods: Sequence[dt.date]) -> list[str]:
    return [p.isoformat() for p in periods]


def trend_figure(
    periods: Sequence[dt.date],
    values: Sequence[float],
    targets: Sequence[float | None],
    alerts: Sequence[float | None],
    texts: Mapping[str, str],
    unit: str = "",
) -> dict[str, Any]:
    """Values as a line, the target and alert threshold in force as steps."""
    x = _dates(periods)
    data = [
        go.Scatter(
            name=texts["value"],
            x=x,
            y=list(values),
            mode="lines+markers",
            line={"color": VALUE_COLOUR, "width": 2},
        ),
        go.Scatter(
            name=texts["target"],
            x=x,
            y=list(targets),
            mode="lines",
            line={"color": TARGET_COLOUR, "dash": "dash", "shape": "hv"},
        ),
    ]
    if any(a is not None for a in alerts):
        data.append(
            go.Scatter(
                name=texts["alert"],
                x=x,
                y=list(alerts),
                mode="lines",
                line={"color": ALERT_COLOUR, "dash": "dot", "shape": "hv"},
            )
        )
    return go.Figure(data=data, layout=_layout(300, unit)).to_plotly_json()


def control_figure(
    periods: Sequence[dt.date],
    chart: comp.Chart,
    violations: Sequence[comp.Violation],
    texts: Mapping[str, str],
    baseline: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """Points, centre line, UCL and LCL, with the points of broken rules circled in red."""
    x = _dates(periods)
    limits = chart.limits
    flagged = sorted({i for v in violations for i in v.points})
    data = [
        go.Scatter(
            name=texts["value"],
            x=x,
            y=list(chart.points),
            mode="lines+markers",
            line={"color": VALUE_COLOUR, "width": 1.5},
        ),
        _line(x, [limits.centre] * len(x), texts["centre"], TARGET_COLOUR, "solid"),
        _line(x, list(limits.ucl), texts["ucl"], LIMIT_COLOUR, "dash"),
        _line(x, list(limits.lcl), texts["lcl"], LIMIT_COLOUR, "dash"),
        go.Scatter(
            name=texts["flagged"],
            x=[x[i] for i in flagged],
            y=[chart.points[i] for i in flagged],
            mode="markers",
            marker={
                "color": FLAG_COLOUR,
                "size": 13,
                "symbol": "circle-open",
                "line": {"width": 3},
            },
        ),
    ]
    layout = _layout(340)
    if baseline:
        layout["shapes"] = [
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": x[baseline[0]],
                "x1": x[baseline[1] - 1],
                "y0": 0,
                "y1": 1,
                "fillcolor": "#e3f2fd",
                "opacity": 0.5,
                "line": {"width": 0},
                "layer": "below",
            }
        ]
    return go.Figure(data=data, layout=layout).to_plotly_json()


def _line(x, y, name: str, colour: str, dash: str) -> go.Scatter:
    return go.Scatter(
        name=name, x=x, y=y, mode="lines", line={"color": colour, "dash": dash, "width": 1.5}
    )


def sparkline_points(values: Sequence[float], width: int = 120, height: int = 32) -> str:
    """An SVG polyline of the last values, for dashboard tiles (no script needed)."""
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = width / (len(values) - 1)
    return " ".join(
        f"{i * step:.1f},{height - 2 - (v - low) / span * (height - 4):.1f}"
        for i, v in enumerate(values)
    )


def pareto_figure(rows: Sequence[comp.ParetoRow], texts: Mapping[str, str]) -> dict[str, Any]:
    """Bars by decreasing count (class A darker) and the cumulative share on a second axis."""
    colours = {"A": VALUE_COLOUR, "B": "#64b5f6", "C": "#bbdefb"}
    labels = [r.label for r in rows]
    data = [
        go.Bar(
            name=texts["count"],
            x=labels,
            y=[r.value for r in rows],
            marker={"color": [colours[r.klass] for r in rows]},
        ),
        go.Scatter(
            name=texts["cumulative"],
            x=labels,
            y=[r.cumulative for r in rows],
            yaxis="y2",
            mode="lines+markers",
            line={"color": LIMIT_COLOUR},
        ),
    ]
    layout = {
        "template": "none",
        "height": 340,
        "margin": {"l": 50, "r": 50, "t": 10, "b": 90},
        "yaxis": {"title": {"text": texts["count"]}, "gridcolor": "#e9ecef"},
        "yaxis2": {"overlaying": "y", "side": "right", "range": [0, 105], "ticksuffix": " %"},
        "shapes": [
            {
                "type": "line",
                "xref": "paper",
                "yref": "y2",
                "x0": 0,
                "x1": 1,
                "y0": 80,
                "y1": 80,
                "line": {"color": ALERT_COLOUR, "dash": "dot", "width": 1},
            }
        ],
        "legend": {"orientation": "h", "y": -0.35},
        "font": FONT,
    }
    return go.Figure(data=data, layout=layout).to_plotly_json()
