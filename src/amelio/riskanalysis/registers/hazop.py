"""How HAZOP studies and their deviations appear: the studies with their nodes and worksheet,
the deviations as a register of their own (filters by guide word, parameter, risk level,
responsible; export; API)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amelio.core.registry import Register, registry
from amelio.riskanalysis import views_hazop
from amelio.riskanalysis.models import HazopDeviation, HazopStudy

STUDY_FIELDS = [
    "title",
    "org_unit",
    "installation",
    "scope",
    "drawings",
    "owner",
    "team",
    "other_members",
    "matrix",
    "next_review",
]
DEVIATION_FIELDS = [
    "study",
    "org_unit",
    "node",
    "parameter",
    "guide_word",
    "deviation",
    "causes",
    "consequences",
    "safeguards",
    "likelihood",
    "severity",
    "recommendations",
    "responsible",
]


@registry.register
class HazopStudyRegister(Register):
    """HAZOP studies (IEC 61882) of an installation, with their nodes and worksheet."""

    model = HazopStudy
    slug = "hazop"
    columns = ["reference", "title", "installation", "owner", "revision", "status"]
    sortable = ["reference", "title", "installation", "status", "next_review"]
    filters = ["org_unit", "status", "owner", "next_review"]
    search = ["reference", "title", "installation", "scope", "drawings"]
    form_fields = STUDY_FIELDS
    detail_fields = [*STUDY_FIELDS, "revision"]
    api_read_only = ["status", "revision"]
    default_sort = "-created_at"
    review_date_field = "next_review"
    area = "operation"
    icon = "diagram-3"
    order = 670

    def build_form_class(self):
        from amelio.riskanalysis.forms_hazop import hazop_study_form

        return hazop_study_form(self)

    def base_queryset(self):
        return super().base_queryset().select_related("owner", "matrix")

    def detail_context(self, record, request) -> dict:
        return views_hazop.study_context(record, request)

    def still_open(self, queryset):
        return queryset.exclude(status="approved")


@registry.register
class HazopDeviationRegister(Register):
    """The rows of the HAZOP worksheets: a deviation, its causes, consequences, safeguards
    and ranking, and the recommendations."""

    model = HazopDeviation
    slug = "hazop-deviations"
    parent = "study"
    columns = [
        "reference",
        "study",
        "node",
        "guide_word",
        "deviation",
        "risk",
        "responsible",
    ]
    computed_columns = {"risk": _("risk")}
    sortable = ["reference", "risk_score"]
    filters = ["org_unit", "study", "parameter", "guide_word", "risk_level", "responsible"]
    search = ["reference", "deviation", "causes", "consequences", "safeguards"]
    form_fields = DEVIATION_FIELDS
    detail_fields = [*DEVIATION_FIELDS, "risk"]
    api_read_only = ["risk_score", "risk_level"]
    default_sort = "-risk_score"
    example = {"likelihood": 2, "severity": 3}
    area = "operation"
    icon = "signpost-split"
    order = 671
    owner_field = "responsible"

    def build_form_class(self):
        from amelio.riskanalysis.forms_hazop import hazop_deviation_form

        return hazop_deviation_form(self)

    def base_queryset(self):
        return (
            super()
            .base_queryset()
            .select_related("study__matrix", "node", "parameter", "guide_word", "responsible")
        )

    def detail_context(self, record, request) -> dict:
        return views_hazop.deviation_context(record, request)
