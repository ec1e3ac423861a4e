"""State changes of the energy app: the figures of a reading from the factors in force, the
import of emission factors (coordinators of the organisation) and of the monthly values of
relevant variables, each all or nothing. No HTTP here: callers pass the acting user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from amelio.core.permissions import Role, can
from amelio.energy import computations as calc
from amelio.energy.models import (
    ConversionFactor,
    EmissionFactor,
    Meter,
    Reading,
    Variable,
    VariableValue,
)

THOUSANDTH = Decimal("0.001")
EDITORS = (Role.ADMINISTRATOR, Role.COORDINATOR)


@dataclass(frozen=True)
class Figures:
    kwh_pci: Decimal
    kwh_pcs: Decimal | None
    kg: Decimal
    conversion: ConversionFactor | None
    emission: EmissionFactor


def _round(value: Decimal) -> Decimal:
    return Decimal(value).quantize(THOUSANDTH)


def reading_figures(*, meter: Meter, unit: str, quantity: Decimal, day: dt.date) -> Figures:
    """kWh PCI/PCS and kgCO2e of `quantity` read on `meter` for a period starting on `day`,
    with the factors in force then. A ValidationError names what is missing."""
    energy_label = meter.get_energy_display()
    stored = ConversionFactor.objects.valid_on(meter.energy, day)
    candidates = [f.as_factor() for f in stored]
    by_factor = {id(c): f for c, f in zip(candidates, stored, strict=True)}
    chosen = calc.choose_factor(unit, candidates, meter.supplier_coefficient)
    try:
        energy = calc.to_energy(quantity, unit, chosen, meter.supplier_coefficient)
    except calc.ConversionError as error:
        raise ValidationError(
            {"quantity": _conversion_message(error.reason, energy_label, meter, day)}
        ) from None
    emission = EmissionFactor.objects.in_force(meter.energy, day)
    if emission is None:
        raise ValidationError(
            {
                "period_start": _(
                    "No emission factor of %(energy)s is in force on %(date)s: the "
                    "coordinator imports one on the Factors page."
                )
                % {"energy": energy_label, "date": formats.date_format(day, "SHORT_DATE_FORMAT")}
            }
        )
    try:
        kg = calc.emissions(energy, quantity, unit, emission.value, emission.basis_unit)
    except calc.ConversionError:
        raise ValidationError(
            {
                "quantity": _(
                    "The emission factor of %(energy)s is per %(basis)s, which a quantity in "
                    "%(unit)s does not convert to."
                )
                % {"energy": energy_label, "basis": emission.basis_unit, "unit": unit}
            }
        ) from None
    conversion = by_factor.get(id(energy.factor)) if energy.factor is not None else None
    pcs = None if energy.kwh_pcs is None else _round(energy.kwh_pcs)
    return Figures(_round(energy.kwh_pci), pcs, _round(kg), conversion, emission)


def _conversion_message(reason: str, energy_label: str, meter: Meter, day: dt.date) -> str:
    if reason == "no_pcs_ratio":
        return _("No conversion factor gives the PCI/PCS ratio of %(energy)s on %(date)s.") % {
            "energy": energy_label,
            "date": formats.date_format(day, "SHORT_DATE_FORMAT"),
        }
    return _("No conversion factor turns %(unit)s of %(energy)s into kWh on %(date)s.") % {
        "unit": meter.get_unit_display(),
        "energy": energy_label,
        "date": formats.date_format(day, "SHORT_DATE_FORMAT"),
    }


def may_manage_factors(user) -> bool:
    """Factors are organisation-wide: coordinators and administrators of the organisation."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.role_assignments.filter(
        role__in=EDITORS, org_unit__parent__isnull=True, org_unit__archived_at__isnull=True
    ).exists()


class RowErrors(ValidationError):
    """Messages of the rows that failed, each starting with its row number."""


def _row_error(number: int, message: str) -> str:
    return _("Row %(number)s: %(message)s") % {"number": number, "message": message}


@transaction.atomic
def emission_factors_import(*, user, rows: list[tuple[int, EmissionFactor]]) -> int:
    """Save the factors of an import, all or nothing. A factor for an energy and a date
    already in the data is refused: a factor once used is never changed; give the newer
    one its own "valid from" date."""
    if not may_manage_factors(user):
        raise PermissionDenied(_("Only the coordinators of the organisation manage factors."))
    errors, seen = [], set()
    for number, factor in rows:
        key = (factor.energy, factor.valid_from)
        exists = EmissionFactor.objects.filter(energy=factor.energy, valid_from=factor.valid_from)
        if key in seen or exists.exists():
            errors.append(
                _row_error(
                    number,
                    _("a factor of %(energy)s valid from %(date)s already exists.")
                    % {
                        "energy": factor.get_energy_display(),
                        "date": formats.date_format(factor.valid_from, "SHORT_DATE_FORMAT"),
                    },
                )
            )
        seen.add(key)
    if errors:
        raise RowErrors(errors)
    for _number, factor in rows:
        factor.save()
    return len(rows)


@transaction.atomic
def variable_values_import(*, user, rows: list[tuple[int, Variable, dt.date, Decimal]]) -> int:
    """Create or replace the monthly values of variables the user may change, all or nothing."""
    errors = [
        _row_error(number, _("you may not change %(variable)s.") % {"variable": variable})
        for number, variable, _month, _value in rows
        if not can(user, "import", variable.org_unit) or variable.is_archived
    ]
    if errors:
        raise RowErrors(errors)
    for _number, variable, month, value in rows:
        VariableValue.objects.update_or_create(
            variable=variable, month=calc.first_of_month(month), defaults={"value": value}
        )
    return len(rows)


def variable_value_set(*, user, variable: Variable, month: dt.date, value: Decimal) -> bool:
    """Record the value of `variable` for `month`, replacing the one it had; returns whether
    a value was replaced. Refused to whoever may not change the variable."""
    if not can(user, "change", variable.org_unit) or variable.is_archived:
        raise PermissionDenied
    _found, created = VariableValue.objects.update_or_create(
        variable=variable, month=calc.first_of_month(month), defaults={"value": value}
    )
    return not created


def readings_recompute(*, energy: str, since: dt.date) -> int:
    """Compute again the readings of `energy` whose period starts on or after `since` (after
    an import of factors: a newer factor now applies to them). Returns how many changed."""
    changed = 0
    readings = Reading.objects.filter(meter__energy=energy, period_start__gte=since)
    for reading in readings.select_related("meter", "emission_factor"):
        before = (reading.kg_co2e, reading.emission_factor_id, reading.conversion_factor_id)
        try:
            reading.compute()
        except ValidationError:
            continue
        if before != (reading.kg_co2e, reading.emission_factor_id, reading.conversion_factor_id):
            reading.save()
            changed += 1
    return changed
