"""The figures the environment module publishes (core.measures), computed by the module's own
code: the waste figures from `services.waste_summary`, what the waste indicators page shows
for a site and period; the significant aspects, the drills and the ICPE controls from the
fields and calculations their registers show."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.measures import HIGHER, LOWER, Scope, measures
from amelio.environment import computations as calc
from amelio.environment import services
from amelio.environment.models import Aspect, Drill, EmergencySituation, IcpeSite, WasteMovement

INDICATORS_PAGE = "environment:wastemovement_indicators"
TONNES = pgettext_lazy("unit", "t")


def waste_summary(scope: Scope) -> calc.Summary:
    """The waste indicators of the scope: the movements shipped on the days of the period."""
    movements = WasteMovement.objects.filter(org_unit__path__startswith=scope.path)
    return services.waste_summary(services.shipped_between(movements, scope.start, scope.last_day))


def _percent(share: Decimal | None) -> Decimal | None:
    return None if share is None else share * 100


@measures.measure(
    "environment.waste_tonnes",
    label=_("Waste shipped"),
    unit=TONNES,
    direction=LOWER,
    description=_(
        "Tonnes of waste shipped in the period, as on the waste indicators page (shipments "
        "in m³ without the stream's density are not counted)."
    ),
    page=INDICATORS_PAGE,
    decimals=2,
)
def waste_tonnes(scope: Scope) -> Decimal:
    return waste_summary(scope).total


@measures.measure(
    "environment.hazardous_waste_tonnes",
    label=_("Hazardous waste shipped"),
    unit=TONNES,
    direction=LOWER,
    description=_("Tonnes of hazardous waste (codes with an asterisk) shipped in the period."),
    page=INDICATORS_PAGE,
    decimals=2,
)
def hazardous_waste_tonnes(scope: Scope) -> Decimal:
    return waste_summary(scope).hazardous


@measures.measure(
    "environment.waste_recovery_rate",
    label=_("Waste recovery rate"),
    unit="%",
    direction=HIGHER,
    description=_(
        "Tonnes sent to a final recovery operation (R codes) over the tonnes whose final "
        "treatment is known, as on the waste indicators page; no figure when none is known."
    ),
    page=INDICATORS_PAGE,
)
def waste_recovery_rate(scope: Scope) -> Decimal | None:
    return _percent(waste_summary(scope).recovery_rate)


@measures.measure(
    "environment.hazardous_waste_share",
    label=_("Share of hazardous waste"),
    unit="%",
    direction=LOWER,
    description=_(
        "Tonnes of hazardous waste over the tonnes of waste shipped in the period; no "
        "figure when nothing was shipped."
    ),
    page=INDICATORS_PAGE,
)
def hazardous_waste_share(scope: Scope) -> Decimal | None:
    return _percent(waste_summary(scope).hazardous_share)


@measures.measure(
    "environment.significant_aspects",
    label=_("Significant environmental aspects"),
    unit=pgettext_lazy("unit", "aspects"),
    direction=LOWER,
    state=True,
    description=_(
        "Aspects recorded by the last day of the period that are significant (level not "
        "acceptable on the matrix, or regulated), as the environmental analysis counts them."
    ),
    page="environment:aspect_analysis",
    decimals=0,
)
def significant_aspects(scope: Scope) -> int:
    return (
        Aspect.objects.active()
        .filter(org_unit__path__startswith=scope.path, significant=True)
        .filter(created_at__date__lte=scope.as_of)
        .count()
    )


@measures.measure(
    "environment.drills_overdue",
    label=_("Emergency drills overdue"),
    unit=pgettext_lazy("unit", "situations"),
    direction=LOWER,
    state=True,
    description=_(
        "Emergency situations whose next drill (after the last one held by then) was due "
        "before the last day of the period."
    ),
    page="environment:emergencysituation_list",
    decimals=0,
)
def drills_overdue(scope: Scope) -> int:
    drills = Prefetch("drills", queryset=Drill.objects.only("situation", "held_on", "archived_at"))
    situations = (
        EmergencySituation.objects.active()
        .filter(org_unit__path__startswith=scope.path)
        .prefetch_related(drills)
    )
    return sum(
        services.drill_overdue(situation, scope.as_of)
        for situation in situations
        if timezone.localdate(situation.created_at) <= scope.as_of
    )


@measures.measure(
    "environment.icpe_controls_due",
    label=_("ICPE periodic controls due"),
    unit=pgettext_lazy("unit", "sites"),
    direction=LOWER,
    state=True,
    description=_(
        "ICPE sites whose periodic control by an approved body (DC installations, C. env. "
        "R512-55 to R512-66) is due on or before the last day of the period, from the last "
        "control or first commissioning recorded."
    ),
    page="environment:icpesite_list",
    decimals=0,
)
def icpe_controls_due(scope: Scope) -> int:
    return (
        IcpeSite.objects.active()
        .filter(org_unit__path__startswith=scope.path, next_control_due__lte=scope.as_of)
        .count()
    )
