"""What a person reads for a record's fields, in the page's language: choice labels, names,
local dates, yes/no, grouped numbers. The list and history pages build their cells with these;
the `amelio` template tags hand the same functions to templates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import models
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.formats import number_format
from django.utils.translation import gettext as _


def field_value(record: Any, name: str, long: bool = False) -> Any:
    """What a person reads for a field: labels of choices, names, local dates, yes/no."""
    return value_reader(type(record), name, long)(record)


def value_reader(model: Any, name: str, long: bool = False) -> Callable[[Any], Any]:  # noqa: C901  # over the complexity budget; split when its area is quiet
    """A function giving what a person reads for field `name` of a record of `model`.

    Built once per column of a list (in the page's language), so that a choice label is a
    dict lookup rather than `get_<field>_display()` rebuilding the choices for every cell.
    """
    try:
        field = model._meta.get_field(name)
    except Exception:

        def computed(record: Any) -> Any:
            value = getattr(record, name)
            return value() if callable(value) else value

        return computed
    if field.many_to_many:
        return lambda record: ", ".join(str(i) for i in getattr(record, name).all()) or "—"
    labels = {key: force_str(label) for key, label in field.flatchoices} if field.choices else None
    boolean = isinstance(field, models.BooleanField)
    text = isinstance(field, models.TextField)
    yes, no = _("Yes"), _("No")

    def read(record: Any) -> Any:
        value = getattr(record, name)
        if value is None or value == "":
            return "—"
        if labels is not None:
            return labels.get(value, value)
        if boolean:
            return yes if value else no
        if isinstance(value, Decimal | float):
            return number_format(
                value, decimal_pos=2 if isinstance(value, Decimal) else None, force_grouping=True
            )
        if isinstance(value, dt.datetime):
            # The filter called from Python does not do what the template engine does for
            # {{ value|date }}: bring an aware time to the local time zone first.
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return date_filter(value, "SHORT_DATETIME_FORMAT")
        if isinstance(value, dt.date):
            return date_filter(value, "SHORT_DATE_FORMAT")
        if text:
            return linebreaksbr(value) if long else _truncate(force_str(value))
        return value

    return read


def _truncate(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def list_columns(register_obj: Any) -> list[str]:
    """The columns of the register's list: its own, then the org unit unless it has one."""
    columns = list(dict.fromkeys(register_obj.columns))
    return columns if "org_unit" in columns else [*columns, "org_unit"]


def state_tone(record: Any) -> str:
    workflow = getattr(type(record), "workflow", None)
    if workflow is None:
        return "secondary"
    try:
        return workflow.state(record.status).tone
    except KeyError:
        return "secondary"
