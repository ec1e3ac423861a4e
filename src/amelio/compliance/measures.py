"""The figures compliance publishes (core.measures), from compliance.figures, the code the
site page of the legal register and the inspection plan call.

The legal register is counted requirement by requirement: each active requirement of each
text a site of the scope has accepted, with its latest evaluation at the site (or a unit below
it) on the period's last day. Which texts apply is read as the register stands now; the
evaluations are those made by that day."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.compliance import figures
from amelio.core.measures import LOWER, Scope, measures

REQUIREMENTS = pgettext_lazy("unit", "requirements")


@measures.measure(
    "compliance.requirements_conform",
    label=_("Legal requirements conform"),
    unit="%",
    state=True,
    description=_(
        "Share of the requirements of the texts applicable to the sites whose latest "
        "evaluation on the last day of the period (today while it runs) is conform; "
        "requirements never evaluated count as not conform, those an evaluation found not "
        "applicable are left out. As the site page of the legal register sums them up."
    ),
    page="compliance:applicability_sites",
)
def requirements_conform(scope: Scope) -> float | None:
    return figures.summary_of(scope.path, scope.as_of).conform_rate


@measures.measure(
    "compliance.requirements_nonconform",
    label=_("Legal requirements with a gap"),
    unit=REQUIREMENTS,
    direction=LOWER,
    state=True,
    description=_(
        "Requirements of the texts applicable to the sites whose latest evaluation on the last "
        "day of the period (today while it runs) is not conform or partially conform, as the "
        "site page of the legal register sums them up."
    ),
    page="compliance:applicability_sites",
    decimals=0,
)
def requirements_nonconform(scope: Scope) -> int:
    return figures.summary_of(scope.path, scope.as_of).gaps


@measures.measure(
    "compliance.evaluations_overdue",
    label=_("Conformity evaluations overdue"),
    unit=REQUIREMENTS,
    direction=LOWER,
    state=True,
    description=_(
        "Requirements of the texts applicable to the sites whose next evaluation (after the "
        "latest one, or from the day the text was accepted when never evaluated) was due "
        "before the last day of the period (today while it runs), as the site page of the "
        "legal register sums them up."
    ),
    page="compliance:applicability_sites",
    decimals=0,
)
def evaluations_overdue(scope: Scope) -> int:
    return figures.summary_of(scope.path, scope.as_of).overdue


@measures.measure(
    "compliance.inspections_overdue",
    label=_("Periodic inspections overdue"),
    unit=pgettext_lazy("unit", "inspections"),
    direction=LOWER,
    state=True,
    description=_(
        "Periodic inspections (one per equipment and inspection rule) whose due date, from "
        "the inspections performed by then, was past on the last day of the period (today "
        "while it runs), as the inspection plan marks them late; withdrawn equipment is "
        "not counted."
    ),
    page="compliance:equipment_plan",
    decimals=0,
)
def inspections_overdue(scope: Scope) -> int:
    return figures.inspections_overdue(scope.path, scope.as_of)
