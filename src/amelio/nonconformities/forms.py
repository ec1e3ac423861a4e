"""The nonconformity form: opened from another record (?source=risks.risk:12), the new
nonconformity keeps that record as its source and the record's page lists it."""

from __future__ import annotations

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

from amelio.core.forms import RecordForm, record_form_factory
from amelio.core.registry import registry


def resolve_source(user, token: str):
    """The record named by "<app>.<model>:<pk>" if `user` may see it, else a ValidationError
    (the same message whether it does not exist or is out of the user's scope)."""
    try:
        key, pk = token.split(":")
        register = registry.get(key)
        if register.model._meta.label_lower == "nonconformities.nonconformity":
            raise LookupError(key)
        return register.queryset_for(user, "view").get(pk=int(pk))
    except (ValueError, KeyError, LookupError, ObjectDoesNotExist) as error:
        raise forms.ValidationError(
            _("The record this nonconformity comes from cannot be found.")
        ) from error


def nonconformity_form(register) -> type[RecordForm]:
    base = record_form_factory(register)

    class NonconformityForm(base):  # type: ignore[valid-type, misc]
        source = forms.CharField(widget=forms.HiddenInput, required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.source_record = None
            if self.instance.pk:
                del self.fields["source"]

        def clean_source(self):
            token = self.cleaned_data.get("source")
            if token:
                self.source_record = resolve_source(self.user, token)
            return token

        def save(self, commit: bool = True):
            instance = super().save(commit=False)
            if self.source_record is not None:
                instance.source_content_type = ContentType.objects.get_for_model(self.source_record)
                instance.source_object_id = self.source_record.pk
            if commit:
                instance.save()
                self._save_m2m()
            return instance

    return NonconformityForm
