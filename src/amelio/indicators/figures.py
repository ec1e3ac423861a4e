"""The figures of objectives and indicators that their pages show and their measures
publish, computed once here (core.measures, docs/decisions/0033-measures-published-by-modules.md):
where each objective stands on a day (the worst status of its indicators' latest values by
then, as its page shows its health) and the alerts raised to the indicators' owners."""

from __future__ import annotations

import datetime as dt

from amelio.indicators import computations
from amelio.indicators.models import Indicator, IndicatorValue, Notification, Objective


def statuses_on(indicators: list, day: dt.date) -> dict[int, str]:
    """The status of each indicator's latest value for a period starting on or before `day`
    against its target in force then (what `latest_status` holds when `day` is today)."""
    latest: dict[int, IndicatorValue] = {}
    values = IndicatorValue.objects.filter(
        indicator__in=[i.pk for i in indicators], period__lte=day
    ).order_by("indicator_id", "period")
    for value in values:
        latest[value.indicator_id] = value
    statuses = {}
    for indicator in indicators:
        found = latest.get(indicator.pk)
        statuses[indicator.pk] = (
            indicator.status_of(found.value, found.period)
            if found is not None
            else computations.NO_TARGET
        )
    return statuses


def objectives_health(path: str, day: dt.date) -> dict[int, str]:
    """The health on `day` of each active objective of the unit of `path` and the units
    below it: the worst status of its active indicators (Objective.health on today)."""
    objectives = list(
        Objective.objects.active().filter(org_unit__path__startswith=path).values_list("pk")
    )
    indicators = list(
        Indicator.objects.active()
        .filter(objective__in=[pk for (pk,) in objectives])
        .prefetch_related("targets")
    )
    statuses = statuses_on(indicators, day)
    per_objective: dict[int, list[str]] = {pk: [] for (pk,) in objectives}
    for indicator in indicators:
        per_objective[indicator.objective_id].append(statuses[indicator.pk])
    return {pk: computations.worst_status(found) for pk, found in per_objective.items()}


def achieved_rate(healths) -> float | None:
    """The share of the objectives on target among those with a status (an objective without
    an indicator with a target and a value cannot be judged), in %; None when none can."""
    judged = [h for h in healths if h != computations.NO_TARGET]
    if not judged:
        return None
    return 100 * sum(1 for h in judged if h == computations.ON_TARGET) / len(judged)


def alerts_raised(path: str, start: dt.datetime, end: dt.datetime):
    """The alerts (notifications to an indicator's owner: off target, a control rule broken)
    raised from `start` included to `end` excluded about the active indicators of the unit
    of `path` and the units below it. An alert raised again before it was read keeps its
    row and takes the time of its last raising."""
    return Notification.objects.filter(
        indicator__archived_at__isnull=True,
        indicator__org_unit__path__startswith=path,
        created_at__gte=start,
        created_at__lt=end,
    )
