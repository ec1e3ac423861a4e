"""The figures objectives and indicators publish (core.measures), from indicators.figures:
the share of the objectives on target (the health their page shows) and the alerts raised
to the indicators' owners (their alerts page)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.measures import LOWER, Scope, measures
from amelio.indicators import figures


@measures.measure(
    "indicators.objectives_achieved",
    label=_("Objectives on target"),
    unit="%",
    state=True,
    description=_(
        "Share of the objectives whose health is “on target” on the last day of the period "
        "(today while it runs): every indicator of the objective has its latest value by "
        "then on target, as the objective's page shows its health. Objectives that cannot be "
        "judged (no indicator with a target and a value) are left out; no figure when none "
        "can be."
    ),
    page="indicators:objective_list",
)
def objectives_achieved(scope: Scope) -> float | None:
    return figures.achieved_rate(figures.objectives_health(scope.path, scope.as_of).values())


@measures.measure(
    "indicators.alerts",
    label=_("Indicator alerts"),
    unit=pgettext_lazy("unit", "alerts"),
    direction=LOWER,
    description=_(
        "Alerts raised in the period to the owners of the indicators (a value off target, a "
        "control rule broken), as their alerts page lists them; an alert raised again before "
        "it was read counts once, on its last raising."
    ),
    page="indicators:notifications",
    decimals=0,
)
def alerts(scope: Scope) -> int:
    return figures.alerts_raised(scope.path, scope.aware_start, scope.aware_end).count()
