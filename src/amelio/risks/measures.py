"""The figures the risks module publishes (core.measures), counted by the functions the
heatmap and the register use (risks/services.py, context/services.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.context.services import reviews_overdue
from amelio.core.measures import HIGHER, LOWER, Scope, measures
from amelio.risks import services
from amelio.risks.models import Risk


def scope_risks(scope: Scope):
    """The active risks and opportunities of the scope's unit and the units below it."""
    return Risk.objects.active().filter(org_unit__path__startswith=scope.path)


@measures.measure(
    "risks.above_tolerance",
    label=_("Risks above tolerance"),
    unit=pgettext_lazy("unit", "risks"),
    direction=LOWER,
    state=True,
    description=_(
        "Threats whose current level (residual once assessed, inherent before) is one their "
        "scoring matrix does not accept, on the last day of the period (today while it "
        "runs), as on the risk heatmap. Levels are read as the records stand now."
    ),
    page="risks:risk_heatmap",
    decimals=0,
)
def above_tolerance(scope: Scope) -> int:
    return services.above_tolerance(scope_risks(scope))


@measures.measure(
    "risks.opportunities_taken",
    label=_("Opportunities taken"),
    unit=pgettext_lazy("unit", "opportunities"),
    direction=HIGHER,
    description=_(
        "Opportunities acted upon in the period: opportunities not left aside (treatment "
        "other than “ignore”) with an action answering them finished in the period (done, "
        "verified or found not effective)."
    ),
    decimals=0,
)
def opportunities_taken(scope: Scope) -> int:
    return services.opportunities_taken(scope_risks(scope), scope.start, scope.end).count()


@measures.measure(
    "risks.reviews_overdue",
    label=_("Risk reviews overdue"),
    unit=pgettext_lazy("unit", "risks"),
    direction=LOWER,
    state=True,
    description=_(
        "Risks and opportunities whose review date is past on the last day of the period "
        "(today while it runs), as the register filtered on its review date shows them."
    ),
    page="risks:risk_list",
    decimals=0,
)
def risks_reviews_overdue(scope: Scope) -> int:
    return reviews_overdue(scope_risks(scope), scope.as_of).count()
