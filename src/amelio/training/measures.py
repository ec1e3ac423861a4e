"""The figures training publishes (core.measures), from training.plan, the code of the
year's training plan page: the sessions of the scope (its unit and the units below it) that
start in the period, as that page lists and adds them up."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.measures import Scope, measures
from amelio.training.plan import period_totals


@measures.measure(
    "training.completion_rate",
    label=_("Training plan completion"),
    unit="%",
    description=_(
        "Share of the training sessions starting in the period (cancelled ones included) "
        "that were held or closed, as the training plan of the year shows it; no figure "
        "when no session was planned."
    ),
    page="training:trainingsession_plan",
)
def completion_rate(scope: Scope) -> float | None:
    return period_totals(scope.path, scope.start, scope.end).completion_rate


@measures.measure(
    "training.hours",
    label=_("Trainee hours"),
    unit=pgettext_lazy("unit", "hours"),
    description=_(
        "Hours of training delivered to the attendees present (each session's hours attended "
        "added up over its attendees) in the sessions starting in the period, as the training "
        "plan of the year totals them."
    ),
    page="training:trainingsession_plan",
    decimals=0,
)
def hours(scope: Scope) -> float:
    return float(period_totals(scope.path, scope.start, scope.end).trainee_hours)
