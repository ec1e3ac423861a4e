"""Plotly figures of the rates page: the trend of TF1 and TG over the years, and the injuries
by body location. Texts come translated from the caller."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

TF = "#0b5d5b"
TG = "#c0392b"
BAR = "#3d5a98"
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12}


def trend_figure(rows: Sequence[dict], texts: Mapping[str, str]) -> dict[str, Any] | None:
    """TF1 (bars, left axis) and TG (line, right axis) per year; years without hours are
    left out."""
    kept = [r for r in rows if r["rates"]]
    if not kept:
        return None
    years = [str(r["year"]) for r in kept]
    data = [
        go.Bar(
            name=texts["tf1"],
            x=years,
            y=[round(float(r["rates"]["tf1"]), 2) for r in kept],
            marker={"color": TF},
        ),
        go.Scatter(
            name=texts["tg"],
            x=years,
            y=[round(float(r["rates"]["tg"]), 2) for r in kept],
            yaxis="y2",
            mode="lines+markers",
            line={"color": TG, "width": 2},
        ),
    ]
    layout = {
        "template": "none",
        "height": 280,
        "font": FONT,
        "margin": {"l": 45, "r": 45, "t": 10, "b": 40},
        "xaxis": {"type": "category", "title": {"text": texts["year"]}},
        "yaxis": {"title": {"text": texts["tf1"]}, "gridcolor": "#e9ecef", "rangemode": "tozero"},
        "yaxis2": {
            "tickformat": ".2f",
            "title": {"text": texts["tg"]},
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
        },
        "legend": {"orientation": "h", "y": 1.12},
    }
    return go.Figure(data=data, layout=layout).to_plotly_json()


def bar_figure(rows: Sequence[tuple[str, int]], label: str) -> dict[str, Any]:
    """Horizontal bars, most frequent on top."""
    rows = list(reversed(rows))
    data = [
        go.Bar(
            name=label,
            x=[n for _label, n in rows],
            y=[text for text, _n in rows],
            orientation="h",
            marker={"color": BAR},
        )
    ]
    layout = {
        "template": "none",
        "height": max(180, 28 * len(rows) + 60),
        "font": FONT,
        "margin": {"l": 150, "r": 20, "t": 10, "b": 30},
        "xaxis": {"gridcolor": "#e9ecef", "dtick": 1},
    }
    return go.Figure(data=data, layout=layout).to_plotly_json()
