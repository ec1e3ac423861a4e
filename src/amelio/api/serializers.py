"""Base serializer of every register's records."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from amelio.core.models import OrgUnit, Record
from amelio.core.permissions import units_for

RECORD_READ_ONLY = ["id", "reference", "created_at", "updated_at", "archived_at"]


class ScopedOrgUnitField(serializers.SlugRelatedField):
    """An org unit by its code, among the units where the user may write."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return OrgUnit.objects.none()
        return units_for(request.user, "add" if request.method == "POST" else "change")


class RecordSerializer(serializers.ModelSerializer):
    """Shared fields and rules: reference and dates read-only; `version` guards updates."""

    org_unit = ScopedOrgUnitField()
    version = serializers.IntegerField(
        required=False,
        help_text=_("Version read; an update with an older version is refused (409)."),
    )

    class Meta:
        read_only_fields = RECORD_READ_ONLY

    def validate(self, attrs):
        self._check_related_records(attrs)
        instance = self.instance or self.Meta.model(
            **{
                k: v
                for k, v in attrs.items()
                if k not in ("version",)
                and not isinstance(self.fields.get(k), serializers.ManyRelatedField)
            }
        )
        if self.instance:
            for key, value in attrs.items():
                if key != "version":
                    setattr(instance, key, value)
        try:
            instance.clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        return attrs

    def _check_related_records(self, attrs) -> None:
        """A record given by id (the audit of a finding, the process of a risk) must be one
        the user may see: otherwise it "cannot be found", as its page would answer."""
        request = self.context.get("request")
        errors = {}
        for name, value in attrs.items():
            if name == "org_unit" or not isinstance(value, Record):
                continue
            model = type(value)
            if (
                request is None
                or not model.objects.for_user(request.user).filter(pk=value.pk).exists()
            ):
                errors[name] = [_("This record cannot be found.")]
        if errors:
            raise serializers.ValidationError(errors)


def permission_error(error: PermissionDenied):
    from rest_framework.exceptions import PermissionDenied as ApiDenied

    return ApiDenied(str(error) or None)
