"""API serializers of the energy app; computed figures are read-only (related meters and
variables are those the user sees, as for every register: `RecordSerializer`)."""

from __future__ import annotations

from amelio.api.serializers import RecordSerializer
from amelio.energy.models import EnergyIndicator, Meter, Reading, Variable

COMMON = ["id", "reference", "org_unit", "version", "created_at", "updated_at", "archived_at"]


class MeterSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Meter
        fields = [
            *COMMON,
            "name",
            "energy",
            "unit",
            "supplier_coefficient",
            "delivery_point",
            "usage",
            "significant",
            "relevant_variables",
        ]


class ReadingSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Reading
        computed = ["unit", "kwh_pci", "kwh_pcs", "kg_co2e", "conversion_factor", "emission_factor"]
        fields = [
            *COMMON,
            "meter",
            "period_start",
            "period_end",
            "quantity",
            "cost",
            "kind",
            "invoice_number",
            *computed,
        ]
        read_only_fields = [*RecordSerializer.Meta.read_only_fields, *computed]


class VariableSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Variable
        fields = [*COMMON, "name", "kind", "unit", "description"]


class EnergyIndicatorSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = EnergyIndicator
        fields = [
            *COMMON,
            "name",
            "kind",
            "meters",
            "variable_1",
            "variable_2",
            "baseline_start",
            "baseline_end",
            "reporting_start",
            "reporting_end",
            "r2_threshold",
            "description",
        ]
