"""The figures of a management review pack: each is a module's published measure taken for
the review's scope and for the previous period of the same length, so a figure of the pack is
the module's own figure by construction (docs/decisions/0033-measures-published-by-modules.md).

A figure is a plain dict (it is stored in the frozen pack as JSON):
`{"key", "label", "unit", "value", "previous", "direction", "decimals", "page", "published"}`.
A measure that is not published (a module not installed) or that has no value for the scope
gives `None`, shown as "no data", never 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.encoding import force_str

from amelio.core.measures import Scope, measures


def months_between(start: dt.date, end: dt.date) -> int | None:
    """The number of whole months from `start` to `end` when both are first days of a month,
    else None."""
    if start.day != 1 or end.day != 1:
        return None
    return (end.year - start.year) * 12 + end.month - start.month


def shift_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` before or after `day` (a first day)."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def previous_scope(scope: Scope) -> Scope:
    """The period of the same length just before the scope's: the previous year for a year,
    the previous quarter for a quarter (whole months are counted as months)."""
    months = months_between(scope.start, scope.end)
    if months:
        return Scope(scope.unit, shift_months(scope.start, -months), scope.start)
    return Scope(scope.unit, scope.start - (scope.end - scope.start), scope.start)


@dataclass(frozen=True)
class Periods:
    """The review's scope and the previous period of the same length."""

    current: Scope
    previous: Scope

    @classmethod
    def of(cls, unit: Any, start: dt.date, last_day: dt.date) -> Periods:
        scope = Scope(unit, start, last_day + dt.timedelta(days=1))
        return cls(scope, previous_scope(scope))


def figure(key: str, periods: Periods) -> dict:
    """The measure `key` for the review's period and the previous one, or a figure marked
    unpublished (no data) when no module publishes it."""
    if key not in measures:
        return {"key": key, "published": False, "value": None, "previous": None}
    measure = measures.get(key)
    return {
        "key": key,
        "published": True,
        "label": force_str(measure.label),
        "unit": force_str(measure.unit),
        "direction": measure.direction,
        "decimals": measure.decimals,
        "page": measure.page,
        "value": measure.value(periods.current),
        "previous": measure.value(periods.previous),
    }


def figures(keys: list[str], periods: Periods) -> list[dict]:
    return [figure(key, periods) for key in keys]


def family(prefix: str, periods: Periods) -> list[str]:
    """The keys of the measures `prefix.*` (e.g. one per nonconformity type), and, for those
    built from a record (an EnPI), only the records of the scope's unit or below."""
    path = periods.current.path
    return [
        m.key
        for m in measures
        if m.key.startswith(prefix + ".") and (not m.unit_path or m.unit_path.startswith(path))
    ]


def count(key: str, value: int | float | None, previous: int | float | None = None) -> dict:
    """A figure the pack counts itself from a module's records (context issues changed),
    labelled by the section (`inputs.LOCAL_LABELS`)."""
    return {
        "key": key,
        "published": True,
        "local": True,
        "decimals": 0,
        "value": value,
        "previous": previous,
    }
