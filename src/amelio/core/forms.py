"""Forms built from a register: scoped org-unit choices, hidden version for optimistic locking."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db import models

from amelio.core.permissions import units_for
from amelio.core.validators import validate_date_range


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class RecordForm(forms.ModelForm):
    """Base form of every register: takes the acting user, limits org units to where they may
    add (new record) or change (existing record), and carries the version read."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.version
        if "org_unit" in self.fields:
            action = "change" if self.instance.pk else "add"
            self.fields["org_unit"].queryset = units_for(user, action).order_by("path")
            self.fields["org_unit"].label_from_instance = _indented_unit
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
