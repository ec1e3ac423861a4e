"""API serializers of health and safety. The victim's personal data never goes through the
API; states, scores and days lost are read-only."""

from __future__ import annotations

from amelio.api.serializers import RecordSerializer
from amelio.safety.models import Assessment, Duerp, HoursWorked, PublicReport, SafetyEvent

COMMON = ["id", "reference", "org_unit", "version", "created_at", "updated_at", "archived_at"]


class DuerpSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Duerp
        fields = [
            *COMMON,
            "title",
            "owner",
            "update_reason",
            "method",
            "participants",
            "cse_consulted_on",
            "status",
            "last_published_on",
        ]
        read_only_fields = [*RecordSerializer.Meta.read_only_fields, "status", "last_published_on"]


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


class SafetyEventSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = SafetyEvent
        fields = [
            *COMMON,
            "title",
            "event_type",
            "occurred_at",
            "known_at",
            "place",
            "description",
            "immediate_measures",
            "witnesses",
            "victim_status",
            "injury_nature",
            "body_location",
            "restricted_work",
            "ip_rate",
            "declared_on",
            "owner",
            "status",
            "days_lost",
        ]
        read_only_fields = [*RecordSerializer.Meta.read_only_fields, "status", "days_lost"]


class HoursWorkedSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = HoursWorked
        fields = [*COMMON, "year", "month", "hours", "headcount", "temporary_hours"]


class PublicReportSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = PublicReport
        fields = [
            *COMMON,
            "kind",
            "description",
            "place",
            "reporter_name",
            "reporter_contact",
            "status",
            "event",
        ]
        read_only_fields = [*RecordSerializer.Meta.read_only_fields, "status", "event"]
