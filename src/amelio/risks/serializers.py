"""API serializer of risks and opportunities (scores and levels are computed, read-only)."""

from amelio.api.serializers import RecordSerializer
from amelio.risks.forms import RiskForm
from amelio.risks.models import Risk

COMMON = ["id", "reference", "org_unit", "version", "created_at", "updated_at", "archived_at"]
COMPUTED = ["inherent_score", "inherent_level", "residual_score", "residual_level"]


class RiskSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Risk
        fields = [*COMMON, *[f for f in RiskForm.Meta.fields if f != "org_unit"], *COMPUTED]
        read_only_fields = [*RecordSerializer.Meta.read_only_fields, *COMPUTED]
