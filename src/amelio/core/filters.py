"""Filter sets built from a register's `filters`, shared by the list page, exports and API."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db import connections, models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.models import OrgUnit
from amelio.core.permissions import units_for
from amelio.core.search import word_condition
from amelio.core.widgets import FastSelect, PersonInput

# The filter on the records that still call for work, offered by the registers whose records
# close (`Register.still_open`): the cockpit's "see all" links use it.
OPEN = "open"


def closes(register) -> bool:
    """Whether the register's records close (it says which are still open)."""
    from amelio.core.registry import Register

    return type(register).still_open is not Register.still_open


def _viewable_units(request):
    if request is None:
        return OrgUnit.objects.none()
    return units_for(request.user, "view").order_by("path")


def unit_choices(request) -> list[tuple[int, str]]:
    """The units the user sees, as (id, name indented by depth), read without building
    a model instance per unit (a large organisation has hundreds)."""
    rows = list(_viewable_units(request).values_list("pk", "name", "path"))
    top = min((path.count("/") for _pk, _name, path in rows), default=0)
    return [(pk, "\u2003" * (path.count("/") - top) + name) for pk, name, path in rows]


def _no_units() -> list:
    """The choices of the class's filter: a callable, so that the schema neither lists units
    nor builds a form field from it."""
    return []


def org_unit_filter(choices=_no_units) -> django_filters.ChoiceFilter:
    """The org-unit filter; its choices are the units of the request's user."""
    return django_filters.ChoiceFilter(
        field_name="org_unit",
        label=_("Org unit"),
        choices=choices,
        method="filter_org_unit",
        empty_label=_("All"),
    )


class RecordFilterSet(django_filters.FilterSet):
    """Common filters: org unit (with the units below it), archive state, free-text search."""

    # Declared for the OpenAPI schema only; each filter set builds its own (`__init__`).
    org_unit = org_unit_filter()
    archived = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[
            ("active", _("Active records")),
            ("archived", _("Archived records")),
            ("all", _("All records")),
        ],
        empty_label=None,
        method="filter_archived",
    )
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")

    search_fields: list[str] = []
    register = None
    declared_order: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("archived"):
            data["archived"] = "active"
        super().__init__(data, *args, **kwargs)
        # Built for this request, never shared: a filter copied from the class may carry a
        # form field built before (the OpenAPI schema reads the class's filters), whose
        # choices would then be those of nobody, for everybody.
        units = org_unit_filter(unit_choices(self.request))
        units.model, units.parent = self.queryset.model, self
        self.filters["org_unit"] = units

    PRIMARY_COUNT = 4

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_amelio_styled", False):
            order = ["q", *[n for n in self.declared_order if n in form.fields], "archived"]
            form.fields = {
                name: form.fields[name] for name in dict.fromkeys(order) if name in form.fields
            }
            for field in form.fields.values():
                if type(field.widget) is forms.Select:
                    fast = FastSelect(attrs=field.widget.attrs)
                    fast.choices = field.widget.choices
                    field.widget = fast
                widget = field.widget
                css = (
                    "form-select form-select-sm"
                    if hasattr(widget, "choices")
                    else ("form-control form-control-sm")
                )
                if isinstance(widget, django_filters.widgets.DateRangeWidget):
                    for sub in widget.widgets:
                        sub.attrs.update({"class": "form-control form-control-sm", "type": "date"})
                    continue
                widget.attrs.setdefault("class", css)
            form._amelio_styled = True
        return form

    def groups(self):
        """(primary fields, secondary fields, whether a secondary field is in use)."""
        fields = list(self.form)
        primary, secondary = fields[: self.PRIMARY_COUNT], fields[self.PRIMARY_COUNT :]
        active = any(_in_use(f.value()) for f in secondary if f.name != "archived") or (
            self.form["archived"].value() not in (None, "", "active")
        )
        return primary, secondary, active

    def filter_boolean(self, queryset, name, value):
        # `IN (1)`, not Django's bare `WHERE flag`, which no index on the flag can serve.
        return queryset.filter(**{f"{name}__in": [value == "true"]}) if value else queryset

    def filter_org_unit(self, queryset, name, value):
        """The records of the unit and of every unit below it."""
        if not value:
            return queryset
        path = OrgUnit.objects.filter(pk=value).values_list("path", flat=True).first()
        # A subquery on the small unit table keeps the (org_unit, archived_at) index usable.
        below = OrgUnit.objects.filter(path__startswith=path).values("pk")
        return queryset.filter(org_unit__in=below)

    def filter_archived(self, queryset, name, value):
        if value == "archived":
            return queryset.filter(archived_at__isnull=False)
        if value == "all":
            return queryset
        return queryset.filter(archived_at__isnull=True)

    def filter_open(self, queryset, name, value):
        """The records that still call for work, by the register's own rule."""
        return self.register.still_open(queryset) if value == OPEN else queryset

    def filter_search(self, queryset, name, value):
        """Every word (up to five) in any searched field, through the search indexes."""
        connection = connections[queryset.db]
        for word in value.split()[:5]:
            queryset = queryset.filter(
                word_condition(self.register, self.search_fields, word, connection)
            )
        return queryset


