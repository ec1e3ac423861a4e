"""Forms built from a register: scoped org-unit and record choices, hidden version for
optimistic locking."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from amelio.core.lookups import choosable, scoped_model
from amelio.core.permissions import model_action, units_for
from amelio.core.validators import validate_date_range


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _held_ids(form: forms.BaseForm, name: str) -> Any:
    """The ids the edited record already holds in field `name` (none on a new record)."""
    instance = getattr(form, "instance", None)
    if instance is None or instance.pk is None:
        return ()
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return ()
    if field.many_to_many:
        return getattr(instance, name).values("pk")
    if field.concrete and field.is_relation:  # a foreign key or one-to-one
        return [getattr(instance, field.attname)]
    return ()


def scope_choices(form: forms.BaseForm, user: Any) -> None:
    """Limit every choice of a register record in `form` to what `user` may pick
    (`choosable`): seen and not archived, plus what the edited record already holds. A form
    narrows further on top of the scoped queryset (`self.fields[name].queryset.filter(...)`)."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
            continue
        if scoped_model(field.queryset.model):
            field.queryset = choosable(field.queryset, user, keep=_held_ids(form, name))


class ScopedChoicesMixin:
    """For a form that is not a `RecordForm`: takes `user=` and scopes its record choices
    like a register's form (`scope_choices`). Put it first among the bases."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        scope_choices(self, user)  # type: ignore[arg-type]


class RecordForm(forms.ModelForm):
    """Base form of every register: takes the acting user, limits org units to where they may
    add (new record) or change (existing record), limits the related records to those the
    user may pick (`scope_choices`), and carries the version read."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.version
        if "org_unit" in self.fields:
            action = model_action(type(self.instance), "change" if self.instance.pk else "add")
            self.fields["org_unit"].queryset = units_for(user, action).order_by("path")
            self.fields["org_unit"].label_from_instance = _indented_unit
        scope_choices(self, user)
        for name, field in self.fields.items():
            if (
                isinstance(field, forms.ModelChoiceField)
                and field.queryset.model is get_user_model()
            ):
                field.queryset = field.queryset.filter(is_active=True)
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(validate_date_range)
            _style(field)
            if name == "version":
                continue

    def clean_version(self):
        return self.cleaned_data.get("version")


def _indented_unit(unit) -> str:
    return "\u2003" * unit.depth + unit.name


def _style(field: forms.Field) -> None:
    widget = field.widget
    if isinstance(widget, forms.HiddenInput):
        return
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def record_form_factory(register) -> type[RecordForm]:
    """A `RecordForm` subclass for a register's `form_fields`."""
    widgets: dict[str, Any] = {}
    for name in register.form_fields:
        field = register.model._meta.get_field(name)
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            widgets[name] = DateInput()
        elif isinstance(field, models.TextField):
            widgets[name] = forms.Textarea(attrs={"rows": 3})
    form_class = forms.modelform_factory(
        register.model, form=RecordForm, fields=register.form_fields, widgets=widgets
    )
    return cast(type[RecordForm], form_class)
