"""The year's training plan: the sessions of a year (planned, held, closed) with their hours,
attendees and costs, and each unit's budget against what its sessions cost. Read by the
plan page, its workbook and the page of a training plan; the callers pass the records the
user sees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from amelio.training import computations

SPENT_STATES = ("held", "evaluated")


@dataclass(frozen=True)
class BudgetLine:
    """A unit's plan of the year and the sessions it pays for (those of its unit and below)."""

    plan: object
    sessions: int
    figures: computations.Budget


@dataclass(frozen=True)
class Totals:
    sessions: int
    hours: Decimal
    attendees: int
    trainee_hours: Decimal
    committed: Decimal
    spent: Decimal
    held: int = 0  # held or closed
    cancelled: int = 0

    @property
    def completion_rate(self) -> float | None:
        """The share of the sessions planned (cancelled ones included) that were held, in %;
        None when none was planned (the measure training.completion_rate)."""
        planned = self.sessions + self.cancelled
        return 100 * self.held / planned if planned else None


def totals(sessions: Sequence, cancelled: int = 0) -> Totals:
    """The figures of the sessions listed (cancelled ones are not listed, only counted)."""
    return Totals(
        sessions=len(sessions),
        hours=computations.total(s.duration_hours for s in sessions),
        attendees=sum(s.attendee_count for s in sessions),
        trainee_hours=computations.total(s.trainee_hours for s in sessions),
        committed=computations.total(s.cost for s in sessions),
        spent=computations.total(s.cost for s in sessions if s.status in SPENT_STATES),
        held=sum(1 for s in sessions if s.status in SPENT_STATES),
        cancelled=cancelled,
    )


def period_totals(path: str, start: dt.date, end: dt.date) -> Totals:
    """The totals of the active sessions of the unit of `path` and the units below it that
    start from `start` included to `end` excluded, as the plan of a year adds them up (the
    measures training.completion_rate and training.hours)."""
    from amelio.training.models import TrainingSession

    of_period = TrainingSession.objects.active().filter(
        org_unit__path__startswith=path, start_date__gte=start, start_date__lt=end
    )
    sessions = list(of_period.exclude(status="cancelled"))
    return totals(sessions, of_period.filter(status="cancelled").count())


def budget_lines(plans: Iterable, sessions: Sequence) -> list[BudgetLine]:
    """Each plan with the cost of the sessions of its unit and of the units below it."""
    lines = []
    for plan in plans:
        covered = [s for s in sessions if s.org_unit.path.startswith(plan.org_unit.path)]
        figures = computations.Budget(
            budget=plan.budget,
            committed=computations.total(s.cost for s in covered),
            spent=computations.total(s.cost for s in covered if s.status in SPENT_STATES),
        )
        lines.append(BudgetLine(plan, len(covered), figures))
    return lines


def uncovered(plans: Iterable, sessions: Sequence) -> list:
    """The sessions that no plan of the year covers (their cost is in no budget)."""
    paths = [plan.org_unit.path for plan in plans]
    return [s for s in sessions if not any(s.org_unit.path.startswith(p) for p in paths)]
