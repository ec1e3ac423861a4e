"""The figures the suppliers app publishes (core.measures), from suppliers.figures, the code
its pages call. Suppliers are company records (decisions 0031, 0034): the suppliers of a scope are
those recorded in it, those serving one of its sites (or the site it belongs to), and those
recorded above it that name no site; their deliveries and evaluations follow them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.measures import LOWER, Scope, measures
from amelio.suppliers import figures


@measures.measure(
    "suppliers.evaluation_score",
    label=_("Supplier evaluation score"),
    unit="/100",
    description=_(
        "Mean total score (/100, the weighted mean of the criteria of the scheme) of the "
        "supplier evaluations validated in the period, as the supplier pages list them. "
        "Suppliers of the scope: recorded in its unit or below, serving one of its sites (or "
        "the site of its unit), or recorded above it without naming the sites they serve."
    ),
    page="suppliers:supplierevaluation_list",
)
def evaluation_score(scope: Scope) -> float | None:
    return figures.evaluation_score(scope.path, scope.start, scope.end)


@measures.measure(
    "suppliers.on_time_delivery",
    label=_("Supplier on-time delivery"),
    unit="%",
    description=_(
        "Share of the deliveries received in the period that came on or before their due date "
        "(no tolerance), as the supplier page computes it; no figure without a delivery "
        "received. Suppliers of the scope: recorded in its unit or below, serving one of its "
        "sites (or the site of its unit), or recorded above it without naming the sites they "
        "serve."
    ),
    page="suppliers:supplier_list",
)
def on_time_delivery(scope: Scope) -> float | None:
    return figures.on_time_delivery(scope.path, scope.start, scope.end)


@measures.measure(
    "suppliers.blocked",
    label=_("Blocked suppliers"),
    unit=pgettext_lazy("unit", "suppliers"),
    direction=LOWER,
    state=True,
    description=_(
        "Suppliers blocked on the last day of the period (today while it runs), as the "
        "supplier list filtered on the status shows them; the status is read as it stands, "
        "dated by its last change. Suppliers of the scope: recorded in its unit or below, "
        "serving one of its sites (or the site of its unit), or recorded above it without "
        "naming the sites they serve."
    ),
    page="suppliers:supplier_list",
    decimals=0,
)
def blocked(scope: Scope) -> int:
    return figures.blocked(figures.suppliers_of(scope.path), scope.as_of).count()
