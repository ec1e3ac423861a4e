"""Plotly figures of the energy pages: consumption by energy and month (stacked bars), the
twelve months against the twelve before, the share of the significant energy uses, and for
an EnPI the actual consumption against the adjusted baseline and the CUSUM. Texts come
translated from the caller."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12}
COLOURS = ["#0b5d5b", "#3d5a98", "#c0392b", "#d68910", "#7d3c98", "#2e86c1", "#839192"]
ACTUAL = "#0b5d5b"
EXPECTED = "#c0392b"


def _layout(height: int = 320, **extra) -> dict[str, Any]:
    return {
        "template": "none",
        "height": height,
        "font": FONT,
        "margin": {"l": 60, "r": 20, "t": 10, "b": 40},
        "legend": {"orientation": "h", "y": 1.15},
        "yaxis": {"gridcolor": "#e9ecef", "rangemode": "tozero"},
        **extra,
    }


def stacked_figure(
    months: Sequence[str], series: Mapping[str, Sequence[float]], axis: str
) -> dict[str, Any]:
    """One bar per month, one coloured segment per energy."""
    data = [
        go.Bar(name=name, x=list(months), y=[round(v) for v in values], marker={"color": colour})
        for (name, values), colour in zip(series.items(), COLOURS * 3, strict=False)
    ]
    layout = _layout(barmode="stack", xaxis={"type": "category"})
    layout["yaxis"]["title"] = {"text": axis}
    return go.Figure(data=data, layout=layout).to_plotly_json()


def comparison_figure(
    months: Sequence[str], current: Sequence[float], previous: Sequence[float], texts: Mapping
) -> dict[str, Any]:
    """Each month's kWh beside the same month a year before."""
    data = [
        go.Bar(name=texts["previous"], x=list(months), y=[round(v) for v in previous],
               marker={"color": "#adb5bd"}),
        go.Bar(name=texts["current"], x=list(months), y=[round(v) for v in current],
               marker={"color": ACTUAL}),
    ]  # fmt: skip
    layout = _layout(barmode="group", xaxis={"type": "category"})
    layout["yaxis"]["title"] = {"text": texts["axis"]}
    return go.Figure(data=data, layout=layout).to_plotly_json()


def share_figure(rows: Sequence[tuple[str, float]]) -> dict[str, Any]:
    """The share of each significant energy use in the total (a donut)."""
    data = [
        go.Pie(
            labels=[name for name, _kwh in rows],
            values=[round(kwh) for _name, kwh in rows],
            hole=0.5,
            sort=False,
            marker={"colors": [*COLOURS[: len(rows) - 1], "#dee2e6"]},
        )
    ]
    # The legend goes under the donut: the names of the uses are long.
    layout = _layout(
        height=380,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": -0.05, "yanchor": "top", "x": 0},
    )
    return go.Figure(data=data, layout=layout).to_plotly_json()


def baseline_figure(
    months: Sequence[str], actual: Sequence[float], expected: Sequence[float], texts: Mapping
) -> dict[str, Any]:
    """Actual kWh (bars) against the adjusted baseline (line) for each reporting month."""
    data = [
        go.Bar(name=texts["actual"], x=list(months), y=[round(v) for v in actual],
               marker={"color": ACTUAL}),
        go.Scatter(name=texts["expected"], x=list(months), y=[round(v) for v in expected],
                   mode="lines+markers", line={"color": EXPECTED, "width": 2}),
    ]  # fmt: skip
    layout = _layout(xaxis={"type": "category"})
    layout["yaxis"]["title"] = {"text": "kWh"}
    return go.Figure(data=data, layout=layout).to_plotly_json()


def cusum_figure(months: Sequence[str], values: Sequence[float], axis: str) -> dict[str, Any]:
    """The running sum of (actual − expected): a falling line is energy saved."""
    data = [
        go.Scatter(
            x=list(months),
            y=[round(v) for v in values],
            mode="lines+markers",
            line={"color": "#3d5a98", "width": 2},
            fill="tozeroy",
            fillcolor="rgba(61, 90, 152, 0.12)",
        )
    ]
    layout = _layout(height=260, xaxis={"type": "category"}, showlegend=False)
    layout["yaxis"] = {"gridcolor": "#e9ecef", "zeroline": True, "title": {"text": axis}}
    return go.Figure(data=data, layout=layout).to_plotly_json()
