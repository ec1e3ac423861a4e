"""The audit figures read from the records: programme completion, findings by grade and the
days to close the findings' nonconformities.

The audit indicators page and the audit measures (audits/measures.py) both call these
functions on the audits and findings they cover (those a user sees, those of an org unit), so
a figure is computed once whoever shows it. The arithmetic is in `computations`.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from amelio.audits import computations as calc
from amelio.audits.workflows import AUDIT_DONE

# A finding is raised at its audit: on the audit's last day, its first when no end is set.
# Findings of an audit without dates have no day (they count in no period, no close time).
RAISED_ON = Coalesce("audit__planned_end", "audit__planned_start")


def live(audits):
    """The audits that count: cancelled ones were never going to be done."""
    return audits.exclude(status="cancelled")


def completion_by_year(audits) -> list[tuple[int, int, int]]:
    """(year, audits planned that year, of which done), oldest year first."""
    return list(
        audits.exclude(planned_start=None)
        .values_list("planned_start__year")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(status__in=AUDIT_DONE)),
        )
        .order_by("planned_start__year")
    )


def completion(per_year: list[tuple[int, int, int]]) -> tuple[int, int, float | None]:
    """(audits planned, of which done, percent done) over the years of `per_year`."""
    total = sum(t for _y, t, _d in per_year)
    done = sum(d for _y, _t, d in per_year)
    return total, done, calc.completion_percent(total - done, done)


def raised_between(findings, start, end):
    """The findings raised from `start` included to `end` excluded."""
    return findings.annotate(raised_on=RAISED_ON).filter(raised_on__gte=start, raised_on__lt=end)


def grade_table(findings, grades: list[str], no_process: str = ""):
    """Findings counted by process and grade (`computations.grade_table`): the processes in
    order, a count per grade for each, and the totals per grade."""
    rows = [
        (name or no_process, grade)
        for name, grade in findings.values_list("process__name", "grade")
    ]
    return calc.grade_table(rows, grades)


def close_durations(findings) -> list[int]:
    """Days from raising to closing of each finding whose nonconformity is closed."""
    closed = (
        findings.filter(nonconformity__closed_on__isnull=False)
        .annotate(raised_on=RAISED_ON)
        .exclude(raised_on=None)
        .values_list("raised_on", "nonconformity__closed_on")
    )
    return [calc.days_between(raised_on, closed_on) for raised_on, closed_on in closed]
