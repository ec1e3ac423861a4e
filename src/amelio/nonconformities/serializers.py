"""API serializer of nonconformities (status, total cost and closure date are read-only)."""

from amelio.api.serializers import RecordSerializer
from amelio.nonconformities.models import FORM_FIELDS, Nonconformity

COMMON = ["id", "reference", "org_unit", "version", "created_at", "updated_at", "archived_at"]
COMPUTED = ["status", "cost_total", "closed_on", "cancel_reason"]


class NonconformitySerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Nonconformity
        fields = [*COMMON, *[f for f in FORM_FIELDS if f != "org_unit"], *COMPUTED]
        read_only_fields = [*RecordSerializer.Meta.read_only_fields, *COMPUTED]
