"""How processes appear: the register (list, process sheet, exports, API) and the map."""

from auditlog.registry import auditlog
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from amelio.core.registry import HISTORY_EXCLUDED, ExtraView, Register, registry
from amelio.processes import serializers, views
from amelio.processes.models import Process, ProcessFlow

FORM_FIELDS = [
    "process_type",
    "code",
    "name",
    "org_unit",
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
]


# Registered before the register so that the reverse relations to the flows stay out of the
# change log: the inputs and outputs are logged as one change by `services.process_save_flows`.
if not auditlog.contains(Process):
    auditlog.register(Process, exclude_fields=[*HISTORY_EXCLUDED, "flows", "counterpart_flows"])


@registry.register
class ProcessRegister(Register):
    """Processes of the management system and their sheets (ISO clause 4.4)."""

    model = Process
    slug = "processes"
    columns = ["code", "name", "process_type", "owner", "deputy", "review_date", "map_order"]
    filters = ["org_unit", "process_type", "owner", "deputy", "review_date"]
    search = ["reference", "code", "name", "purpose", "activities"]
    sortable = ["code", "name", "process_type", "review_date", "map_order", "reference"]
    default_sort = "code"
    form_fields = FORM_FIELDS
    detail_fields = FORM_FIELDS
    serializer_class = serializers.ProcessSerializer
    area = "context"
    icon = "diagram-3"
    order = 40
    review_date_field = "review_date"
    example = {"process_type": "operational", "map_order": 20}
    extra_views = [ExtraView("map", views.ProcessMapView, _("Process map"), "diagram-3")]

    def base_queryset(self):
        flows = ProcessFlow.objects.select_related("counterpart_process", "counterpart_party")
        return super().base_queryset().prefetch_related(Prefetch("flows", queryset=flows))

    def detail_context(self, record, request) -> dict:
        from amelio.processes.sheet import sheet_context

        return sheet_context(record, request.user)
