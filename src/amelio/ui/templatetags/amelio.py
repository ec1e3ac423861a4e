"""Template helpers for registers: field labels, readable values, sort links, URLs."""

from __future__ import annotations

from django import template
from django.utils.encoding import force_str
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from amelio.core.readers import field_value, list_columns, state_tone

register = template.Library()
# The readers live in core (the list view uses them too); the templates reach them here.
register.simple_tag(field_value)
register.filter(list_columns)
register.filter(state_tone)


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


def may_view(user, record) -> bool:
    """Whether `user` may open the detail page of `record` (its org unit is in his scope).

    The org units' paths are read once per request (cached on the user, as the roles are),
    so a page of fifty links costs one query rather than one per link.
    """
    from amelio.core.models import OrgUnit
    from amelio.core.permissions import can, may_read_shared

    unit_id = getattr(record, "org_unit_id", None)
    if unit_id is None:
        return False
    paths = user.__dict__.get("_amelio_unit_paths")
    if paths is None:
        paths = user.__dict__["_amelio_unit_paths"] = dict(
            OrgUnit.objects.values_list("pk", "path")
        )
    if unit_id not in paths:
        return False
    unit = OrgUnit(pk=unit_id, path=paths[unit_id])
    if getattr(record, "SHARED_WITH_UNITS_BELOW", False) and may_read_shared(user, unit):
        return True
    if not can(user, "view", unit):
        return False
    if hasattr(type(record), "access_condition"):
        # A record narrowed further than its unit (a confidential document, decision 0028):
        # asked of its register's scoped queryset, one query for such a link.
        from amelio.core.registry import registry

        found = registry.for_model(type(record))
        if found is None:
            return False
        return found.queryset_for(user, "view").filter(pk=record.pk).exists()
    return True


@register.simple_tag(takes_context=True)
def record_link(context, record, text=None, css: str = "", icon: str = ""):
    """`{% record_link record [text] css=... icon=... %}`: a link to the record's detail page
    when the reader may open it, else the same text without a link (never a link to a 404)."""
    shown = record if text is None else text
    icon_html = format_html('<i class="bi bi-{}"></i> ', icon) if icon else ""
    url = detail_url(record)
    request = context.get("request")
    if not url or request is None or not may_view(request.user, record):
        return format_html("{}{}", icon_html, shown)
    if css:
        return format_html('<a href="{}" class="{}">{}{}</a>', url, css, icon_html, shown)
    return format_html('<a href="{}">{}{}</a>', url, icon_html, shown)


@register.simple_tag(takes_context=True)
def viewable(context, record) -> bool:
    """`{% viewable record as shown %}`: whether the reader may open the record's page, for
    markup that `record_link` does not fit (a whole card as a link)."""
    request = context.get("request")
    return request is not None and may_view(request.user, record)
