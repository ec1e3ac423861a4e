"""API serializers of processes: the process with its inputs and outputs (read-only)."""

from rest_framework import serializers

from amelio.api.serializers import RecordSerializer
from amelio.context.serializers import COMMON
from amelio.processes.models import Process, ProcessFlow


class ProcessFlowSerializer(serializers.ModelSerializer):
    """An input or output, with its counterpart as an id and a readable label."""

    counterpart_label = serializers.SerializerMethodField()

    class Meta:
        model = ProcessFlow
        fields = [
            "id",
            "direction",
            "label",
            "counterpart_process",
            "counterpart_party",
            "counterpart_text",
            "counterpart_label",
            "position",
        ]
        read_only_fields = fields

    def get_counterpart_label(self, flow) -> str:
        return str(flow.counterpart or "")


class ProcessSerializer(RecordSerializer):
    flows = ProcessFlowSerializer(many=True, read_only=True)

    class Meta(RecordSerializer.Meta):
        model = Process
        fields = [
            *COMMON,
            "process_type",
            "code",
            "name",
            "owner",
            "deputy",
            "purpose",
            "scope",
            "resources",
            "activities",
            "documents",
            "kpis",
            "review_date",
            "map_order",
            "flows",
        ]
        extra_kwargs = {"owner": {"required": True, "allow_null": False}}
