"""The heatmap of scored records: the matrix's grid with the number of records in each cell,
each cell linking to the list filtered on it. Risks, DUERP lines and aspects show it alike
(template `scoring/heatmap.html`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.db.models import Count, QuerySet
from django.http import HttpRequest

from amelio.scoring import computations
from amelio.scoring.models import ScoringMatrix
from amelio.scoring.services import cached_matrix


def chosen_matrix(request: HttpRequest, queryset: QuerySet) -> ScoringMatrix | None:
    """The matrix asked for, else the one most records of the filtered list use."""
    wanted = request.GET.get("matrix")
    if wanted and wanted.isdigit():
        return cached_matrix(int(wanted))
    used = Counter(dict(queryset.order_by().values_list("matrix").annotate(n=Count("id"))))
    return cached_matrix(used.most_common(1)[0][0]) if used else None


def heatmap_grid(
    matrix: ScoringMatrix, counts: dict, prefix: str, link: Callable[[str, tuple], str]
) -> list[dict]:
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


def cell_links(
    request: HttpRequest, list_url: str, matrix: ScoringMatrix, fields: dict[str, tuple[str, str]]
) -> Callable[[str, tuple], str]:
    """`link(prefix, (likelihood, severity))`: the list URL keeping the page's filters, on
    `matrix`, filtered on that cell. `fields` names each assessment's two filter fields."""
    base = request.GET.copy()
    for name in ("page", "sort", *(name for pair in fields.values() for name in pair)):
        base.pop(name, None)
    base["matrix"] = str(matrix.pk)

    def link(prefix: str, key: tuple) -> str:
        params = base.copy()
        for name, value in zip(fields[prefix], key, strict=True):
            params[name] = value
        return f"{list_url}?{params.urlencode()}"

    return link
