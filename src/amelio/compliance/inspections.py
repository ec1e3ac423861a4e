"""Due dates of the periodic inspections: for each equipment, when each rule of its category
was last fulfilled and falls due next, whether the equipment may be used, and the year's plan.

The dates stored on the equipment (`last_inspected_on`, `next_due`) are refreshed whenever
the equipment, one of its inspections or one of their observations is saved, archived or
restored; everything that says "late" compares with a `today` given by the caller.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.compliance import computations as calc
from amelio.compliance.reference_data import parameter

NO_OBSERVATION = "no_observation"

STATE_LABELS = {
    "overdue": _("Overdue"),
    "soon": _("Due soon"),
    "ok": _("Up to date"),
    "unknown": pgettext_lazy("due date", "Unknown"),
}
WITHDRAWN_LABEL = _("Withdrawn from service")
STATE_TONES = {"overdue": "danger", "soon": "warning", "ok": "success", "unknown": "secondary"}


def soon_days() -> int:
    """Inspections due within this many days are "due soon" (data/parameters.json)."""
    return parameter("inspection_soon_days")


def plan_of(rule: Any) -> calc.InspectionPlan:
    return calc.InspectionPlan(rule.months, rule.extended_months, rule.first_within_months)


def _active_observations(inspection: Any) -> list:
    # Through all() so that a prefetch serves it.
    return [o for o in inspection.observations.all() if o.archived_at is None]


def is_clear(inspection: Any) -> bool:
    """Whether an inspection leaves nothing open: no observation in the report, or every
    observation recorded has been lifted. A report with observations none of which has been
    recorded yet is not clear: there is nothing to show that they were lifted."""
    if inspection.result == NO_OBSERVATION:
        return True
    lifted = [o.lifted_on is not None for o in _active_observations(inspection)]
    return bool(lifted) and all(lifted)


@dataclass
class RuleDue:
    """How one rule stands for one equipment."""

    rule: Any
    last: Any  # the last active inspection of the rule, or None
    months: int  # the periodicity in force
    next_due: dt.date | None
    state: str = "unknown"
    extended: bool = False
    open_observations: list = field(default_factory=list)

    @property
    def last_done(self) -> dt.date | None:
        return self.last.performed_on if self.last is not None else None

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def tone(self) -> str:
        return STATE_TONES[self.state]


def _rule_dues(equipment: Any) -> list[RuleDue]:
    from amelio.compliance.models import Inspection, InspectionRule

    rules = list(InspectionRule.objects.filter(category_id=equipment.category_id))
    latest: dict[int, Any] = {}
    if equipment.pk is not None:
        inspections = (
            Inspection.objects.active()
            .filter(equipment_id=equipment.pk)
            .order_by("-performed_on", "-id")
            .prefetch_related("observations")
        )
        for inspection in inspections:
            latest.setdefault(inspection.rule_id, inspection)
    dues = []
    for rule in rules:
        last = latest.get(rule.pk)
        plan = plan_of(rule)
        clear = last is not None and is_clear(last)
        months = calc.inspection_period(plan, clear, equipment.extension_notified)
        next_due = calc.next_inspection(
            plan,
            commissioned_on=equipment.commissioned_on,
            last_done=last.performed_on if last is not None else None,
            last_clear=clear,
            extension_notified=equipment.extension_notified,
        )
        if last is None:
            months = plan.first_within_months or plan.months
        dues.append(
            RuleDue(
                rule=rule,
                last=last,
                months=months,
                next_due=next_due,
                extended=last is not None and months != plan.months,
            )
        )
    return dues


def due_dates(equipment: Any) -> tuple[dt.date | None, dt.date | None]:
    """(last inspection over all rules, earliest next due over the rules)."""
    dues = _rule_dues(equipment)
    done = [d.last_done for d in dues if d.last_done is not None]
    nexts = [d.next_due for d in dues if d.next_due is not None]
    return (max(done) if done else None, min(nexts) if nexts else None)


def refresh_equipment(equipment: Any) -> None:
    """Store the equipment's last inspection and next due date."""
    last, next_due = due_dates(equipment)
    if (equipment.last_inspected_on, equipment.next_due) == (last, next_due):
        return
    equipment.last_inspected_on, equipment.next_due = last, next_due
    # Saved field by field (not with update()), so that the history shows the change.
    equipment.save(update_fields=["last_inspected_on", "next_due"])


def rule_schedule(equipment: Any, today: dt.date) -> list[RuleDue]:
    """Per rule of the equipment's category: the periodicity in force, the last inspection,
    the next due date and its state at `today`, and the observations still open."""
    dues = _rule_dues(equipment)
    for due in dues:
        due.state = calc.due_state(due.next_due, today, soon_days())
        if due.last is not None:
            due.open_observations = [
                o for o in _active_observations(due.last) if o.lifted_on is None
            ]
    return dues


