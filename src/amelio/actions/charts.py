"""The Gantt chart of actions as a Plotly figure, built from plain data (no Django here).

`gantt_figure()` takes lists of dicts (actions, milestones, dependencies, workflow states) and
returns the figure as a dict that plotly.js draws as it is. Bars cover whole days: an action
runs from the start of its start date to the end of its due date, so a bar's end is the day
after the due date at midnight. Translated texts and the date formatter come from the caller,
so the chart speaks the user's language without this module knowing about Django.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from html import escape
from itertools import groupby
from typing import Any, TypedDict

import plotly.graph_objects as go

DAY = dt.timedelta(days=1)
DAY_MS = 86_400_000
# Bootstrap 5.3 colours of the workflow tones, so bars match the status badges.
TONE_COLOURS = {
    "primary": "#0d6efd",
    "secondary": "#6c757d",
    "success": "#198754",
    "danger": "#dc3545",
    "warning": "#ffc107",
    "info": "#0dcaf0",
    "light": "#dee2e6",
    "dark": "#212529",
}
OVERDUE_COLOUR = "#b02a37"
TODAY_COLOUR = "#f0a500"
ARROW_COLOUR = "#343a40"
MILESTONE_COLOUR = "#212529"
BAND_COLOUR = "rgba(11, 93, 91, 0.06)"
ROW_HEIGHT = 30
BASE_HEIGHT = 150
MIN_HEIGHT = 320
LABEL_LENGTH = 45
# Characters of Django's date formats and their d3-time-format equivalents (used by plotly.js).
D3_CODES = {"d": "%d", "j": "%-d", "m": "%m", "n": "%-m", "Y": "%Y", "y": "%y", "b": "%b"}
D3_CODES.update({"M": "%b", "F": "%B", "N": "%b", "D": "%a", "l": "%A"})
TEXTS = {
    "status": "Status",
    "owner": "Owner",
    "plan": "Plan",
    "start": "Start date",
    "due": "Due date",
    "overdue": "Overdue",
    "today": "Today",
    "milestones": "Milestones",
    "reached": "Reached",
    "to_reach": "To reach",
    "no_plan": "No plan",
    # A label and its value: French puts a no-break space before the colon.
    "field": "%(label)s: %(value)s",
}


class GanttAction(TypedDict):
    """One action as the chart needs it; `start` may be None (then `created` is used)."""

    id: int
    reference: str
    title: str
    status: str
    owner: str
    plan: str
    start: dt.date | None
    created: dt.date
    due: dt.date
    overdue: bool
    url: str


class GanttMilestone(TypedDict):
    """A dated step of an action (`action` is the action's id)."""

    action: int
    title: str
    date: dt.date
    reached: bool


class GanttState(TypedDict):
    """A workflow state: its name, its label in the user's language, its badge tone."""

    name: str
    label: str
    tone: str


def bar_span(action: GanttAction) -> tuple[dt.date, dt.date]:
    """First day and (exclusive) end of the action's bar: start date, else creation date,
    never after the due date; the end is the day after the due date."""
    start = action["start"] or action["created"]
    return min(start, action["due"]), action["due"] + DAY


def gantt_order(actions: Iterable[GanttAction]) -> list[GanttAction]:
    """Actions grouped by plan (by name, those without a plan last), then by start date."""
    return sorted(
        actions,
        key=lambda a: (not a["plan"], a["plan"].casefold(), bar_span(a)[0], a["id"]),
    )


def row_label(action: GanttAction) -> str:
    """The y-axis label of an action: its reference and its (shortened) title."""
    title = action["title"]
    if len(title) > LABEL_LENGTH:
        title = title[: LABEL_LENGTH - 1].rstrip() + "…"
    return escape(f"{action['reference']} {title}")


def d3_date_format(django_format: str) -> str:
    """A Django date format ("d/m/Y") as a d3 time format ("%d/%m/%Y") for plotly.js axes."""
    return "".join(D3_CODES.get(char, char.replace("%", "%%")) for char in django_format)


def chart_height(rows: int) -> int:
    """Pixels: room for the axis and legend plus one band per action."""
    return max(MIN_HEIGHT, BASE_HEIGHT + ROW_HEIGHT * rows)


def _hover(action: GanttAction, state_label: str, texts: Mapping[str, str], fmt: Callable) -> str:
    def field(key: str, value: str) -> str:
        return texts["field"] % {"label": texts[key], "value": value}

    lines = [
        f"<b>{escape(action['reference'])}</b> {escape(action['title'])}",
        field("status", escape(state_label)),
        field("owner", escape(action["owner"])),
        f"{field('start', fmt(bar_span(action)[0]))} · {field('due', fmt(action['due']))}",
        field("plan", escape(action["plan"] or texts["no_plan"])),
    ]
    if action["overdue"]:
        lines.append(f"<b>{texts['overdue']}</b>")
    return "<br>".join(lines)


def _bars(rows: Sequence[GanttAction]) -> dict[str, Any]:
    """Positions of bars on the chart: row labels, first days and lengths (ms)."""
    spans = [bar_span(a) for a in rows]
    return {
        "orientation": "h",
        "y": [row_label(a) for a in rows],
        "base": [start.isoformat() for start, _end in spans],
        "x": [(end - start).days * DAY_MS for start, end in spans],
        "width": 0.6,
    }


def _status_bars(
    rows: Sequence[GanttAction], state: GanttState, texts: Mapping[str, str], fmt: Callable
) -> go.Bar:
    """One bar trace per status, so the legend names the statuses with their colours."""
    colour = TONE_COLOURS.get(state["tone"], TONE_COLOURS["secondary"])
    return go.Bar(
        name=state["label"],
        **_bars(rows),
        marker={"color": colour, "line": {"width": 0}},
        hovertext=[_hover(a, state["label"], texts, fmt) for a in rows],
        hovertemplate="%{hovertext}<extra></extra>",
        customdata=[a["url"] for a in rows],
    )


def _overdue_outlines(rows: Sequence[GanttAction], texts: Mapping[str, str]) -> go.Bar:
    """A red outline drawn over the bars of overdue actions (its own legend entry); it lets
    the hover and clicks through to the bar below."""
    return go.Bar(
        name=texts["overdue"],
        **_bars(rows),
        marker={"color": "rgba(0, 0, 0, 0)", "line": {"color": OVERDUE_COLOUR, "width": 3}},
        hoverinfo="skip",
    )


def _milestone_markers(
    milestones: Sequence[GanttMilestone],
    labels: Mapping[int, str],
    texts: Mapping[str, str],
    fmt: Callable,
) -> go.Scatter:
    """Diamonds on the action's row: filled when reached, open when still to reach."""
    return go.Scatter(
        name=texts["milestones"],
        mode="markers",
        x=[m["date"].isoformat() for m in milestones],
        y=[labels[m["action"]] for m in milestones],
        marker={
            "symbol": ["diamond" if m["reached"] else "diamond-open" for m in milestones],
            "size": 13,
            "color": MILESTONE_COLOUR,
            "line": {"width": 2, "color": MILESTONE_COLOUR},
        },
        hovertext=[
            f"<b>{escape(m['title'])}</b><br>{fmt(m['date'])} · "
            f"{texts['reached'] if m['reached'] else texts['to_reach']}"
            for m in milestones
        ],
        hovertemplate="%{hovertext}<extra></extra>",
    )


def _dependency_arrow(before: GanttAction, after: GanttAction) -> dict[str, Any]:
    """An arrow from the end of the predecessor's bar to the start of the follower's."""
    return {
        "x": bar_span(after)[0].isoformat(),
        "y": row_label(after),
        "ax": bar_span(before)[1].isoformat(),
        "ay": row_label(before),
        "xref": "x",
        "yref": "y",
        "axref": "x",
        "ayref": "y",
        "text": "",
        "showarrow": True,
        "arrowhead": 2,
        "arrowsize": 1.2,
        "arrowwidth": 1.5,
        "arrowcolor": ARROW_COLOUR,
        "opacity": 0.7,
        "standoff": 2,
        "startstandoff": 2,
    }


def _today_marks(today: dt.date, texts: Mapping[str, str]) -> tuple[dict, dict]:
    """The vertical dashed "today" line across the chart and its label."""
    line = {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": today.isoformat(),
        "x1": today.isoformat(),
        "y0": 0,
        "y1": 1,
        "line": {"color": TODAY_COLOUR, "width": 2, "dash": "dash"},
    }
    label = {
        "x": today.isoformat(),
        "xref": "x",
        "y": 0,
        "yref": "paper",
        "yanchor": "top",
        "text": f"<b>{texts['today']}</b>",
        "showarrow": False,
        "font": {"color": "#8a5a00", "size": 11},
    }
    return line, label


def _plan_bands(rows: Sequence[GanttAction], texts: Mapping[str, str]) -> tuple[list, list]:
    """A light band behind every other plan, and each plan's name at the top of its rows."""
    shapes, annotations, first = [], [], 0
    for index, (plan, group) in enumerate(groupby(rows, key=lambda a: a["plan"])):
        size = len(list(group))
        top, bottom = first - 0.5, first + size - 0.5
        if index % 2 == 0:
            shapes.append(_band(top, bottom))
        annotations.append(_plan_name(plan or texts["no_plan"], top))
        first += size
    return shapes, annotations


def _band(top: float, bottom: float) -> dict[str, Any]:
    return {
        "type": "rect",
        "xref": "paper",
        "yref": "y",
        "x0": 0,
        "x1": 1,
        "y0": top,
        "y1": bottom,
        "fillcolor": BAND_COLOUR,
        "line": {"width": 0},
        "layer": "below",
    }


def _plan_name(name: str, top: float) -> dict[str, Any]:
    return {
        "text": f"<i>{escape(name)}</i>",
        "xref": "paper",
        "x": 1,
        "xanchor": "right",
        "yref": "y",
        "y": top,
        "yanchor": "top",
        "showarrow": False,
        "font": {"size": 11, "color": "#0b5d5b"},
    }


def _layout(labels: list[str], date_format: str) -> dict[str, Any]:
    return {
        "template": "none",
        "height": chart_height(len(labels)),
        "barmode": "overlay",
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12},
        "margin": {"l": 10, "r": 20, "t": 100, "b": 30},
        "xaxis": {
            "type": "date",
            "side": "top",
            "tickformat": date_format,
            "hoverformat": date_format,
            "gridcolor": "#e9ecef",
            "showline": False,
            "zeroline": False,
        },
        "yaxis": {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": labels,
            # First row on top; a fixed range, as annotations would widen an automatic one.
            "range": [len(labels) - 0.5, -0.5],
            "autorange": False,
            "automargin": True,
            "showgrid": False,
            "tickfont": {"size": 11},
        },
        "legend": {"orientation": "h", "x": 0, "y": 1, "yref": "container", "yanchor": "top"},
    }


