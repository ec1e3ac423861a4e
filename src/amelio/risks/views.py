"""Risk pages beyond the standard register: the heatmap (inherent beside residual, cells
linking to the filtered list, top-N) and the review log form."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.contrib import messages
from django.db.models import Count
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
from amelio.scoring import computations
from amelio.scoring.models import ScoringMatrix
from amelio.scoring.services import cached_matrix

TOP_N = 10
ASSESSMENTS = {"inherent": gettext_lazy("Inherent"), "residual": gettext_lazy("Residual")}


def chosen_matrix(request, queryset) -> ScoringMatrix | None:
    """The matrix asked for, else the one most records of the filtered list use."""
    wanted = request.GET.get("matrix")
    if wanted and wanted.isdigit():
        return cached_matrix(int(wanted))
    used = Counter(dict(queryset.order_by().values_list("matrix").annotate(n=Count("id"))))
    return cached_matrix(used.most_common(1)[0][0]) if used else None


def heatmap_grid(matrix, counts, prefix: str, link) -> list[dict]:
    """Rows of one heatmap (highest likelihood on top): level colour, count and list link."""
    factors = matrix.factors
    results = computations.cells(matrix.definition)
    rows = []
    for entry, cells in zip(factors[0]["values"], results, strict=True):
        row = []
        for column, result in zip(factors[1]["values"], cells, strict=True):
            key = (entry["value"], column["value"])
            row.append(
                {
                    "likelihood": key[0],
                    "severity": key[1],
                    "count": counts.get(key, 0),
                    "level": matrix.level(result.level),
                    "url": link(prefix, key),
                }
            )
        rows.append({"value": entry, "cells": row})
    return list(reversed(rows))


class HeatmapView(RegisterView):
    """Inherent and residual heatmaps of the filtered risks, side by side, and the top-N."""

    def get(self, request):
        filterset, queryset, _sort = filtered_queryset(self.register, request)
        matrix = chosen_matrix(request, queryset)
        grids = []
        if matrix is not None:
            on_matrix = queryset.filter(matrix=matrix)
            base = request.GET.copy()
            for name in ("page", "sort", *_cell_params()):
                base.pop(name, None)
            base["matrix"] = str(matrix.pk)
            list_url = self.register.url("list")

            def link(prefix, key):
                params = base.copy()
                params[f"{prefix}_likelihood"], params[f"{prefix}_severity"] = key
                return f"{list_url}?{params.urlencode()}"

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


def _cell_params() -> list[str]:
    return [f"{prefix}_{factor}" for prefix in ASSESSMENTS for factor in ("likelihood", "severity")]


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
