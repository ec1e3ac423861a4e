"""Figures of the nonconformities read from the database, shared by the analysis page and
the measures so that each is computed once: the rows the analysis works on, the cost of
nonquality by month, the 8D reports closed by their target date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from amelio.nonconformities import computations as calc
from amelio.nonconformities.models import EightD

ROW_FIELDS = (
    "pk",
    "reference",
    "title",
    "detected_on",
    "product",
    "defect_type",
    "cause_category",
    "third_party",
    "nc_type",
    "process__name",
    "cost_scrap",
    "cost_rework",
    "cost_handling",
    "cost_penalties",
    "cost_total",
)


def analysis_rows(nonconformities) -> list[dict]:
    """The nonconformities as the analysis reads them: one dict each, the process by name."""
    rows = list(nonconformities.order_by().values(*ROW_FIELDS))
    for row in rows:
        row["process"] = row.pop("process__name") or ""
    return rows


def cost_by_month(rows: list[dict]) -> list[calc.MonthCost]:
    """The cost of nonquality of the rows by month of detection, by kind of cost."""
    return calc.monthly_costs(
        calc.CostEntry(
            r["detected_on"],
            *(r[f"cost_{k}"] or 0 for k in calc.COST_KINDS),  # type: ignore[arg-type]
        )
        for r in rows
    )


def cost_of_nonquality(rows: list[dict]) -> Decimal:
    """Scrap, rework, handling and penalties of the rows, in euros."""
    return calc.total_of(cost_by_month(rows))


def eight_d_on_time_rate(path: str, start: dt.date, end: dt.date) -> float | None:
    """The share, in %, of the 8D reports closed from `start` to `end` (excluded) on or
    before their target date, among those with a target date, for the active
    nonconformities of the unit at `path` and below; None when none was closed."""
    deadlines = EightD.objects.filter(
        nonconformity__archived_at__isnull=True,
        nonconformity__org_unit__path__startswith=path,
        closed_on__gte=start,
        closed_on__lt=end,
        target_on__isnull=False,
    ).values_list("closed_on", "target_on")
    return calc.on_time_rate((closed, target) for closed, target in deadlines if closed and target)