def gantt_figure(
    actions: Iterable[GanttAction],
    *,
    milestones: Iterable[GanttMilestone] = (),
    dependencies: Iterable[tuple[int, int]] = (),
    states: Sequence[GanttState],
    today: dt.date,
    texts: Mapping[str, str] | None = None,
    format_date: Callable[[dt.date], str] = dt.date.isoformat,
    date_format: str = "%Y-%m-%d",
) -> dict[str, Any]:
    """The Gantt chart of `actions` as a plotly figure dict.

    `dependencies` are (predecessor id, follower id) pairs; milestones and dependencies of
    actions not in `actions` are left out. `texts` overrides the English `TEXTS`.
    """
    texts = {**TEXTS, **(texts or {})}
    rows = gantt_order(actions)
    by_id = {a["id"]: a for a in rows}
    labels = {a["id"]: row_label(a) for a in rows}
    data: list[Any] = []
    for state in states:
        members = [a for a in rows if a["status"] == state["name"]]
        if members:
            data.append(_status_bars(members, state, texts, format_date))
    overdue = [a for a in rows if a["overdue"]]
    if overdue:
        data.append(_overdue_outlines(overdue, texts))
    shown = [m for m in milestones if m["action"] in by_id]
    if shown:
        data.append(_milestone_markers(shown, labels, texts, format_date))
    arrows = [
        _dependency_arrow(by_id[before], by_id[after])
        for before, after in dependencies
        if before in by_id and after in by_id
    ]
    line, today_label = _today_marks(today, texts)
    bands, plan_names = _plan_bands(rows, texts)
    layout = _layout(list(labels.values()), date_format)
    layout["shapes"] = [*bands, line]
    layout["annotations"] = [*plan_names, today_label, *arrows]
    return go.Figure(data=data, layout=layout).to_plotly_json()
