"""How a section's data (live or frozen) is shown on the page, in the PDF and the workbook:
labels in the reader's language, numbers localised, "no data" for a missing figure, the
trend against the previous period, a link to the module's page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.measures import HIGHER, measures
from amelio.core.numbers import localised
from amelio.reviews.pack.inputs import BY_KEY, LOCAL_LABELS

NO_DATA = pgettext_lazy("management review", "no data")


def _choices(module: str, name: str) -> dict:
    """A model's choices as code -> label, looked up lazily (a module may be absent)."""
    from importlib import import_module

    try:
        found: Any = import_module(module)
        for part in name.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError):
        return {}
    if hasattr(found, "choices") and callable(found.choices):
        return dict(found.choices())
    return dict(found.choices)


ACTION_STATES = {
    "done": _("done"),
    "on_time": _("open, on time"),
    "late": _("open, late"),
    "cancelled": pgettext_lazy("action state", "Cancelled"),
}
CHANGE_KINDS = {"issue": _("Context issue"), "party": _("Interested party")}
CHANGES = {"created": _("created"), "changed": _("changed")}
STATUSES = {
    "on_target": _("On target"),
    "alert": _("Alert"),
    "off_target": _("Off target"),
    "no_target": _("No target"),
    "none": _("No value in the period"),
}


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    kind: str = "text"  # text, number, date, choice
    choices: Any = None  # a dict, or a callable giving one


def _col(key, label, kind="text", choices=None) -> Column:
    return Column(key, label, kind, choices)


REF = _col("reference", _("reference"))
TITLE = _col("title", _("title"))
INDICATOR = [
    REF,
    _col("name", _("indicator")),
    _col("value", _("last value in the period")),
    _col("target", _("target")),
    _col("status", _("status"), "choice", STATUSES),
]
TABLES: dict[str, tuple[Any, list[Column]]] = {
    "actions": (
        _("Actions decided by the previous review"),
        [
            REF,
            TITLE,
            _col("owner", _("owner")),
            _col("due_date", _("due date"), "date"),
            _col("state", _("status"), "choice", ACTION_STATES),
        ],
    ),
    "changes": (
        _("Context records created or changed in the period"),
        [
            REF,
            TITLE,
            _col("kind", _("kind"), "choice", CHANGE_KINDS),
            _col("change", _("change"), "choice", CHANGES),
        ],
    ),
    "objectives": (
        _("Objectives"),
        [
            REF,
            TITLE,
            _col(
                "axis",
                _("policy axis"),
                "choice",
                lambda: _choices("amelio.indicators.models", "PolicyAxis"),
            ),
            _col("due_date", _("due date"), "date"),
            _col("indicators", _("indicators"), "number"),
            _col("status", _("status"), "choice", STATUSES),
        ],
    ),
    "indicators": (_("Indicators of the objectives"), INDICATOR),
    "processes": (
        _("Processes and the status of their indicators"),
        [
            _col("reference", _("code")),
            _col("title", _("process")),
            _col("indicators", _("indicators"), "number"),
            _col("on_target", _("On target"), "number"),
            _col("alert", _("Alert"), "number"),
            _col("off_target", _("Off target"), "number"),
        ],
    ),
    "alerts": (
        _("Indicators in alert or off target"),
        [
            *INDICATOR,
            _col("alert", _("periods in alert"), "number"),
            _col("off_target", _("periods off target"), "number"),
        ],
    ),
    "opportunities": (
        _("Opportunities"),
        [
            REF,
            TITLE,
            _col(
                "treatment",
                _("treatment"),
                "choice",
                lambda: _choices("amelio.risks.models", "Risk.Treatment"),
            ),
        ],
    ),
    "improvement_actions": (
        _("Improvement actions opened in the period"),
        [
            REF,
            TITLE,
            _col(
                "state",
                _("status"),
                "choice",
                lambda: _choices("amelio.actions.workflows", "action_workflow"),
            ),
        ],
    ),
    "ideas": (
        pgettext_lazy("public reports", "Improvement ideas received"),
        [
            REF,
            _col("title", _("description")),
            _col(
                "state",
                _("status"),
                "choice",
                lambda: _choices("amelio.safety.workflows", "report_workflow"),
            ),
        ],
    ),
}


def figure_label(item: dict) -> str:
    key = item["key"]
    if key in LOCAL_LABELS:
        return str(LOCAL_LABELS[key])
    if item.get("published") and key in measures:
        return str(measures.get(key).label)
    return str(item.get("label") or key)


def figure_unit(item: dict) -> str:
    key = item["key"]
    if item.get("published") and key in measures:
        return str(measures.get(key).unit)
    return str(item.get("unit") or "")


def trend(item: dict) -> str:
    """better, worse, same or "" (no comparison) against the previous period."""
    value, previous = item.get("value"), item.get("previous")
    if value is None or previous is None or item.get("local"):
        return ""
    if value == previous:
        return "same"
    higher = item.get("direction", HIGHER) == HIGHER
    return "better" if (value > previous) == higher else "worse"


def _page(name: str) -> str:
    if not name:
        return ""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def present_figure(item: dict) -> dict:
    decimals = item.get("decimals", 1)
    value, previous = item.get("value"), item.get("previous")
    return {
        "key": item["key"],
        "label": figure_label(item),
        "unit": figure_unit(item),
        "value": value,
        "previous": previous,
        "value_text": NO_DATA if value is None else localised(value, decimals),
        "previous_text": "" if previous is None else localised(previous, decimals),
        "no_data": value is None,
        "published": bool(item.get("published")),
        "trend": trend(item),
        "url": _page(item.get("page", "")),
        "local": bool(item.get("local")),
    }


def _cell(column: Column, value: Any) -> Any:
    if value is None or value == "":
        return "—"
    if column.kind == "date":
        day = parse_date(str(value))
        return date_format(day, "SHORT_DATE_FORMAT") if isinstance(day, dt.date) else value
    if column.kind == "choice":
        choices = column.choices() if callable(column.choices) else column.choices
        return str(choices.get(value, value))
    if column.kind == "number":
        return localised(value, 0)
    return value


def present_table(name: str, rows: list[dict]) -> dict:
    title, columns = TABLES[name]
    return {
        "name": name,
        "title": title,
        "columns": [c.label for c in columns],
        "rows": [[_cell(c, row.get(c.key)) for c in columns] for row in rows],
    }


def present(key: str, data: dict | None) -> dict:
    """A section's data ready for a template."""
    section = BY_KEY.get(key)
    data = data or {"figures": [], "tables": {}}
    figures = [present_figure(item) for item in data.get("figures", [])]
    return {
        "key": key,
        "title": section.title if section else key,
        "previous": data.get("previous"),
        "figures": figures,
        "tables": [present_table(n, rows) for n, rows in data.get("tables", {}).items()],
        "empty": all(f["no_data"] for f in figures) and not any(data.get("tables", {}).values()),
    }