class PersonFilter(django_filters.CharFilter):
    """A filter on a person, typed as a username (or given as a user id by links and the API).

    Rendered as a type-ahead: a list of every person would cost a query and a long
    `<select>` on every page of a large organisation.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", PersonInput)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        text = str(value).strip()
        people = get_user_model()._default_manager
        if text.isdigit():
            person = people.filter(pk=int(text)).values("pk")
        else:
            person = people.filter(username__iexact=text).values("pk")
        return qs.filter(**{f"{self.field_name}__in": person})


def _choices_for(model):
    """Choices of a filter on a related model: active people, or the records the user sees."""
    if model is get_user_model():
        return model._default_manager.filter(is_active=True)
    if hasattr(model._default_manager, "for_user"):

        def scoped(request):
            if request is None:
                return model._default_manager.none()
            return model._default_manager.for_user(request.user).filter(archived_at__isnull=True)

        return scoped
    return model._default_manager.all()


def _in_use(value) -> bool:
    """Whether a filter field holds a value (a date range is a list of two values)."""
    if isinstance(value, list | tuple):
        return any(_in_use(v) for v in value)
    return value not in (None, "")


def filterset_for(register) -> type[RecordFilterSet]:
    """The filter set class of a register, built once."""
    cached = register.__dict__.get("_filterset")
    if cached:
        return cached
    declared = {}
    plain = []
    for name in register.filters:
        if name == "org_unit":
            continue
        field = register.model._meta.get_field(name)
        label = capfirst(field.verbose_name)
        if field.many_to_one and field.related_model is get_user_model():
            declared[name] = PersonFilter(field_name=name, label=label)
        elif field.many_to_one and field.related_model is not OrgUnit:
            declared[name] = django_filters.ModelChoiceFilter(
                label=label, queryset=_choices_for(field.related_model), empty_label=_("All")
            )
        elif isinstance(field, models.BooleanField):
            declared[name] = django_filters.ChoiceFilter(
                label=label,
                choices=[("true", _("Yes")), ("false", _("No"))],
                method="filter_boolean",
                empty_label=_("All"),
            )
        elif field.choices:
            declared[name] = django_filters.ChoiceFilter(
                label=label, choices=field.choices, empty_label=_("All")
            )
        elif isinstance(field, models.DateField):
            declared[name] = django_filters.DateFromToRangeFilter(
                label=label,
                widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
            )
        else:
            plain.append(name)
    meta = type("Meta", (), {"model": register.model, "fields": plain})
    declared.update(register.extra_filters)
    order = [*register.filters, *register.extra_filters]
    if closes(register):
        declared[OPEN] = django_filters.ChoiceFilter(
            label=_("Progress"),
            choices=[(OPEN, pgettext_lazy("records", "Still open"))],
            empty_label=_("All"),
            method="filter_open",
        )
        order.append(OPEN)
    attrs = {
        "Meta": meta,
        "search_fields": register.search,
        "register": register,
        "declared_order": order,
        **declared,
    }
    filterset = type(f"{register.model.__name__}FilterSet", (RecordFilterSet,), attrs)
    register.__dict__["_filterset"] = filterset
    return filterset
