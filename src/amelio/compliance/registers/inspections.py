"""How the equipment to inspect, its periodic inspections and their observations appear."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amelio.compliance import views_inspections
from amelio.compliance.models import (
    Equipment,
    Inspection,
    Observation,
)
from amelio.core.registry import Register, registry


@registry.register
class EquipmentRegister(Register):
    """The equipment of each site subject to periodic inspections, and when they fall due."""

    model = Equipment
    slug = "equipment"
    columns = [
        "reference",
        "name",
        "category",
        "location",
        "last_inspected_on",
        "next_due",
        "state",
    ]
    computed_columns = {"state": _("state")}
    sortable = ["reference", "name", "location", "last_inspected_on", "next_due"]
    filters = [
        "org_unit",
        "category",
        "next_due",
        "inspector_kind",
        "stop_when_overdue",
        "withdrawn",
        "owner",
    ]
    search = ["reference", "name", "identifier", "location", "inspector"]
    default_sort = "next_due"
    form_fields = [
        "name",
        "org_unit",
        "category",
        "identifier",
        "location",
        "commissioned_on",
        "inspector_kind",
        "inspector",
        "owner",
        "extension_notified",
        "stop_when_overdue",
        "withdrawn",
    ]
    detail_fields = [*form_fields, "last_inspected_on", "next_due"]
    api_read_only = ["last_inspected_on", "next_due"]
    area = "operation"
    icon = "tools"
    order = 640
    review_date_field = "next_due"
    extra_views = views_inspections.EXTRA_VIEWS

    def detail_context(self, record, request) -> dict:
        return views_inspections.equipment_context(record, request)


@registry.register
class InspectionRegister(Register):
    """The periodic inspections done, with their reports and results."""

    model = Inspection
    slug = "inspections"
    columns = ["reference", "equipment", "rule", "performed_on", "result", "inspector"]
    sortable = ["reference", "performed_on", "result"]
    filters = ["org_unit", "equipment", "rule", "result", "performed_on", "inspector_kind"]
    search = ["reference", "inspector", "report_number", "summary"]
    default_sort = "-performed_on"
    form_fields = [
        "equipment",
        "org_unit",
        "rule",
        "performed_on",
        "inspector_kind",
        "inspector",
        "report_number",
        "result",
        "summary",
    ]
    area = "operation"
    icon = "clipboard-check"
    order = 642
    owner_field = None

    def detail_context(self, record, request) -> dict:
        return views_inspections.inspection_context(record, request)


@registry.register
class ObservationRegister(Register):
    """Observations of the inspection reports, followed until they are lifted."""

    model = Observation
    slug = "observations"
    columns = ["reference", "title", "inspection", "severity", "lifted_on"]
    sortable = ["reference", "title", "severity", "lifted_on"]
    filters = ["org_unit", "inspection", "severity", "lifted_on"]
    search = ["reference", "title", "how_lifted"]
    default_sort = "-created_at"
    form_fields = ["inspection", "org_unit", "title", "severity", "lifted_on", "how_lifted"]

    def base_queryset(self):
        return super().base_queryset().select_related("inspection__equipment")

    area = "operation"
    icon = "exclamation-diamond"
    order = 644
    owner_field = None
