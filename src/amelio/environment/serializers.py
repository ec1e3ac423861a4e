"""API serializers of the environment app; a waste code is given as written ("12 01 09*")."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from amelio.api.serializers import RecordSerializer
from amelio.environment.models import (
    Aspect,
    Drill,
    EmergencySituation,
    IcpeSite,
    Installation,
    TreatmentCode,
    WasteMovement,
    WasteStream,
)

COMMON = ["id", "reference", "org_unit", "version", "created_at", "updated_at", "archived_at"]


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


class AspectSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Aspect
        fields = [
            *COMMON,
            "activity",
            "process",
            "aspect_type",
            "aspect",
            "impact",
            "condition",
            "stage",
            "control",
            "legal_requirement",
            "legal_reference",
            "existing_controls",
            "owner",
            "matrix",
            "likelihood",
            "severity",
            "third",
            "rating_score",
            "rating_level",
            "significant",
        ]
        read_only_fields = [
            *RecordSerializer.Meta.read_only_fields,
            "rating_score",
            "rating_level",
            "significant",
        ]


class IcpeSiteSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = IcpeSite
        fields = [
            *COMMON,
            "name",
            "aiot_code",
            "owner",
            "iso14001",
            "emas",
            "last_control_on",
            "prefecture_acts",
            "regime",
            "next_control_due",
        ]
        read_only_fields = [*RecordSerializer.Meta.read_only_fields, "regime", "next_control_due"]


class InstallationSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Installation
        fields = [
            *COMMON,
            "site",
            "name",
            "rubrique",
            "scale",
            "alinea",
            "quantity",
            "unit",
            "commissioned_on",
            "notes",
            "regime",
        ]
        read_only_fields = [*RecordSerializer.Meta.read_only_fields, "unit", "regime"]


class EmergencySituationSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = EmergencySituation
        fields = [
            *COMMON,
            "title",
            "phenomenon",
            "location",
            "causes",
            "consequences",
            "prevention",
            "protection",
            "response_plan",
            "plan_document",
            "owner",
            "drill_every_months",
            "last_drill_on",
            "next_drill_due",
        ]
        read_only_fields = [
            *RecordSerializer.Meta.read_only_fields,
            "last_drill_on",
            "next_drill_due",
        ]


class DrillSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Drill
        fields = [
            *COMMON,
            "situation",
            "held_on",
            "scenario",
            "participants",
            "external_services",
            "response_minutes",
            "outcome",
            "findings",
        ]
