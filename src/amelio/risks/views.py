"""Risk pages beyond the standard register: the heatmap (inherent beside residual, cells
linking to the filtered list, top-N) and the review log form."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from amelio.actions.charts import d3_date_format
from amelio.core.lookups import get_record_for
from amelio.core.views.base import RegisterView
from amelio.core.views.records import filtered_queryset
from amelio.risks import charts, services
from amelio.risks.models import Risk
from amelio.scoring.heatmap import cell_links, chosen_matrix, heatmap_grid
from amelio.scoring.models import ScoringMatrix

TOP_N = 10
ASSESSMENTS = {"inherent": gettext_lazy("Inherent"), "residual": gettext_lazy("Residual")}


class HeatmapView(RegisterView):
    """Inherent and residual heatmaps of the filtered risks, side by side, how many threats
    stand above their matrix's tolerance, and the top-N."""

    def get(self, request):
        filterset, queryset, _sort = filtered_queryset(self.register, request)
        matrix = chosen_matrix(request, queryset)
        grids = []
        if matrix is not None:
            on_matrix = queryset.filter(matrix=matrix)
            fields = {p: (f"{p}_likelihood", f"{p}_severity") for p in ASSESSMENTS}
            link = cell_links(request, self.register.url("list"), matrix, fields)
            for prefix, label in ASSESSMENTS.items():
                counts = services.cell_counts(on_matrix, prefix)
                grids.append(
                    {
                        "prefix": prefix,
                        "label": label,
                        "rows": heatmap_grid(matrix, counts, prefix, link),
                        "total": sum(counts.values()),
                    }
                )
        context = self.base_context(
            filterset=filterset,
            matrix=matrix,
            grids=grids,
            columns=matrix.factors[1]["values"] if matrix else [],
            matrices=ScoringMatrix.objects.filter(risks__in=queryset.values("pk"))
            .distinct()
            .defer("definition"),
            top=services.top_risks(_top_scope(request, queryset), TOP_N),
            top_n=TOP_N,
            above_tolerance=services.above_tolerance(queryset),
            trend=_trend_figure(queryset, matrix),
        )
        return TemplateResponse(request, "risks/heatmap.html", context)


def _trend_figure(queryset, matrix):
    """The evolution chart of the filtered records' reviews (average scores per quarter)."""
    points = services.review_trend(queryset.filter(matrix=matrix)) if matrix else []
    if not points:
        return None
    texts = {
        "inherent": str(_("Average inherent score")),
        "residual": str(_("Average residual score")),
        "score": str(_("Score")),
        "date_format": d3_date_format(get_format("SHORT_DATE_FORMAT")),
    }
    return charts.evolution_figure(points, texts, max(matrix.levels[-1]["max"], 1))


def _top_scope(request, queryset):
    """The top list ranks threats unless the filter asks for opportunities: a high
    opportunity score is good news, not a priority to treat."""
    queryset = queryset.prefetch_related(None)
    if not request.GET.get("risk_type"):
        queryset = queryset.filter(risk_type=Risk.Type.RISK)
    return queryset


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@require_POST
def review_add(request, pk):
    """Log a review of the risk (scores as they are now) and set its next review date."""
    risk = get_record_for(request.user, Risk, pk)
    services.risk_review(
        risk=risk,
        user=request.user,
        comment=request.POST.get("comment", ""),
        reviewed_on=_date(request.POST.get("reviewed_on", "")),
        next_review=_date(request.POST.get("next_review", "")),
    )
    messages.success(request, _("The review of %(record)s was recorded.") % {"record": risk})
    return redirect("risks:risk_detail", risk.pk)
