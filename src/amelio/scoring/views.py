"""Pages of the scoring matrices: list, detail with the coloured grid, edit, new version.

Every signed-in user may read the matrices (they explain the scores of every register);
only coordinators and administrators of the organisation change them.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amelio.scoring import computations, services
from amelio.scoring.forms import ScoringMatrixForm
from amelio.scoring.models import ScoringMatrix, localised


def matrix_list(request):
    """Every matrix, latest version first within its code."""
    matrices = ScoringMatrix.objects.order_by("code", "-version")
    return TemplateResponse(
        request,
        "scoring/list.html",
        {"matrices": matrices, "may_edit": services.may_edit_matrices(request.user)},
    )


def grid_rows(matrix: ScoringMatrix) -> list[dict]:
    """Rows of the coloured grid, highest value of the first factor on top."""
    factors = matrix.factors
    results = computations.cells(matrix.definition)
    rows = []
    for entry, cells in zip(factors[0]["values"], results, strict=True):
        rows.append(
            {
                "value": entry,
                "cells": [
                    {"result": result, "level": matrix.level(result.level)} for result in cells
                ],
            }
        )
    return list(reversed(rows))


def escalations(matrix: ScoringMatrix) -> list[dict]:
    """The escalation rules with the factor's and level's labels (not their keys)."""
    factors = {f["key"]: f for f in matrix.factors}
    return [
        {
            "factor": localised(factors[rule["factor"]]["label"]),
            "value": rule["min_value"],
            "level": localised((matrix.level(rule["level"]) or {}).get("label")),
        }
        for rule in matrix.definition.get("escalations") or []
        if rule.get("factor") in factors
    ]


def matrix_detail(request, pk):
    matrix = get_object_or_404(ScoringMatrix, pk=pk)
    context = {
        "matrix": matrix,
        "factors": matrix.factors,
        "levels": matrix.levels,
        "rows": grid_rows(matrix),
        "columns": matrix.factors[1]["values"],
        "third": matrix.factors[2] if len(matrix.factors) > 2 else None,
        "is_used": matrix.is_used,
        "may_edit": services.may_edit_matrices(request.user),
        "versions": ScoringMatrix.objects.filter(code=matrix.code).order_by("-version"),
        "escalations": escalations(matrix),
    }
    return TemplateResponse(request, "scoring/detail.html", context)


def _editor_or_403(request) -> None:
    if not services.may_edit_matrices(request.user):
        raise PermissionDenied


def matrix_add(request):
    _editor_or_403(request)
    form = ScoringMatrixForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        matrix = form.save(commit=False)
        matrix.updated_by = request.user
        matrix.save()
        messages.success(request, _("%(record)s was saved.") % {"record": matrix})
        return redirect("scoring:matrix_detail", matrix.pk)
    return TemplateResponse(request, "scoring/form.html", {"form": form, "matrix": None})


def matrix_edit(request, pk):
    _editor_or_403(request)
    matrix = get_object_or_404(ScoringMatrix, pk=pk)
    refusal = services.used_refusal(matrix)
    if refusal:
        messages.error(request, refusal)
        return redirect("scoring:matrix_detail", matrix.pk)
    form = ScoringMatrixForm(request.POST or None, instance=matrix)
    if request.method == "POST" and form.is_valid():
        try:
            services.matrix_update(matrix=form.save(commit=False), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(record)s was saved.") % {"record": matrix})
            return redirect("scoring:matrix_detail", matrix.pk)
    return TemplateResponse(request, "scoring/form.html", {"form": form, "matrix": matrix})


@require_POST
def matrix_status(request, pk):
    """Put a matrix in use or retire it; allowed even once used (the scales do not change)."""
    matrix = get_object_or_404(ScoringMatrix, pk=pk)
    try:
        services.matrix_set_status(matrix=matrix, user=request.user, status=request.POST["status"])
    except (KeyError, ValidationError):
        messages.error(request, _("This status is not possible."))
    else:
        messages.success(request, _("%(record)s was saved.") % {"record": matrix})
    return redirect("scoring:matrix_detail", matrix.pk)


@require_POST
def matrix_new_version(request, pk):
    """Copy the matrix as a draft with the next version number, and open it for editing."""
    matrix = get_object_or_404(ScoringMatrix, pk=pk)
    draft = services.matrix_new_version(matrix=matrix, user=request.user)
    messages.success(
        request, _("Version %(version)s was started as a draft.") % {"version": draft.version}
    )
    return redirect("scoring:matrix_edit", draft.pk)
