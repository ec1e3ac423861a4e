"""API serializers of the environment app; a waste code is given as written ("12 01 09*")."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from amelio.api.serializers import RECORD_FIELDS, RecordSerializer
from amelio.environment.models import (
    TreatmentCode,
    WasteMovement,
    WasteStream,
)

COMMON = RECORD_FIELDS


class WasteCodeText(serializers.Field):
    def to_representation(self, value):
        return value.official

    def to_internal_value(self, data):
        from amelio.environment.forms import waste_code_from

        try:
            return waste_code_from(str(data))
        except DjangoValidationError as error:
            raise serializers.ValidationError(list(error.messages)) from None


class TreatmentCodeText(serializers.SlugRelatedField):
    """A treatment operation by its code ("R4"); an id is accepted too."""

    def __init__(self, **kwargs):
        super().__init__(
            slug_field="code", queryset=TreatmentCode.objects.filter(in_use=True), **kwargs
        )

    def to_internal_value(self, data):
        if isinstance(data, int) or (isinstance(data, str) and data.isdigit()):
            found = self.get_queryset().filter(pk=int(data)).first()
            if found is not None:
                return found
        return super().to_internal_value(data)


class WasteStreamSerializer(RecordSerializer):
    waste_code = WasteCodeText()
    treatment = TreatmentCodeText(required=False, allow_null=True)

    class Meta(RecordSerializer.Meta):
        model = WasteStream
        fields = [
            *COMMON,
            "name",
            "waste_code",
            "category",
            "sorting_stream",
            "pop",
            "container",
            "density",
            "collector",
            "collector_siret",
            "collector_receipt",
            "destination",
            "destination_siret",
            "destination_address",
            "treatment",
            "basel_code",
            "intermediary_role",
            "intermediary",
            "intermediary_siret",
            "intermediary_receipt",
            "eco_organisme",
            "eco_organisme_siren",
        ]


class WasteMovementSerializer(RecordSerializer):
    treatment = TreatmentCodeText(required=False, allow_null=True)

    class Meta(RecordSerializer.Meta):
        model = WasteMovement
        fields = [
            *COMMON,
            "stream",
            "shipped_on",
            "quantity",
            "unit",
            "estimated",
            "transporter",
            "transporter_siret",
            "transporter_receipt",
            "destination",
            "destination_siret",
            "destination_address",
            "treatment",
            "treatment_mode",
            "transport_mode",
            "transboundary_number",
            "slip_number",
            "tonnes",
        ]
        read_only_fields = [*RecordSerializer.Meta.read_only_fields, "tonnes"]
