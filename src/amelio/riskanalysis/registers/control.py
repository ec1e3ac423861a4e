"""How control plans appear: the plans with their characteristics, the characteristics as a
register of their own (filters by due date, responsible, special class; the phone page to
record a control; the SPC indicator), and the control records (the indicator's source)."""

from __future__ import annotations

from amelio.core.registry import Register, registry
from amelio.riskanalysis import views_control
from amelio.riskanalysis.models import ControlCharacteristic, ControlPlan, ControlRecord

PLAN_FIELDS = ["title", "org_unit", "process", "product", "phase", "owner", "next_review"]
CHARACTERISTIC_FIELDS = [
    "plan",
    "org_unit",
    "name",
    "watched",
    "fmea_line",
    "haccp_hazard",
    "hazop_deviation",
    "special_class",
    "data_type",
    "nominal",
    "lsl",
    "usl",
    "unit",
    "method",
    "instrument",
    "sample_size",
    "frequency_every",
    "frequency_unit",
    "responsible",
    "reaction_plan",
]
RECORD_FIELDS = [
    "characteristic",
    "org_unit",
    "measured_at",
    "value",
    "conform",
    "measured_by",
    "comment",
]


@registry.register
class ControlPlanRegister(Register):
    """Control (surveillance) plans: what is checked on a product or a line, in which phase."""

    model = ControlPlan
    slug = "control-plans"
    columns = ["reference", "title", "product", "phase", "owner", "revision", "status"]
    sortable = ["reference", "title", "phase", "status", "next_review"]
    filters = ["org_unit", "phase", "process", "owner", "status", "next_review"]
    search = ["reference", "title", "product"]
    form_fields = PLAN_FIELDS
    detail_fields = [*PLAN_FIELDS, "revision"]
    api_read_only = ["status", "revision"]
    review_date_field = "next_review"
    area = "operation"
    icon = "clipboard-check"
    order = 690

    def base_queryset(self):
        return super().base_queryset().select_related("owner", "process")

    def detail_context(self, record, request) -> dict:
        return views_control.plan_context(record, request)

    def still_open(self, queryset):
        return queryset.exclude(status="approved")


@registry.register
class ControlCharacteristicRegister(Register):
    """The characteristics and risks under control, each with its limits, method,
    frequency and responsible; they come due like tasks."""

    model = ControlCharacteristic
    slug = "control-characteristics"
    parent = "plan"
    columns = [
        "reference",
        "name",
        "plan",
        "special_class",
        "frequency_unit",
        "responsible",
        "next_due",
    ]
    sortable = ["reference", "name", "special_class", "next_due"]
    filters = [
        "org_unit",
        "plan",
        "watched",
        "special_class",
        "data_type",
        "frequency_unit",
        "responsible",
        "next_due",
    ]
    search = ["reference", "name", "method", "instrument"]
    form_fields = CHARACTERISTIC_FIELDS
    detail_fields = [*CHARACTERISTIC_FIELDS, "last_controlled_at", "next_due", "indicator"]
    api_read_only = ["last_controlled_at", "next_due", "indicator"]
    default_sort = "next_due"
    owner_field = "responsible"
    example = {
        "data_type": "variable",
        "nominal": 2,
        "lsl": 1,
        "usl": 3,
        "fmea_line": "",
        "haccp_hazard": "",
        "hazop_deviation": "",
    }
    area = "operation"
    icon = "rulers"
    order = 691

    def base_queryset(self):
        return super().base_queryset().select_related("plan", "responsible")

    def detail_context(self, record, request) -> dict:
        return views_control.characteristic_context(record, request)


@registry.register
class ControlRecordRegister(Register):
    """Every control done: value or conformity, who, when; a failed one links to the
    nonconformity it raised. No `parent`: a characteristic has no state that would lock its
    records (controls go on being recorded on an approved plan; an archived characteristic
    is no longer offered)."""

    model = ControlRecord
    slug = "control-records"
    columns = ["reference", "characteristic", "measured_at", "value", "conform", "measured_by"]
    sortable = ["reference", "measured_at"]
    filters = ["org_unit", "characteristic", "conform", "measured_by", "measured_at"]
    search = ["reference", "comment"]
    form_fields = RECORD_FIELDS
    detail_fields = [*RECORD_FIELDS, "nonconformity"]
    api_read_only = ["nonconformity"]
    default_sort = "-measured_at"
    owner_field = "measured_by"
    example = {"value": 2, "conform": "on"}
    area = "operation"
    icon = "check2-square"
    order = 692

    def base_queryset(self):
        return super().base_queryset().select_related("characteristic", "measured_by")
