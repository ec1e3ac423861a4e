"""API serializers of the audits app; the status, sign-off and follow-up fields are read-only,
and an audit or process is chosen among those the user sees."""

from __future__ import annotations

from amelio.api.serializers import RECORD_FIELDS, RecordSerializer
from amelio.audits.models import Audit
from amelio.audits.models.audits import CONDUCT_FIELDS
from amelio.audits.models.audits import FORM_FIELDS as AUDIT_FIELDS

COMMON = RECORD_FIELDS


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
