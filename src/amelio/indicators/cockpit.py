"""The indicators' tiles of the cockpit: the key indicators of the user's scope against their
targets, with a sparkline and a trend arrow, and the user's unread indicator alerts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Value, When

from amelio.core.cockpit import Tile, add_tile
from amelio.core.registry import registry
from amelio.indicators import computations
from amelio.indicators.models import IndicatorValue, Notification, Status

KEY_LIMIT = 6
ALERT_LIMIT = 3
POINTS = 12
# Values read for the sparklines: twelve months, or a few years of quarterly values.
HISTORY = dt.timedelta(days=3 * 366)
SPARK_WIDTH, SPARK_HEIGHT = 80, 22
# Off target first, then in the alert zone: what a coordinator looks at first.
RANK = [Status.OFF_TARGET, Status.ALERT, Status.ON_TARGET, Status.NO_TARGET]


@dataclass(frozen=True)
class KeyIndicator:
    """An indicator as its tile shows it."""

    indicator: Any
    target: Any
    points: str
    way: str
    better: bool | None


def key_indicators(user, today: dt.date) -> dict | None:
    """The indicators of the user's scope that have a value, those off target first."""
    register = registry.get("indicators.indicator")
    rank = Case(
        *(When(latest_status=status, then=Value(i)) for i, status in enumerate(RANK)),
        output_field=IntegerField(),
    )
    indicators = list(
        register.queryset_for(user)
        .active()
        .filter(latest_value__isnull=False)
        .prefetch_related("targets")
        .order_by(rank, "name", "pk")[:KEY_LIMIT]
    )
    if not indicators:
        return None
    series = _series([i.pk for i in indicators], today)
    return {"indicators": [_key(i, series.get(i.pk, [])) for i in indicators]}


def _series(ids: list[int], today: dt.date) -> dict[int, list[float]]:
    """The last POINTS values of each indicator, oldest first (one query)."""
    values: dict[int, list[float]] = {}
    rows = IndicatorValue.objects.filter(indicator_id__in=ids, period__gte=today - HISTORY)
    for pk, value in rows.order_by("indicator_id", "period").values_list("indicator_id", "value"):
        values.setdefault(pk, []).append(value)
    return {pk: found[-POINTS:] for pk, found in values.items()}


def _key(indicator, values: list[float]) -> KeyIndicator:
    way, better = computations.trend(values, indicator.direction)
    target = indicator.target_on(indicator.latest_period) if indicator.latest_period else None
    points = computations.sparkline(values, SPARK_WIDTH, SPARK_HEIGHT)
    return KeyIndicator(indicator, target, points, way, better)


def unread_alerts(user, today: dt.date) -> dict | None:
    """The user's unread indicator alerts, newest first."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    alerts = list(unread.select_related("indicator")[:ALERT_LIMIT])
    if not alerts:
        return None
    count = len(alerts) if len(alerts) < ALERT_LIMIT else unread.count()
    return {"alerts": alerts, "count": count}


add_tile(
    Tile(
        "indicators.key",
        "indicators/cockpit/key.html",
        key_indicators,
        order=20,
        column="middle",
    )
)
add_tile(
    Tile(
        "indicators.alerts",
        "indicators/cockpit/alerts.html",
        unread_alerts,
        order=30,
        column="side",
    )
)
