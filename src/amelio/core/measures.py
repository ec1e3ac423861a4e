"""Measures: the figures a module publishes about its own records (TF1, tonnes of waste, kWh,
on-time closure rate…), computed by the module itself from the same code as its own pages.

Indicators, the cockpit and the management review read them and never recompute them, so a
figure is the same wherever it is shown (../shared/DESIGN.md, docs/decisions/0033-measures.md).

A module declares its measures in `<app>/measures.py`, found at start-up like its registers:

    @measures.measure(
        "safety.tf1",
        label=_("Frequency rate TF1"),
        unit="",
        direction=LOWER,
        description=_("Lost-time accidents per million hours worked."),
    )
    def tf1(scope: Scope) -> Decimal | None:
        ...

A measure's function receives a `Scope`: an org unit (the figure covers it and every unit
below it) and a period [start, end), and answers a number, or None when the figure does not
exist for that scope (a rate without hours worked). Archived records never count. A figure
that describes a state rather than a flow (overdue actions, risks above tolerance) is taken
on the last day of the period, or today while the period runs (`Scope.as_of`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from django.utils import timezone
from django.utils.functional import Promise

HIGHER = "higher"
LOWER = "lower"

FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}


def period_start(day: dt.date, frequency: str) -> dt.date:
    """The first day of the month, quarter or year that holds `day`."""
    months = FREQUENCY_MONTHS[frequency]
    month = (day.month - 1) // months * months + 1
    return dt.date(day.year, month, 1)


def period_end(start: dt.date, frequency: str) -> dt.date:
    """The first day after the period starting on `start`."""
    month = start.month - 1 + FREQUENCY_MONTHS[frequency]
    return dt.date(start.year + month // 12, month % 12 + 1, 1)


class Scope(NamedTuple):
    """Where and when a measure is taken: an org unit with the units below it, and the days
    from `start` included to `end` excluded."""

    unit: Any  # amelio.core.models.OrgUnit
    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, unit: Any, period: dt.date, frequency: str = "monthly") -> Scope:
        """The scope of one month, quarter or year of a unit, from any day of it."""
        start = period_start(period, frequency)
        return cls(unit, start, period_end(start, frequency))

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def as_of(self) -> dt.date:
        """The day a state is read on: the period's last day, or today while it runs."""
        return min(self.last_day, timezone.localdate())

    @property
    def aware_start(self) -> dt.datetime:
        """`start` as the first instant of the day in the site's time zone, for datetimes."""
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def aware_end(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.end, dt.time.min))

    @property
    def path(self) -> str:
        """The unit's tree path: records of the scope have an org unit path starting with it."""
        return self.unit.path


Number = Decimal | float | int


@dataclass(frozen=True)
class Measure:
    """One figure a module publishes: its key ("app.name"), label, unit, which way is
    better, and the function that computes it for a scope."""

    key: str
    label: str | Promise
    compute: Callable[[Scope], Number | None]
    unit: str | Promise = ""
    direction: str = HIGHER
    description: str | Promise = ""
    decimals: int = 1
    # The module page that shows the same figure (URL name), for readers and the coherence
    # tests; "" when the module has no page of its own for it.
    page: str = ""
    # Flow (counted over the period) or state (read on Scope.as_of).
    state: bool = False
    # For a measure built from one record (a family's member): the path of that record's org
    # unit. Only those who see the unit are offered the measure, which names the record.
    unit_path: str = ""

    @property
    def app_label(self) -> str:
        return self.key.split(".", 1)[0]

    def value(self, scope: Scope) -> float | None:
        """The figure for a scope as a float (how indicator values are stored), or None."""
        result = self.compute(scope)
        return None if result is None else float(result)


class MeasureRegistry:
    """Every measure of every module, filled at start-up (core.registry.autodiscover)."""

    def __init__(self) -> None:
        self._measures: dict[str, Measure] = {}
        self._families: dict[str, Callable[[], list[Measure]]] = {}

    def measure(self, key: str, **options: Any) -> Callable:
        """Decorator that publishes a function as the measure `key`."""
        if "." not in key:
            raise ValueError(f"A measure's key is app.name, not {key!r}.")

        def decorate(function: Callable[[Scope], Number | None]) -> Callable:
            if key in self._measures and self._measures[key].compute is not function:
                raise ValueError(f"The measure {key} is published twice.")
            self._measures[key] = Measure(key=key, compute=function, **options)
            return function

        return decorate

    def family(self, prefix: str) -> Callable:
        """Decorator for a function that lists measures built from records, one per record
        (each EnPI, each energy): their keys are `prefix.<something>`, read from the database
        when they are asked for."""

        def decorate(lister: Callable[[], list[Measure]]) -> Callable:
            self._families[prefix] = lister
            return lister

        return decorate

    def get(self, key: str) -> Measure:
        if key in self._measures:
            return self._measures[key]
        for prefix, lister in self._families.items():
            if key.startswith(prefix + "."):
                for measure in lister():
                    if measure.key == key:
                        return measure
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        try:
            self.get(str(key))
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[Measure]:
        found = list(self._measures.values())
        for lister in self._families.values():
            found.extend(lister())
        return iter(sorted(found, key=lambda m: m.key))

    def __len__(self) -> int:
        return len(list(iter(self)))

    def offered_to(self, user: Any) -> list[Measure]:
        """The measures `user` may be offered: all but those built from a record of a unit
        out of their reach."""
        from amelio.core.permissions import units_for

        found = list(self)
        if not any(m.unit_path for m in found):
            return found
        paths = set(units_for(user, "view").values_list("path", flat=True))
        return [m for m in found if not m.unit_path or m.unit_path in paths]

    def choices(self, user: Any) -> list[tuple[str, list[tuple[str, str]]]]:
        """The measures `user` may choose, grouped by module, as choices of a form field."""
        from django.apps import apps

        groups: dict[str, list[tuple[str, str]]] = {}
        for measure in self.offered_to(user):
            unit = f" ({measure.unit})" if str(measure.unit) else ""
            groups.setdefault(measure.app_label, []).append((measure.key, f"{measure.label}{unit}"))
        return [
            (str(apps.get_app_config(label).verbose_name), items) for label, items in groups.items()
        ]


measures = MeasureRegistry()