def in_service(equipment: Any, today: dt.date) -> bool:
    """False when withdrawn, or when it must stop while overdue and an inspection is."""
    if equipment.withdrawn:
        return False
    return not (equipment.stop_when_overdue and equipment.next_due and equipment.next_due < today)


def service_state(equipment: Any, today: dt.date) -> tuple[str, str]:
    """(key, label) of the equipment's state for lists and badges."""
    if equipment.withdrawn:
        return "withdrawn", str(_("Out of service: withdrawn"))
    if not in_service(equipment, today):
        return "stopped", str(_("Out of service: inspection overdue"))
    state = calc.due_state(equipment.next_due, today, soon_days())
    return state, str(STATE_LABELS[state])


# The year's plan ---------------------------------------------------------------------------


@dataclass
class PlanMark:
    day: dt.date
    kind: str  # "done", "overdue", "due"
    rule: Any
    carried: bool = False  # overdue since before the year, shown in January


@dataclass
class PlanRow:
    equipment: Any
    rule: Any
    next_due: dt.date | None
    state: str
    period: int  # the periodicity in force, in months
    months: list[list[PlanMark]]  # 12 lists
    site: Any = None  # set by the page that groups the rows

    @property
    def state_label(self) -> str:
        return str(WITHDRAWN_LABEL if self.state == "withdrawn" else STATE_LABELS[self.state])

    @property
    def cells(self) -> list[PlanMark | None]:
        """One mark per month for the workbook: a due date before a done one."""
        found: list[PlanMark | None] = []
        for marks in self.months:
            due = [m for m in marks if m.kind != "done"]
            chosen = due or marks
            found.append(chosen[0] if chosen else None)
        return found


def _project(
    months: list[list[PlanMark]], rule: Any, next_due: dt.date, period: int, year: int, today
) -> None:
    """Mark the next due date and the following ones, every `period` months, in `year`; a due
    date of an earlier year still overdue is carried to January."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if next_due < start <= today:
        months[0].append(PlanMark(next_due, "overdue", rule, carried=True))
    day, step = next_due, 0
    while day <= end:
        if day >= start:
            kind = "overdue" if day < today else "due"
            months[day.month - 1].append(PlanMark(day, kind, rule))
        step += 1
        day = calc.add_months(next_due, period * step)


def year_plan(equipments: list, year: int, today: dt.date) -> list[PlanRow]:
    """One row per equipment and rule: the month each inspection falls due in `year`
    (the next due date, then every period after it), the inspections done in the year;
    a due date already past at `today` is overdue. Only the inspections performed by `today`
    count, so that the plan of a past day (compliance.figures) is the plan seen that day."""
    from amelio.compliance.models import Inspection, InspectionRule

    category_ids = {e.category_id for e in equipments}
    rules_by_category: dict[int, list] = {}
    for rule in InspectionRule.objects.filter(category_id__in=category_ids):
        rules_by_category.setdefault(rule.category_id, []).append(rule)
    inspections = (
        Inspection.objects.active()
        .filter(equipment_id__in=[e.pk for e in equipments], performed_on__lte=today)
        .order_by("-performed_on", "-id")
        .prefetch_related("observations")
    )
    latest: dict[tuple[int, int], Any] = {}
    done: dict[tuple[int, int], list] = {}
    for inspection in inspections:
        key = (inspection.equipment_id, inspection.rule_id)
        latest.setdefault(key, inspection)
        if inspection.performed_on.year == year:
            done.setdefault(key, []).append(inspection)
    rows = []
    for equipment in equipments:
        for rule in rules_by_category.get(equipment.category_id, []):
            key = (equipment.pk, rule.pk)
            last = latest.get(key)
            plan = plan_of(rule)
            clear = last is not None and is_clear(last)
            next_due = calc.next_inspection(
                plan,
                commissioned_on=equipment.commissioned_on,
                last_done=last.performed_on if last is not None else None,
                last_clear=clear,
                extension_notified=equipment.extension_notified,
            )
            months: list[list[PlanMark]] = [[] for _month in range(12)]
            for inspection in reversed(done.get(key, [])):
                months[inspection.performed_on.month - 1].append(
                    PlanMark(inspection.performed_on, "done", rule)
                )
            period = calc.inspection_period(plan, clear, equipment.extension_notified)
            # Withdrawn equipment is not used, so nothing falls due until it is back.
            if next_due is not None and not equipment.withdrawn:
                _project(months, rule, next_due, period, year, today)
            state = calc.due_state(next_due, today, soon_days())
            rows.append(
                PlanRow(
                    equipment=equipment,
                    rule=rule,
                    next_due=next_due,
                    state="withdrawn" if equipment.withdrawn else state,
                    period=period,
                    months=months,
                )
            )
    return rows
