"""The figures of the suppliers app that its pages show and its measures publish, computed
once here (core.measures, docs/decisions/0033-measures-published-by-modules.md).

Suppliers are company records read by every site (decision 0031): the steel mill is recorded
once, at the company, and names the sites it serves. So the suppliers *of a scope* are those
recorded in the scope's unit or below it, those serving a site of the scope (or the site the
scope's unit belongs to), and those recorded above the scope that name no site (they serve
every site below their unit). A supplier serving both sites counts for each site and once for
the company. Their deliveries and evaluations follow them: a delivery records no receiving
site.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Q

from amelio.suppliers import computations
from amelio.suppliers.models import Delivery, Supplier, SupplierEvaluation


def _paths_above(path: str) -> list[str]:
    """The paths of the unit of `path` and of every unit above it."""
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[:depth]) + "/" for depth in range(1, len(parts) + 1)]


def suppliers_of(path: str):
    """The active suppliers of the scope of `path` (see the module's docstring)."""
    above = _paths_above(path)
    condition = (
        Q(org_unit__path__startswith=path)
        | Q(sites_served__path__startswith=path)
        | Q(sites_served__path__in=above)
        | Q(sites_served__isnull=True, org_unit__path__in=above)
    )
    ids = Supplier.objects.filter(condition).values("pk")
    return Supplier.objects.active().filter(pk__in=ids)


@dataclass(frozen=True)
class DeliveryFigures:
    """Deliveries received over some days: how many, the quantity, the on-time share."""

    count: int
    quantity: int
    otd: float | None


def delivery_figures(deliveries, first: dt.date, last: dt.date) -> DeliveryFigures:
    """The `deliveries` received from `first` to `last` included: their count, quantity and
    on-time delivery in % (no tolerance: the evaluation applies its scheme's own)."""
    rows = list(
        deliveries.filter(received_on__gte=first, received_on__lte=last).values_list(
            "due_date", "received_on", "quantity_received"
        )
    )
    return DeliveryFigures(
        count=len(rows),
        quantity=sum(qty for _due, _received, qty in rows),
        otd=computations.otd([(due, received) for due, received, _qty in rows]),
    )


def on_time_delivery(path: str, start: dt.date, end: dt.date) -> float | None:
    """On-time delivery of the suppliers of the scope over [start, end)."""
    deliveries = Delivery.objects.active().filter(supplier__in=suppliers_of(path))
    return delivery_figures(deliveries, start, end - dt.timedelta(days=1)).otd


def completed_evaluations(evaluations, start: dt.date, end: dt.date):
    """The evaluations validated from `start` included to `end` excluded."""
    return evaluations.filter(
        status=SupplierEvaluation.Status.VALIDATED,
        validated_on__gte=start,
        validated_on__lt=end,
        total_score__isnull=False,
    )


def mean_score(evaluations) -> float | None:
    """The mean total score /100 of `evaluations`, None when there is none."""
    found = evaluations.aggregate(mean=Avg("total_score"))["mean"]
    return None if found is None else float(found)


def evaluation_score(path: str, start: dt.date, end: dt.date) -> float | None:
    """The mean score of the evaluations of the suppliers of the scope validated over
    [start, end)."""
    evaluations = SupplierEvaluation.objects.active().filter(supplier__in=suppliers_of(path))
    return mean_score(completed_evaluations(evaluations, start, end))


def blocked(suppliers, day: dt.date):
    """The `suppliers` blocked on `day`: blocked now, since that day or before (the status is
    dated by its last change)."""
    return suppliers.filter(status=Supplier.Status.BLOCKED, status_changed_on__lte=day)
