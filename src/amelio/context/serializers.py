"""API serializers of the context registers."""

from amelio.api.serializers import RecordSerializer
from amelio.context.models import ContextIssue, InterestedParty, ManagementText

COMMON = ["id", "reference", "org_unit", "version", "created_at", "updated_at", "archived_at"]


class ContextIssueSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = ContextIssue
        fields = [
            *COMMON,
            "title",
            "origin",
            "pestel",
            "swot",
            "domain",
            "description",
            "impact",
            "trend",
            "climate_related",
            "owner",
            "review_date",
        ]


class InterestedPartySerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = InterestedParty
        fields = [
            *COMMON,
            "name",
            "category",
            "origin",
            "needs",
            "compliance_obligation",
            "climate_related",
            "influence",
            "interest",
            "response",
            "owner",
            "review_date",
        ]


class ManagementTextSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = ManagementText
        fields = [
            *COMMON,
            "kind",
            "title",
            "version_label",
            "standards",
            "body",
            "exclusions",
            "effective_date",
            "status",
            "approved_by",
            "approved_at",
            "owner",
            "review_date",
        ]
        read_only_fields = [
            *RecordSerializer.Meta.read_only_fields,
            "status",
            "approved_by",
            "approved_at",
        ]
