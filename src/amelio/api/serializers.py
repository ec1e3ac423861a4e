"""Base serializer of every register's records."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from amelio.core.lookups import choosable, scoped_model
from amelio.core.models import OrgUnit
from amelio.core.permissions import units_for
from amelio.core.validators import validate_date_range

RECORD_READ_ONLY = ["id", "reference", "created_at", "updated_at", "archived_at"]
# The fields every record gives in the API, before its own.
RECORD_FIELDS = [
    "id",
    "reference",
    "org_unit",
    "version",
    "created_at",
    "updated_at",
    "archived_at",
]

NOT_FOUND = _("This record cannot be found.")


class ScopedOrgUnitField(serializers.SlugRelatedField):
    """An org unit by its code, among the units where the user may write."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return OrgUnit.objects.none()
        return units_for(request.user, "add" if request.method == "POST" else "change")


class ScopedRecordField(serializers.PrimaryKeyRelatedField):
    """A related record by id (the audit of a finding, the actions an action depends on).

    A register record is accepted only among those the user may pick (`choosable`, as in the
    forms): the active ones they may see, plus those the changed record already holds (a PUT
    of what was read keeps a link to an archived record).
    Any other id, of another site or of no record at all, gets one message, "cannot be
    found", as its page would answer: ids cannot be probed. Other models (people, matrices)
    keep DRF's rules.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self._is_record():
            self.error_messages["does_not_exist"] = NOT_FOUND

    def _is_record(self) -> bool:
        # A manager or a queryset, None on a read-only field.
        model = getattr(getattr(self, "queryset", None), "model", None)
        return model is not None and scoped_model(model)

    def get_queryset(self):
        queryset = super().get_queryset()
        if not self._is_record():
            return queryset
        request = self.context.get("request")
        if request is None:
            return queryset.none()
        # One rule with the forms: what the user may pick, plus what the record holds.
        return choosable(queryset, request.user, keep=self._held_ids())

    def _held_ids(self):
        """The ids the changed record holds in this field (none for a new record)."""
        field = self.parent if isinstance(self.parent, serializers.ManyRelatedField) else self
        instance = getattr(field.parent, "instance", None)
        if not isinstance(instance, models.Model) or instance.pk is None:
            return ()
        model_field = instance._meta.get_field(field.source)
        if model_field.many_to_many:
            return getattr(instance, field.source).values("pk")
        return [getattr(instance, model_field.attname)]

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except OverflowError:  # an id beyond the database's integers: no such record
            self.fail("does_not_exist", pk_value=data)


class ApiDateTimeField(serializers.DateTimeField):
    """A date-time in the server's time zone, as RFC 3339 writes it: a moment whose local
    offset is not a whole number of minutes (local mean time, Paris before 1911) is given in
    UTC instead of "+00:09:21"."""

    def to_representation(self, value):
        text = super().to_representation(value)
        if isinstance(value, dt.datetime) and isinstance(text, str) and text.count(":") > 3:
            return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
        return text


class RecordSerializer(serializers.ModelSerializer):
    """Shared fields and rules: reference and dates read-only; `version` guards updates;
    related records are those the user may see (`ScopedRecordField`); dates stay within
    `DATE_MIN`..`DATE_MAX`."""

    serializer_related_field = ScopedRecordField
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: ApiDateTimeField,
    }

    org_unit = ScopedOrgUnitField()
    version = serializers.IntegerField(
        required=False,
        help_text=_("Version read; an update with an older version is refused (409)."),
    )

    class Meta:
        read_only_fields = RECORD_READ_ONLY

    def validate(self, attrs):
        self._check_dates(attrs)
        # Many-to-many values are set by the view once the record is saved.
        plain = {
            k: v
            for k, v in attrs.items()
            if k != "version" and not isinstance(self.fields.get(k), serializers.ManyRelatedField)
        }
        instance = self.instance or self.Meta.model(**plain)
        if self.instance:
            for key, value in plain.items():
                setattr(instance, key, value)
        try:
            instance.clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        return attrs

    def _check_dates(self, attrs) -> None:
        errors = {}
        for name, value in attrs.items():
            try:
                validate_date_range(value)
            except DjangoValidationError as error:
                errors[name] = error.messages
        if errors:
            raise serializers.ValidationError(errors)


def serializer_for(register) -> type[RecordSerializer]:
    """The API serializer of a register that declares none: the shared record fields, the
    form's fields (writable) and `api_read_only` (read-only), so that the list, form, export
    and API of a register come from one declaration."""
    own = [name for name in register.form_fields if name != "org_unit"]
    fields = list(dict.fromkeys([*RECORD_FIELDS, *own, *register.api_read_only]))
    meta = type(
        "Meta",
        (RecordSerializer.Meta,),
        {
            "model": register.model,
            "fields": fields,
            "read_only_fields": [*RECORD_READ_ONLY, *register.api_read_only],
        },
    )
    name = f"{register.model.__name__}Serializer"
    return type(name, (RecordSerializer,), {"Meta": meta, "__module__": register.model.__module__})
