"""API serializers of processes: the process with its inputs and outputs (read-only)."""

from rest_framework import serializers

from amelio.api.serializers import RECORD_FIELDS as COMMON
from amelio.api.serializers import RecordSerializer
from amelio.processes.models import Process, ProcessFlow
from amelio.processes.sheet import HIDDEN_COUNTERPART


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

    def to_representation(self, flow):
        """A counterpart process outside the user's units is neither named nor given by id."""
        data = super().to_representation(flow)
        other = flow.counterpart_process_id
        if other and other not in self._visible_processes():
            data["counterpart_process"] = None
            data["counterpart_label"] = str(HIDDEN_COUNTERPART)
        return data

    def _visible_processes(self) -> set[int]:
        # Processes are few (tens): one query per response, kept in the serializer context.
        context: dict = self.context  # type: ignore[assignment]
        if "visible_processes" not in context:
            request = context.get("request")
            user = getattr(request, "user", None)
            visible = Process.objects.for_user(user) if user else Process.objects.none()
            context["visible_processes"] = set(visible.values_list("pk", flat=True))
        return context["visible_processes"]


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
