"""The figures of the environment module that its pages and its measures both read: the
waste shipments as the indicators count them (tonnes, recovery, hazardous share)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.environment import computations as calc
from amelio.environment.models import TreatmentMode

MOVEMENT_RELATED = ("org_unit", "stream__waste_code", "stream__treatment", "treatment", "stream")


def shipped_between(movements, first: dt.date, last: dt.date):
    """The active `movements` shipped from `first` to `last` (both included), in the order of
    the register, with what the register and the indicators read."""
    return (
        movements.active()
        .filter(shipped_on__gte=first, shipped_on__lte=last)
        .select_related(*MOVEMENT_RELATED)
        .order_by("shipped_on", "id")
    )


def shipment_of(movement) -> calc.Shipment:
    """A movement as the waste indicators read it: month, stream, tonnes, hazardous, whether
    its final treatment is a recovery (None when only grouping or pre-treatment is known:
    R12, R13, D9, D13-D15), and where it goes for the Sankey chart."""
    treatment = movement.effective_treatment
    mode = movement.effective_treatment_mode
    route = (str(TreatmentMode(mode).label) if mode else "") or (
        str(treatment.get_family_display()) if treatment else _("Treatment not given")
    )
    return calc.Shipment(
        month=movement.shipped_on.strftime("%Y-%m"),
        stream=movement.stream.name,
        tonnes=movement.tonnes,
        hazardous=movement.stream.waste_code.hazardous,
        recovery=treatment.is_recovery if treatment and treatment.final else None,
        route=route,
    )


def waste_summary(movements) -> calc.Summary:
    """Tonnes shipped, recovered, hazardous and of unknown final treatment of `movements`."""
    return calc.summarise(shipment_of(m) for m in movements)


def drill_overdue(situation, on: dt.date) -> bool:
    """Whether the drill of an emergency situation was overdue on `on`: the next drill
    after the last one held by then (or after the situation was recorded) was due before.
    Reads `situation.drills`, prefetch it for many situations."""
    held = [d.held_on for d in situation.drills.all() if not d.is_archived and d.held_on <= on]
    due = calc.next_drill(
        max(held, default=None),
        situation.drill_every_months,
        timezone.localdate(situation.created_at),
    )
    return due < on
