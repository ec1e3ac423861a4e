"""The figures of compliance that its pages show and its measures publish, computed once here
(core.measures, docs/decisions/0033-measures-published-by-modules.md):

- the legal register requirement by requirement: for each text a site has accepted (decision
  *applicable*), each active requirement of the text with its latest evaluation at the site
  (or a unit below it) on a given day, and when it falls due again. The site page shows their
  summary, the measures `compliance.requirements_*` and `compliance.evaluations_overdue` count
  them over a scope;
- the periodic inspections: the rows of the year's inspection plan (one per equipment and
  inspection rule) that are overdue on a given day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from amelio.compliance import inspections
from amelio.compliance.models import (
    Applicability,
    Decision,
    Equipment,
    Evaluation,
    LegalRequirement,
    Result,
)

GAPS = (Result.NOT_CONFORM, Result.PARTIAL)


@dataclass(frozen=True)
class RequirementState:
    """One requirement of a text applicable to a site, on a day: its latest evaluation by
    then (None when never evaluated) and the date it falls due again (None: never, the
    requirement was found not applicable)."""

    row: Any  # the Applicability of the text to the site
    requirement_id: int
    evaluation: Any
    due: dt.date | None

    @property
    def result(self) -> str:
        return self.evaluation.result if self.evaluation is not None else Result.NOT_EVALUATED


def requirement_states(path: str, day: dt.date) -> list[RequirementState]:
    """Every requirement of the texts applicable to the sites of `path` (the unit and those
    below it), with its latest active evaluation on or before `day`. A requirement never
    evaluated is due from the day its text was accepted (as the site's register dates it)."""
    rows = list(
        Applicability.objects.active()
        .filter(decision=Decision.APPLICABLE, org_unit__path__startswith=path)
        .select_related("org_unit")
    )
    by_text: dict[int, list] = {}
    for row in rows:
        by_text.setdefault(row.text_id, []).append(row)
    requirements = (
        LegalRequirement.objects.active()
        .filter(text_id__in=list(by_text))
        .order_by("pk")
        .values_list("pk", "text_id")
    )
    latest = _latest(by_text, path, day)
    states = []
    for requirement_id, text_id in requirements:
        for row in by_text[text_id]:
            evaluation = latest.get((row.pk, requirement_id))
            if evaluation is not None:
                due = evaluation.next_due
            else:
                due = row.decided_on or timezone.localdate(row.created_at)
            states.append(RequirementState(row, requirement_id, evaluation, due))
    return states


def _latest(by_text: dict[int, list], path: str, day: dt.date) -> dict[tuple[int, int], Any]:
    """The latest active evaluation of each (applicability, requirement) on or before `day`,
    among the evaluations of the applicability's unit and the units below it."""
    evaluations = (
        Evaluation.objects.active()
        .filter(
            requirement__text_id__in=list(by_text),
            org_unit__path__startswith=path,
            evaluated_on__lte=day,
        )
        .select_related("org_unit", "requirement")
        .order_by("-evaluated_on", "-id")
    )
    latest: dict[tuple[int, int], Any] = {}
    for evaluation in evaluations:
        for row in by_text[evaluation.requirement.text_id]:
            if evaluation.org_unit.path.startswith(row.org_unit.path):
                latest.setdefault((row.pk, evaluation.requirement_id), evaluation)
    return latest


@dataclass(frozen=True)
class RequirementSummary:
    """The requirements of the texts applicable to some sites on a day, by result."""

    applicable: int  # requirements not found not applicable by their latest evaluation
    conform: int
    gaps: int  # not conform or partially conform
    not_evaluated: int
    overdue: int  # due again before the day

    @property
    def conform_rate(self) -> float | None:
        """The share of the applicable requirements that are conform, in %."""
        return 100 * self.conform / self.applicable if self.applicable else None


def requirement_summary(states: list[RequirementState], day: dt.date) -> RequirementSummary:
    """Count the requirements by their latest result on `day` (those an evaluation found not
    applicable are left out) and those whose evaluation is overdue."""
    kept = [s for s in states if s.result != Result.NOT_APPLICABLE]
    return RequirementSummary(
        applicable=len(kept),
        conform=sum(1 for s in kept if s.result == Result.CONFORM),
        gaps=sum(1 for s in kept if s.result in GAPS),
        not_evaluated=sum(1 for s in kept if s.result == Result.NOT_EVALUATED),
        overdue=sum(1 for s in kept if s.due is not None and s.due < day),
    )


def summary_of(path: str, day: dt.date) -> RequirementSummary:
    """The requirement summary of the sites of `path` on `day`."""
    return requirement_summary(requirement_states(path, day), day)


# Periodic inspections -------------------------------------------------------------------------


def overdue_rows(rows: list) -> list:
    """The rows of an inspection plan whose inspection is overdue (withdrawn equipment is
    never overdue: it is not used)."""
    return [row for row in rows if row.state == "overdue"]


def inspections_overdue(path: str, day: dt.date) -> int:
    """The inspections (equipment × rule) of the active equipment of `path` overdue on `day`,
    from the inspections performed by then, as the year's plan of that day shows them."""
    equipments = list(
        Equipment.objects.active().filter(org_unit__path__startswith=path).order_by("pk")
    )
    if not equipments:
        return 0
    return len(overdue_rows(inspections.year_plan(equipments, day.year, day)))
