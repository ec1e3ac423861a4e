"""Small helpers to make energy records in tests, through the create service (as the pages
do), so that every rule of the models applies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from amelio.core import services
from amelio.energy.models import Meter, Reading, Variable, VariableValue


def meter(user, unit, energy="electricity", reading_unit="kWh", **extra) -> Meter:
    record = Meter(org_unit=unit, name=f"{energy} meter", energy=energy, unit=reading_unit, **extra)
    return services.record_create(record=record, user=user)


def reading(user, on: Meter, start: dt.date, end: dt.date, quantity, **extra) -> Reading:
    record = Reading(
        org_unit=on.org_unit,
        meter=on,
        period_start=start,
        period_end=end,
        quantity=Decimal(str(quantity)),
        **extra,
    )
    return services.record_create(record=record, user=user)


def variable(user, unit, name="DJU", kind="hdd", values=None, symbol="DJU") -> Variable:
    record = services.record_create(
        record=Variable(org_unit=unit, name=name, kind=kind, unit=symbol), user=user
    )
    for month, value in (values or {}).items():
        VariableValue.objects.create(variable=record, month=month, value=Decimal(str(value)))
    return record
