"""The evolution chart of a risk from its review log, as a Plotly figure (no Django here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, TypedDict

import plotly.graph_objects as go

INHERENT_COLOUR = "#c62828"
RESIDUAL_COLOUR = "#1565c0"


class ReviewPoint(TypedDict):
    """One review: its date and the scores then (None when not assessed)."""

    date: dt.date
    inherent: float | None
    residual: float | None


def _trace(points: Sequence[ReviewPoint], key: str, name: str, colour: str) -> go.Scatter:
    shown = [p for p in points if p[key] is not None]  # type: ignore[literal-required]
    return go.Scatter(
        name=name,
        mode="lines+markers",
        x=[p["date"].isoformat() for p in shown],
        y=[p[key] for p in shown],  # type: ignore[literal-required]
        line={"color": colour, "width": 2},
        marker={"size": 8},
    )


def evolution_figure(
    points: Sequence[ReviewPoint], texts: Mapping[str, str], max_score: int
) -> dict[str, Any]:
    """Inherent and residual scores at each review, oldest on the left."""
    ordered = sorted(points, key=lambda p: p["date"])
    data = [
        _trace(ordered, "inherent", texts["inherent"], INHERENT_COLOUR),
        _trace(ordered, "residual", texts["residual"], RESIDUAL_COLOUR),
    ]
    layout = {
        "template": "none",
        "height": 280,
        "margin": {"l": 40, "r": 10, "t": 10, "b": 40},
        # Dates written the way the page's language writes them (Plotly's own month names
        # are English only).
        "xaxis": {
            "type": "date",
            "gridcolor": "#e9ecef",
            "tickformat": texts.get("date_format", "%Y-%m-%d"),
            "hoverformat": texts.get("date_format", "%Y-%m-%d"),
        },
        "yaxis": {"title": {"text": texts["score"]}, "range": [0, max_score * 1.05]},
        "legend": {"orientation": "h", "y": -0.2},
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12},
    }
    return go.Figure(data=data, layout=layout).to_plotly_json()
