"""The project timeline: the Gantt chart of the actions module for the project's actions,
with a first row for the project's own milestones (plain data in, a plotly dict out; no
Django here). The actions' Gantt page cannot be filtered on one record, so the project page
draws its own from the same chart code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from html import escape
from typing import Any, TypedDict

import plotly.graph_objects as go

from amelio.actions.charts import MILESTONE_COLOUR, ROW_HEIGHT, chart_height


class ProjectMilestone(TypedDict):
    """A milestone of the project as the chart needs it."""

    name: str
    date: dt.date
    achieved: bool
    overdue: bool


OVERDUE_COLOUR = "#b02a37"


def with_milestones(
    figure: dict[str, Any],
    milestones: Sequence[ProjectMilestone],
    row: str,
    hover: Callable[[ProjectMilestone], str],
) -> dict[str, Any]:
    """`figure` (an actions Gantt) with the project's milestones as diamonds on a first row
    named `row`: filled when achieved, open while to come, red when overdue."""
    if not milestones:
        return figure
    label = escape(row)
    yaxis = figure["layout"]["yaxis"]
    labels = [label, *yaxis.get("categoryarray", [])]
    yaxis.update(categoryarray=labels, range=[len(labels) - 0.5, -0.5])
    figure["layout"]["height"] = chart_height(len(labels)) + ROW_HEIGHT
    colours = [OVERDUE_COLOUR if m["overdue"] else MILESTONE_COLOUR for m in milestones]
    markers = go.Scatter(
        name=row,
        mode="markers",
        x=[m["date"].isoformat() for m in milestones],
        y=[label] * len(milestones),
        marker={
            "symbol": ["diamond" if m["achieved"] else "diamond-open" for m in milestones],
            "size": 15,
            "color": colours,
            "line": {"width": 2, "color": colours},
        },
        hovertext=[hover(m) for m in milestones],
        hovertemplate="%{hovertext}<extra></extra>",
    ).to_plotly_json()
    figure["data"] = [*figure["data"], markers]
    return figure
