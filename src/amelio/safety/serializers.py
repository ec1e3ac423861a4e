"""API serializers of health and safety. The victim's personal data never goes through the
API; states, scores and days lost are read-only."""

from __future__ import annotations

from amelio.api.serializers import RECORD_FIELDS, RecordSerializer
from amelio.safety.models import Assessment

COMMON = RECORD_FIELDS


class AssessmentSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Assessment
        fields = [
            *COMMON,
            "duerp",
            "activity",
            "family",
            "hazard",
            "situation",
            "damage",
            "existing_measures",
            "principles",
            "exposed",
            "pregnant_workers",
            "young_workers",
            "temporary_workers",
            "matrix",
            "gross_likelihood",
            "gross_severity",
            "gross_third",
            "gross_score",
            "gross_level",
        ]
        read_only_fields = [*RecordSerializer.Meta.read_only_fields, "gross_score", "gross_level"]
