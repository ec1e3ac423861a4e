"""The figures the audits module publishes (core.measures), computed by the functions of the
audit indicators page (audits/figures.py) on the audits and findings of a unit and period."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.audits import computations as calc
from amelio.audits import figures
from amelio.audits.models import Audit, Finding, Grade
from amelio.core.measures import HIGHER, LOWER, Scope, measures

INDICATORS = "audits:audit_indicators"
# Nonconformities and observations are better fewer; strong points and conformities more.
FEWER_IS_BETTER = {Grade.MAJOR, Grade.MINOR, Grade.OBSERVATION}


def scope_audits(scope: Scope):
    """The audits that count (active, not cancelled) of the scope's unit and units below."""
    return figures.live(Audit.objects.active()).filter(org_unit__path__startswith=scope.path)


def scope_findings(scope: Scope):
    """The active findings of the scope's units, on audits that count."""
    return Finding.objects.active().filter(
        org_unit__path__startswith=scope.path,
        audit__in=figures.live(Audit.objects.active()),
    )


@measures.measure(
    "audits.programme_completion",
    label=_("Audit programme completion"),
    unit="%",
    direction=HIGHER,
    description=_(
        "Share of the audits planned to start in the period that are done (reported or "
        "closed), cancelled audits left out, as on the audit indicators page."
    ),
    page=INDICATORS,
)
def programme_completion(scope: Scope) -> float | None:
    planned = scope_audits(scope).filter(
        planned_start__gte=scope.start, planned_start__lt=scope.end
    )
    _total, _done, percent = figures.completion(figures.completion_by_year(planned))
    return percent


def findings_of_grade(grade: str) -> Callable[[Scope], int]:
    def count(scope: Scope) -> int:
        raised = figures.raised_between(scope_findings(scope), scope.start, scope.end)
        _order, _table, totals = figures.grade_table(raised, list(Grade.values))
        return totals[grade]

    count.__name__ = f"findings_{grade}"
    return count


for _grade, _label in Grade.choices:
    measures.measure(
        f"audits.findings.{_grade}",
        label=format_lazy(_("Audit findings: {grade}"), grade=_label),
        unit=pgettext_lazy("unit", "findings"),
        direction=LOWER if _grade in FEWER_IS_BETTER else HIGHER,
        description=format_lazy(
            _(
                "Audit findings graded “{grade}” raised in the period (on the last day of "
                "their audit), as counted on the audit indicators page."
            ),
            grade=_label,
        ),
        page=INDICATORS,
        decimals=0,
    )(findings_of_grade(_grade))


@measures.measure(
    "audits.days_to_close_findings",
    label=_("Days to close audit findings"),
    unit=pgettext_lazy("unit", "days"),
    direction=LOWER,
    description=_(
        "Mean number of days from the audit to the closure of the nonconformity a finding "
        "raised, over the nonconformities closed in the period, as on the audit indicators "
        "page."
    ),
    page=INDICATORS,
)
def days_to_close_findings(scope: Scope) -> float | None:
    closed = scope_findings(scope).filter(
        nonconformity__closed_on__gte=scope.start, nonconformity__closed_on__lt=scope.end
    )
    return calc.close_times(figures.close_durations(closed)).mean
