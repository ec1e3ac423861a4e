"""API serializers of the audits app; the status, sign-off and follow-up fields are read-only,
and an audit or process is chosen among those the user sees."""

from __future__ import annotations

from amelio.api.serializers import RecordSerializer
from amelio.audits.models import Audit, AuditProgramme, ChecklistTemplate, Finding
from amelio.audits.models.audits import CONDUCT_FIELDS
from amelio.audits.models.audits import FORM_FIELDS as AUDIT_FIELDS
from amelio.audits.models.findings import FORM_FIELDS as FINDING_FIELDS

COMMON = ["id", "reference", "org_unit", "version", "created_at", "updated_at", "archived_at"]


class AuditProgrammeSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = AuditProgramme
        fields = [
            *COMMON,
            "title",
            "start_year",
            "end_year",
            "objectives",
            "scope",
            "criteria",
            "owner",
            "status",
        ]
        read_only_fields = [*RecordSerializer.Meta.read_only_fields, "status"]


class AuditSerializer(RecordSerializer):
    COMPUTED = ["status", "signed_off_by", "signed_off_on", "cancel_reason"]

    class Meta(RecordSerializer.Meta):
        model = Audit
        fields = [
            *COMMON,
            *[f for f in AUDIT_FIELDS if f != "org_unit"],
            *CONDUCT_FIELDS,
            "status",
            "signed_off_by",
            "signed_off_on",
            "cancel_reason",
        ]
        read_only_fields = [
            *RecordSerializer.Meta.read_only_fields,
            "status",
            "signed_off_by",
            "signed_off_on",
            "cancel_reason",
        ]


class FindingSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Finding
        fields = [*COMMON, *FINDING_FIELDS, "nonconformity"]
        read_only_fields = [*RecordSerializer.Meta.read_only_fields, "nonconformity"]


class ChecklistTemplateSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = ChecklistTemplate
        fields = [*COMMON, "title", "description", "process"]
