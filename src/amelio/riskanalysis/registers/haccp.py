"""How HACCP studies and their hazards appear: the study page holds the product, the flow
diagram with the hazards of each step and the links to the HACCP plan; the hazards are a
register of their own (filters by step, category, significance and decision; export; API)."""

from __future__ import annotations

from amelio.core.registry import Register, registry
from amelio.riskanalysis import views_haccp
from amelio.riskanalysis.models import HaccpHazard, HaccpStudy

PLAN_FIELDS = [
    "critical_limits",
    "monitoring_what",
    "monitoring_how",
    "monitoring_frequency",
    "monitoring_who",
    "corrective_actions",
    "verification",
    "records",
]
HAZARD_FIELDS = [
    "org_unit",
    "step",
    "category",
    "description",
    "source",
    "control_measures",
    "likelihood",
    "severity",
    *PLAN_FIELDS,
]
TREE_FIELDS = ["q1", "q1b", "q2", "q3", "q4", "tree_notes", "decision"]


@registry.register
class HaccpStudyRegister(Register):
    """HACCP studies: team, product and intended use, flow diagram, hazards and the plan."""

    model = HaccpStudy
    slug = "haccp"
    columns = ["reference", "title", "product", "owner", "revision", "next_review", "status"]
    sortable = ["reference", "title", "product", "status", "next_review"]
    filters = ["org_unit", "status", "owner", "next_review"]
    search = ["reference", "title", "product", "scope"]
    form_fields = [
        "title",
        "org_unit",
        "scope",
        "owner",
        "team",
        "other_members",
        "product",
        "composition",
        "structure",
        "processing",
        "packaging",
        "storage_distribution",
        "shelf_life",
        "intended_use",
        "intended_users",
        "flow_confirmed_on",
        "flow_confirmed_by",
        "matrix",
        "next_review",
    ]
    detail_fields = [*form_fields, "revision"]
    api_read_only = ["status", "revision"]
    default_sort = "-created_at"
    review_date_field = "next_review"
    area = "operation"
    icon = "egg-fried"
    order = 670

    def build_form_class(self):
        from amelio.riskanalysis.forms_haccp import haccp_study_form

        return haccp_study_form(self)

    def base_queryset(self):
        return super().base_queryset().select_related("owner", "matrix")

    def detail_context(self, record, request) -> dict:
        return views_haccp.study_context(record, request)

    def still_open(self, queryset):
        return queryset.exclude(status="approved")


@registry.register
class HaccpHazardRegister(Register):
    """The hazards of the HACCP studies, step by step, with the decision tree and the CCPs."""

    model = HaccpHazard
    slug = "haccp-hazards"
    parent = "study"
    columns = [
        "reference",
        "study",
        "step",
        "category",
        "description",
        "risk_score",
        "risk_level",
        "significant",
        "decision",
    ]
    sortable = ["reference", "category", "risk_score", "decision"]
    filters = ["org_unit", "study", "step", "category", "risk_level", "significant", "decision"]
    search = ["reference", "description", "source", "control_measures"]
    form_fields = HAZARD_FIELDS
    detail_fields = [
        "study",
        *HAZARD_FIELDS[:8],
        "risk_score",
        "risk_level",
        "significant",
        *TREE_FIELDS,
        *PLAN_FIELDS,
    ]
    # The study is its step's (set by the model), never written on its own.
    api_read_only = ["study", "risk_score", "risk_level", "significant", *TREE_FIELDS]
    default_sort = "-risk_score"
    example = {"likelihood": 2, "severity": 3}
    area = "operation"
    icon = "bug"
    order = 671
    owner_field = None

    def build_form_class(self):
        from amelio.riskanalysis.forms_haccp import haccp_hazard_form

        return haccp_hazard_form(self)

    def base_queryset(self):
        return super().base_queryset().select_related("study__matrix", "step")

    def detail_context(self, record, request) -> dict:
        return views_haccp.hazard_context(record, request)
