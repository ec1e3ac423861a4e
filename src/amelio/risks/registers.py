"""How risks and opportunities appear: the register, with the heatmap as an extra view and the
review log and evolution chart on the detail page."""

from __future__ import annotations

from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from amelio.actions.charts import d3_date_format
from amelio.core.registry import ExtraView, Register, registry
from amelio.risks import charts, views
from amelio.risks.forms import RiskForm
from amelio.risks.models import Risk
from amelio.scoring.filters import LevelFilter

EVOLUTION_TEXTS = {
    "inherent": _("Inherent score"),
    "residual": _("Residual score"),
    "score": _("Score"),
}


@registry.register
class RiskRegister(Register):
    """Risks and opportunities of the management system (ISO clause 6.1)."""

    model = Risk
    slug = "risks"
    columns = [
        "reference",
        "title",
        "risk_type",
        "process",
        "inherent",
        "residual",
        "treatment",
        "owner",
        "review_date",
    ]
    computed_columns = {
        "inherent": _("inherent level"),
        "residual": _("residual level"),
        "domains": _("QSE domains"),
    }
    sortable = [
        "reference",
        "title",
        "risk_type",
        "treatment",
        "review_date",
        "inherent_score",
        "residual_score",
    ]
    filters = [
        "org_unit",
        "risk_type",
        "process",
        "treatment",
        "source",
        "matrix",
        "owner",
        "review_date",
        *Risk.DOMAINS,
        "inherent_likelihood",
        "inherent_severity",
        "residual_likelihood",
        "residual_severity",
    ]
    extra_filters = {
        "inherent_level": LevelFilter(
            field_name="inherent_level", label=_("inherent level"), empty_label=_("All")
        ),
        "residual_level": LevelFilter(
            field_name="residual_level", label=_("residual level"), empty_label=_("All")
        ),
    }
    search = ["reference", "title", "cause", "event", "consequence"]
    default_sort = "-inherent_score"
    form_fields = RiskForm.Meta.fields
    form_class = RiskForm
    detail_fields = [
        "title",
        "risk_type",
        "org_unit",
        "process",
        "domains",
        "source",
        "context_issue",
        "interested_party",
        "cause",
        "event",
        "consequence",
        "existing_controls",
        "matrix",
        "inherent_likelihood",
        "inherent_severity",
        "inherent_third",
        "treatment",
        "treatment_description",
        "residual_likelihood",
        "residual_severity",
        "residual_third",
        "accepted_by",
        "accepted_until",
        "owner",
        "review_date",
    ]
    # Scores and levels are computed from the ratings: the API gives them, read-only.
    api_read_only = ["inherent_score", "inherent_level", "residual_score", "residual_level"]
    area = "planning"
    icon = "shield-exclamation"
    order = 50
    review_date_field = "review_date"
    extra_views = [ExtraView("heatmap", views.HeatmapView, _("Heatmap"), "grid-3x3-gap")]
    example = {"risk_type": "risk", "treatment": "reduce", "source": "process"}

    def base_queryset(self):
        # The matrix's JSON is not decoded per row: levels come from the matrix cache.
        return super().base_queryset().defer("matrix__definition")

    def detail_context(self, record, request) -> dict:
        reviews = list(record.reviews.select_related("reviewer").order_by("-reviewed_on", "-id"))
        matrix = record.scoring_matrix()
        points: list[charts.ReviewPoint] = [
            {"date": r.reviewed_on, "inherent": r.inherent_score, "residual": r.residual_score}
            for r in reviews
        ]
        max_score = max(matrix.levels[-1]["max"], 1) if matrix else 1
        texts = {key: str(value) for key, value in EVOLUTION_TEXTS.items()}
        texts["date_format"] = d3_date_format(get_format("SHORT_DATE_FORMAT"))
        return {
            "matrix": matrix,
            "inherent_level": record.level_info("inherent"),
            "residual_level": record.level_info("residual"),
            "reviews": reviews,
            "evolution": charts.evolution_figure(points, texts, max_score) if points else None,
        }
