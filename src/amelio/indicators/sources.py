"""Computed indicators: a value per period counted, summed or averaged over the records of a
register, with no code or expression typed by the user.

A definition names a register (by its key), an aggregation, a numeric field for sum and
average, the date field that places a record in a period, and a filter written as the
register's own list query string ("status=done&priority=high"). Only the filters the register
declares are accepted, each value checked by its model field; records are those of the
indicator's org unit and the units below it. See docs/decisions/0014-computed-indicators.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Avg, Count, Q, Sum
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amelio.core.measures import period_end
from amelio.core.registry import Register, registry

NUMERIC = (models.IntegerField, models.FloatField, models.DecimalField)
DATES = (models.DateField,)


def _register(key: str) -> Register | None:
    try:
        return registry.get(key)
    except KeyError:
        return None


def _field(register: Register, name: str):
    try:
        return register.model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def definition_errors(indicator) -> dict[str, Any]:
    """What is wrong with a computed indicator's definition, by form field."""
    register = _register(indicator.source_register)
    if register is None:
        return {"source_register": _("Choose a register among those of Amelio.")}
    errors: dict[str, Any] = {}
    if not indicator.aggregation:
        errors["aggregation"] = _("Choose how the records are aggregated.")
    date_field = _field(register, indicator.source_date_field or "created_at")
    if not isinstance(date_field, DATES):
        errors["source_date_field"] = _("This is not a date of the register.")
    if indicator.aggregation in ("sum", "average"):
        field = _field(register, indicator.source_field)
        if not isinstance(field, NUMERIC):
            errors["source_field"] = _("Choose a numeric field of the register.")
    try:
        filter_condition(register, indicator.source_filter)
    except ValidationError as error:
        errors["source_filter"] = error.messages
    return errors


def filter_condition(register: Register, query: str) -> Q:
    """The condition of a filter query string, on the register's declared filters only."""
    condition = Q()
    for name, values in QueryDict(query or "").lists():
        field = _field(register, name)
        if name not in register.filters or name == "org_unit" or field is None:
            raise ValidationError(_("%(name)s is not a filter of this register.") % {"name": name})
        lookup = f"{name}_id" if field.many_to_one else name
        target = field.target_field if field.many_to_one else field
        try:
            cleaned = [_clean_value(target, value) for value in values]
        except ValidationError as error:
            raise ValidationError(
                _("%(name)s: the value is not valid.") % {"name": name}
            ) from error
        condition &= Q(**{f"{lookup}__in": cleaned})
    return condition


def _clean_value(field, value: str):
    if isinstance(field, models.BooleanField):
        return value.lower() in ("1", "true", "yes", "on")
    cleaned = field.to_python(value)
    if field.choices and cleaned not in {key for key, _label in field.flatchoices}:
        raise ValidationError("choice")
    return cleaned


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def compute(indicator, period: dt.date) -> float | None:
    """The value of a computed indicator for one period, or None when nothing is counted.
    An indicator bound to a module's measure takes the module's figure for its org unit."""
    if indicator.source == indicator.Source.MEASURE:
        from amelio.core.measures import Scope, measures

        scope = Scope.of(indicator.org_unit, period, indicator.frequency)
        return measures.get(indicator.source_measure).value(scope)
    register = registry.get(indicator.source_register)
    date_field = indicator.source_date_field or "created_at"
    end = period_end(period, indicator.frequency)
    start: dt.date | dt.datetime = period
    if isinstance(register.model._meta.get_field(date_field), models.DateTimeField):
        start, end = _aware(period), _aware(end)
    records = register.model.objects.active().filter(  # type: ignore[attr-defined]
        org_unit__path__startswith=indicator.org_unit.path,
        **{f"{date_field}__gte": start, f"{date_field}__lt": end},
    )
    condition = filter_condition(register, indicator.source_filter)
    if indicator.aggregation == "rate":
        totals = records.aggregate(all=Count("pk"), kept=Count("pk", filter=condition))
        return 100.0 * totals["kept"] / totals["all"] if totals["all"] else None
    records = records.filter(condition)
    if indicator.aggregation == "count":
        return float(records.count())
    function = Sum if indicator.aggregation == "sum" else Avg
    result = records.aggregate(result=function(indicator.source_field))["result"]
    return None if result is None else float(result)


def category_fields(register: Register) -> list[tuple[str, str]]:
    """The filters of a register a Pareto can group by: fields with choices and relations."""
    fields = []
    for name in register.filters:
        field = _field(register, name)
        if name == "org_unit" or field is None or isinstance(field, models.BooleanField):
            continue
        if field.choices or field.many_to_one:
            fields.append((name, str(field.verbose_name)))
    return fields


def category_counts(indicator, field_name: str, start: dt.date, end: dt.date) -> dict[str, float]:
    """How many records of the indicator's definition fall in each category of a field,
    between two dates, labelled as the register shows them."""
    register = registry.get(indicator.source_register)
    if field_name not in dict(category_fields(register)):
        raise ValidationError(_("This field cannot be used as a category."))
    date_field = indicator.source_date_field or "created_at"
    low: dt.date | dt.datetime = start
    high: dt.date | dt.datetime = end
    if isinstance(register.model._meta.get_field(date_field), models.DateTimeField):
        low, high = _aware(start), _aware(end)
    records = register.model.objects.active().filter(  # type: ignore[attr-defined]
        filter_condition(register, indicator.source_filter),
        org_unit__path__startswith=indicator.org_unit.path,
        **{f"{date_field}__gte": low, f"{date_field}__lt": high},
    )
    field = register.model._meta.get_field(field_name)
    rows = records.values(field_name).annotate(n=Count("pk")).order_by()
    return {_category_label(field, row[field_name]): float(row["n"]) for row in rows}


def _category_label(field, value) -> str:
    if value is None:
        return str(_("(none)"))
    if field.many_to_one:
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related else str(value)
    return str(dict(field.flatchoices).get(value, value))
