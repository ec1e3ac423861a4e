"""How FMEAs and their lines appear: the studies with their worksheet, the lines as a register
of their own (filters by priority, responsible, target date; export; API)."""

from __future__ import annotations

from amelio.core.registry import Register, registry
from amelio.riskanalysis import views_fmea
from amelio.riskanalysis.models import Fmea, FmeaLine

LINE_FIELDS = [
    "fmea",
    "org_unit",
    "position",
    "item",
    "function",
    "failure_mode",
    "effect",
    "severity",
    "classification",
    "cause",
    "prevention_controls",
    "occurrence",
    "detection_controls",
    "detection",
    "recommended_action",
    "responsible",
    "target_date",
    "actions_taken",
    "revised_severity",
    "revised_occurrence",
    "revised_detection",
]


@registry.register
class FmeaRegister(Register):
    """FMEA studies (AMDEC), process or design, with their worksheet."""

    model = Fmea
    slug = "fmea"
    columns = ["reference", "title", "kind", "item", "owner", "revision", "status"]
    sortable = ["reference", "title", "kind", "status", "next_review"]
    filters = ["org_unit", "kind", "status", "owner", "next_review"]
    search = ["reference", "title", "item", "scope"]
    form_fields = [
        "title",
        "org_unit",
        "kind",
        "item",
        "process",
        "scope",
        "owner",
        "team",
        "other_members",
        "matrix",
        "next_review",
    ]
    detail_fields = [*form_fields, "revision"]
    api_read_only = ["status", "revision"]
    default_sort = "-created_at"
    review_date_field = "next_review"
    area = "operation"
    icon = "table"
    order = 660

    def build_form_class(self):
        from amelio.riskanalysis.forms import fmea_form

        return fmea_form(self)

    def base_queryset(self):
        return super().base_queryset().select_related("owner", "process")

    def detail_context(self, record, request) -> dict:
        return views_fmea.fmea_context(record, request)

    def still_open(self, queryset):
        return queryset.exclude(status="approved")


@registry.register
class FmeaLineRegister(Register):
    """The lines of the FMEAs: failure mode, effect and cause rated S, O, D."""

    model = FmeaLine
    slug = "fmea-lines"
    parent = "fmea"
    columns = [
        "reference",
        "fmea",
        "item",
        "failure_mode",
        "severity",
        "initial_score",
        "initial_level",
        "revised_score",
        "responsible",
        "target_date",
    ]
    sortable = ["reference", "item", "severity", "initial_score", "revised_score", "target_date"]
    filters = ["org_unit", "fmea", "initial_level", "severity", "responsible", "target_date"]
    search = ["reference", "item", "failure_mode", "effect", "cause"]
    form_fields = LINE_FIELDS
    detail_fields = [*LINE_FIELDS, "initial_score", "initial_level", "revised_score"]
    default_sort = "-initial_score"
    example = {"severity": 5, "occurrence": 4, "detection": 3}
    area = "operation"
    icon = "list-ol"
    order = 661
    owner_field = "responsible"

    def build_form_class(self):
        from amelio.riskanalysis.forms import fmea_line_form

        return fmea_line_form(self)

    def base_queryset(self):
        return super().base_queryset().select_related("fmea__matrix", "responsible")

    def detail_context(self, record, request) -> dict:
        return views_fmea.line_context(record, request)
