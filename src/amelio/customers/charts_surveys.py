"""Plotly figures of the survey results: a distribution as bars (NPS answers coloured by
category) and the trend of NPS, CSAT and CES by month. Texts come translated from the caller;
the page draws them in its language (ui charts.js)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

BAR = "#0b5d5b"
NPS_COLOURS = {"detractor": "#c0392b", "passive": "#a8a8a8", "promoter": "#1e8449"}
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12}


def _layout(height: int = 240, **extra: Any) -> dict:
    return {
        "template": "none",
        "height": height,
        "margin": {"l": 40, "r": 10, "t": 10, "b": 40},
        "yaxis": {"gridcolor": "#e9ecef", "rangemode": "tozero"},
        "xaxis": {"type": "category"},
        "showlegend": False,
        "font": FONT,
        **extra,
    }


def distribution_figure(
    labels: Sequence[str], counts: Sequence[int], nps: bool = False, choices: bool = False
) -> dict[str, Any]:
    """How many answers each option got, every option shown; the options of a choice
    question as horizontal bars, so that their words are readable."""
    if choices:
        bar = go.Bar(
            y=list(labels)[::-1], x=list(counts)[::-1], orientation="h", marker={"color": BAR}
        )
        layout = _layout(height=max(160, 50 + 34 * len(labels)))
        layout["xaxis"] = {"gridcolor": "#e9ecef", "rangemode": "tozero"}
        layout["yaxis"] = {"type": "category", "automargin": True}
        return go.Figure(data=[bar], layout=layout).to_plotly_json()
    colours: Any = BAR
    if nps:
        colours = [
            NPS_COLOURS["promoter" if i >= 9 else "passive" if i >= 7 else "detractor"]
            for i in range(len(labels))
        ]
    bar = go.Bar(x=list(labels), y=list(counts), marker={"color": colours})
    return go.Figure(data=[bar], layout=_layout()).to_plotly_json()


def trend_figure(rows: Sequence[tuple[Any, Any]], texts: Mapping[str, str]) -> dict[str, Any]:
    """NPS (−100..100) and CSAT (%) by month on the left axis, CES on the right."""
    months = [month.isoformat() for month, _f in rows]
    data = [
        go.Scatter(
            name=texts["nps"],
            x=months,
            y=[f.nps.value if f.nps else None for _m, f in rows],
            mode="lines+markers",
            line={"color": BAR},
        ),
        go.Scatter(
            name=texts["csat"],
            x=months,
            y=[round(f.csat, 1) if f.csat is not None else None for _m, f in rows],
            mode="lines+markers",
            line={"color": "#3d5a98"},
        ),
        go.Scatter(
            name=texts["ces"],
            x=months,
            y=[round(f.ces, 2) if f.ces is not None else None for _m, f in rows],
            mode="lines+markers",
            yaxis="y2",
            line={"color": "#a8741a", "dash": "dot"},
        ),
    ]
    layout = _layout(
        height=300,
        xaxis={"type": "date", "tickformat": "%m/%Y"},
        yaxis={"gridcolor": "#e9ecef", "range": [-100, 100]},
        yaxis2={"overlaying": "y", "side": "right", "range": [1, 7], "showgrid": False},
        showlegend=True,
        legend={"orientation": "h", "y": -0.2},
    )
    layout["margin"] = {"l": 40, "r": 35, "t": 10, "b": 40}
    return go.Figure(data=data, layout=layout).to_plotly_json()
