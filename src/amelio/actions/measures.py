"""The figures the actions module publishes (core.measures), computed by the dashboard's own
code: the rows of `dashboard.action_rows` and the arithmetic of `computations.summarise`, so an
indicator shows what the actions dashboard shows for the same unit and days."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.actions import computations as calc
from amelio.actions.dashboard import action_rows, percent
from amelio.actions.models import Action
from amelio.core.measures import HIGHER, LOWER, Scope, measures

DASHBOARD = "actions:action_dashboard"


def scope_actions(scope: Scope, **conditions):
    """The active actions of the scope's unit and the units below it."""
    return Action.objects.active().filter(org_unit__path__startswith=scope.path, **conditions)


def period_summary(scope: Scope, day_field: str) -> calc.Summary:
    """The dashboard's summary of the actions whose `day_field` falls in the period."""
    actions = scope_actions(
        scope, **{f"{day_field}__gte": scope.start, f"{day_field}__lt": scope.end}
    )
    return calc.summarise(action_rows(actions), scope.as_of)


@measures.measure(
    "actions.on_time_rate",
    label=_("Actions done on time"),
    unit="%",
    direction=HIGHER,
    description=_(
        "Share of the actions finished in the period (done, verified or found not effective) "
        "that were finished by their due date, as on the actions dashboard."
    ),
    page=DASHBOARD,
)
def on_time_rate(scope: Scope) -> float | None:
    return percent(period_summary(scope, "done_on").on_time_rate)


@measures.measure(
    "actions.overdue",
    label=_("Overdue actions"),
    unit=pgettext_lazy("unit", "actions"),
    direction=LOWER,
    state=True,
    description=_(
        "Actions still open after their due date on the last day of the period (today while "
        "it runs), as on the actions dashboard."
    ),
    page=DASHBOARD,
    decimals=0,
)
def overdue(scope: Scope) -> int:
    day = scope.as_of
    rows = (calc.as_it_stood(row, day) for row in action_rows(scope_actions(scope)))
    return calc.summarise((row for row in rows if row is not None), day).overdue


@measures.measure(
    "actions.effectiveness_rate",
    label=_("Effective actions"),
    unit="%",
    direction=HIGHER,
    description=_(
        "Share of the effectiveness checks made in the period that found the action "
        "effective, as on the actions dashboard."
    ),
    page=DASHBOARD,
)
def effectiveness_rate(scope: Scope) -> float | None:
    return percent(period_summary(scope, "verified_on").effectiveness_rate)
