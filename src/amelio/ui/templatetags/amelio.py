"""Template helpers for registers: field labels, readable values, sort links, URLs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.db import models
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr
from django.utils.encoding import force_str
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def field_label(register_obj, name: str) -> str:
    if name in register_obj.computed_columns:
        return heading(register_obj.computed_columns[name])
    return heading(register_obj.field(name).verbose_name)


@register.filter
def heading(text) -> str:
    """A label with a capital first letter, unless it starts with a unit, which keeps its
    case: "kWh PCI", "kgCO2e", "tCO2e", "m³" (never "KWh")."""
    text = force_str(text)
    first = text.split(" ", 1)[0]
    if any(c.isupper() or c.isdigit() for c in first[1:]):
        return text
    return capfirst(text)


@register.simple_tag
def field_value(record, name: str, long: bool = False):
    """What a person reads for a field: labels of choices, names, local dates, yes/no."""
    return value_reader(type(record), name, long)(record)


def value_reader(model, name: str, long: bool = False):  # noqa: C901  # over the complexity budget; split when its area is quiet
    """A function giving what a person reads for field `name` of a record of `model`.

    Built once per column of a list (in the page's language), so that a choice label is a
    dict lookup rather than `get_<field>_display()` rebuilding the choices for every cell.
    """
    try:
        field = model._meta.get_field(name)
    except Exception:

        def computed(record):
            value = getattr(record, name)
            return value() if callable(value) else value

        return computed
    if field.many_to_many:
        return lambda record: ", ".join(str(i) for i in getattr(record, name).all()) or "—"
    labels = {key: force_str(label) for key, label in field.flatchoices} if field.choices else None
    boolean = isinstance(field, models.BooleanField)
    text = isinstance(field, models.TextField)
    yes, no = _("Yes"), _("No")

    def read(record):
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
            return date_filter(value, "SHORT_DATETIME_FORMAT")
        if isinstance(value, dt.date):
            return date_filter(value, "SHORT_DATE_FORMAT")
        if text:
            return linebreaksbr(value) if long else _truncate(force_str(value))
        return value

    return read


def _truncate(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@register.filter
def list_columns(register_obj) -> list[str]:
    """The columns of the register's list: its own, then the org unit unless it has one."""
    columns = list(dict.fromkeys(register_obj.columns))
    return columns if "org_unit" in columns else [*columns, "org_unit"]


@register.simple_tag(takes_context=True)
def sort_link(context, register_obj, name: str) -> str:
    """A column header that sorts the list by `name` (toggling the direction)."""
    request = context["request"]
    current = context.get("sort", "")
    label = field_label(register_obj, name)
    if name not in register_obj.sort_fields:
        return label
    descending = current == name
    params = request.GET.copy()
    params["sort"] = f"-{name}" if descending else name
    params.pop("page", None)
    arrow = ""
    if current.lstrip("-") == name:
        arrow = " ▼" if current.startswith("-") else " ▲"
    aria = "descending" if current == f"-{name}" else "ascending" if current == name else "none"
    return format_html(
        '<a href="?{}" class="link-body-emphasis text-decoration-none" aria-sort="{}">{}{}</a>',
        params.urlencode(),
        aria,
        label,
        arrow,
    )


@register.simple_tag
def register_url(register_obj, action: str, *args) -> str:
    return register_obj.url(action, *args)


@register.simple_tag(takes_context=True)
def query_without(context, *names) -> str:
    params = context["request"].GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@register.filter
def is_link_column(name: str) -> bool:
    return name in {"reference", "title", "name"}


@register.filter
def state_tone(record) -> str:
    workflow = getattr(type(record), "workflow", None)
    if workflow is None:
        return "secondary"
    try:
        return workflow.state(record.status).tone
    except KeyError:
        return "secondary"


@register.filter
def transition_label(register_obj, name: str) -> str:
    transition = register_obj.workflow.transition(name) if register_obj.workflow else None
    if transition is not None:
        return transition.label
    return _("Superseded") if name == "supersede" else name


@register.filter
def transition_comment(log) -> str:
    """The comment of a workflow log entry; a superseded version's entry holds the reference
    of the version that replaced it, shown in the reader's language."""
    if log.transition == "supersede" and log.comment:
        return _("Replaced by %(ref)s") % {"ref": log.comment}
    return log.comment


@register.filter
def is_wide(bound_field) -> bool:
    """Text areas take the whole width of a form."""
    from django import forms

    return isinstance(bound_field.field.widget, forms.Textarea)


@register.filter
def styled(bound_field):
    """The field with Bootstrap's classes, and aria-invalid when it has errors."""
    from amelio.core.forms import _style

    _style(bound_field.field)
    if bound_field.errors:
        bound_field.field.widget.attrs["aria-invalid"] = "true"
        css = bound_field.field.widget.attrs.get("class", "")
        bound_field.field.widget.attrs["class"] = f"{css} is-invalid".strip()
    return bound_field


@register.filter
def plain_number(value) -> str:
    """A quantity without trailing zeros, grouped in the reader's locale: 2.400 -> "2,4",
    1800.000 -> "1 800" in French; empty for no value."""
    from amelio.core.numbers import localised

    return localised(value)


@register.filter
def percent(value) -> str:
    """A share (0.8125) as a percentage with one decimal in the reader's locale ("81,3 %",
    with the no-break space French writes); "—" for no value."""
    from amelio.core.numbers import localised, plain

    if value is None or value == "":
        return "—"
    return f"{localised(plain(value) * 100, 1)}\u00a0%"


@register.filter
def detail_url(record) -> str:
    """The detail page of any registered record (a line of another register on a page)."""
    from amelio.core.registry import registry

    found = registry.for_model(type(record))
    return found.url("detail", record.pk) if found else ""
