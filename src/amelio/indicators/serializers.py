"""API serializers of objectives and indicators; an indicator carries its targets and values
(read-only: values are written through the indicator page or the import)."""

from rest_framework import serializers

from amelio.api.serializers import RECORD_FIELDS as COMMON
from amelio.api.serializers import RecordSerializer
from amelio.indicators.forms import INDICATOR_FIELDS
from amelio.indicators.models import Indicator, IndicatorTarget, IndicatorValue


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorTarget
        fields = ["valid_from", "target", "alert"]
        read_only_fields = fields


class ValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["period", "value", "numerator", "denominator", "comment"]
        read_only_fields = fields


class IndicatorSerializer(RecordSerializer):
    targets = TargetSerializer(many=True, read_only=True)
    values = ValueSerializer(many=True, read_only=True)

    class Meta(RecordSerializer.Meta):
        model = Indicator
        fields = [
            *COMMON,
            *[f for f in INDICATOR_FIELDS if f != "org_unit"],
            "latest_value",
            "latest_period",
            "latest_status",
            "targets",
            "values",
        ]
        read_only_fields = ["latest_value", "latest_period", "latest_status"]
