"""API serializers of action plans and actions."""

from rest_framework import serializers

from amelio.actions.models import Action
from amelio.api.serializers import RECORD_FIELDS as COMMON
from amelio.api.serializers import RecordSerializer


class ActionSerializer(RecordSerializer):
    origins = serializers.SerializerMethodField()

    class Meta(RecordSerializer.Meta):
        model = Action
        fields = [
            *COMMON,
            "title",
            "plan",
            "description",
            "action_type",
            "stage",
            "owner",
            "contributors",
            "start_date",
            "due_date",
            "priority",
            "progress",
            "planned_cost",
            "actual_cost",
            "effort_days",
            "depends_on",
            "effectiveness_criterion",
            "effectiveness_due",
            "verifier",
            "status",
            "done_on",
            "effectiveness_result",
            "verified_by",
            "verified_on",
            "origins",
        ]
        read_only_fields = [
            *RecordSerializer.Meta.read_only_fields,
            "status",
            "done_on",
            "effectiveness_result",
            "verified_by",
            "verified_on",
        ]

    def get_origins(self, action) -> list[dict]:
        return [
            {
                "type": link.content_type.model,
                "id": link.object_id,
                "role": link.role,
                "label": str(link.target) if link.target else "",
            }
            for link in action.links.all()
        ]
