"""Energy arithmetic, pure: unit conversion with pint, kWh PCI/PCS, emissions, monthly
allocation of a reading, and the EnPI statistics (ordinary least squares baseline, adjusted
baseline, savings, CUSUM) with NumPy. No Django import: tested in milliseconds.

Values of factors never live here: the callers pass them from the versioned reference data
(`ConversionFactor`, `EmissionFactor`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import numpy as np
import pint

# What a meter's readings are written in -> the pint unit. "kWh_PCS" is a kWh on the higher
# heating value (gas invoices): the same pint unit, another basis.
PINT_UNITS = {
    "kWh": "kWh",
    "MWh": "MWh",
    "GJ": "GJ",
    "kWh_PCS": "kWh",
    "m3": "m**3",
    "L": "L",
    "kg": "kg",
    "t": "t",
}
PCS_UNIT = "kWh_PCS"


class ConversionError(Exception):
    """A quantity cannot be turned into energy or emissions; `reason` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@lru_cache(maxsize=1)
def units() -> pint.UnitRegistry:
    """The one unit registry, in Decimal so that 1 000 L x 9.97 is exactly 9 970."""
    return pint.UnitRegistry(non_int_type=Decimal)


def pint_unit(unit: str) -> str:
    return PINT_UNITS.get(unit, unit)


def is_energy_unit(unit: str) -> bool:
    """Whether `unit` (a reading unit or a pint string) measures energy."""
    try:
        return units().Quantity(Decimal(1), pint_unit(unit)).check("[energy]")
    except (pint.errors.UndefinedUnitError, ValueError, AttributeError):
        return False


def is_valid_unit(unit: str) -> bool:
    try:
        units().parse_units(pint_unit(unit))
    except (pint.errors.UndefinedUnitError, ValueError, AttributeError, TypeError):
        return False
    return True


def compatible(unit: str, other: str) -> bool:
    """Whether a quantity in `unit` converts to `other` (litres to m³: yes; kg to L: no)."""
    registry = units()
    try:
        return registry.Quantity(Decimal(1), pint_unit(unit)).is_compatible_with(pint_unit(other))
    except (pint.errors.UndefinedUnitError, ValueError, AttributeError):
        return False


def convert(quantity: Decimal, unit: str, target: str) -> Decimal:
    """`quantity` in `unit` expressed in `target` (pint; exact in Decimal)."""
    registry = units()
    value = registry.Quantity(Decimal(quantity), pint_unit(unit)).to(pint_unit(target))
    return Decimal(value.magnitude)


@dataclass(frozen=True)
class Factor:
    """A conversion factor as the computation needs it: kWh PCI (and PCS) per `unit`."""

    unit: str
    kwh_pci: Decimal
    kwh_pcs: Decimal | None = None


@dataclass(frozen=True)
class Energy:
    """What a reading comes to: kWh PCI, kWh PCS when known, and the factor that was used."""

    kwh_pci: Decimal
    kwh_pcs: Decimal | None
    factor: Factor | None


def choose_factor(
    unit: str, factors: Sequence[Factor], supplier_coefficient: Decimal | None = None
) -> Factor | None:
    """The factor that applies to a reading in `unit`: one in a compatible unit (a physical
    quantity), else one in an energy unit that gives the PCI/PCS ratio (a reading in kWh, or
    gas in m³ turned into kWh PCS by the supplier's coefficient)."""
    if unit == PCS_UNIT or is_energy_unit(unit) or (unit == "m3" and supplier_coefficient):
        return next((f for f in factors if is_energy_unit(f.unit) and f.kwh_pcs), None)
    return next(
        (f for f in factors if not is_energy_unit(f.unit) and compatible(unit, f.unit)), None
    )


def to_energy(
    quantity: Decimal,
    unit: str,
    factor: Factor | None,
    supplier_coefficient: Decimal | None = None,
) -> Energy:
    """kWh PCI and PCS of a quantity read in `unit`.

    - kWh, MWh, GJ are taken as final energy on the lower heating value (PCI);
    - kWh PCS (gas invoices) and gas in m³ times the supplier's coefficient (kWh PCS/m³) go
      through the PCI/PCS ratio of the energy's factor (0.90 for natural gas);
    - any other physical quantity is converted by pint to the factor's unit, then multiplied
      by its kWh per unit.
    """
    quantity = Decimal(quantity)
    if unit == "m3" and supplier_coefficient:
        return _from_pcs(quantity * Decimal(supplier_coefficient), factor)
    if unit == PCS_UNIT:
        return _from_pcs(quantity, factor)
    if is_energy_unit(unit):
        pci = convert(quantity, unit, "kWh")
        pcs = pci * factor.kwh_pcs / factor.kwh_pci if factor and factor.kwh_pcs else None
        return Energy(pci, pcs, factor)
    if factor is None or not compatible(unit, factor.unit):
        raise ConversionError("no_factor")
    amount = convert(quantity, unit, factor.unit)
    pcs = amount * factor.kwh_pcs if factor.kwh_pcs is not None else None
    return Energy(amount * factor.kwh_pci, pcs, factor)


def _from_pcs(kwh_pcs: Decimal, factor: Factor | None) -> Energy:
    if factor is None or not factor.kwh_pcs or not is_energy_unit(factor.unit):
        raise ConversionError("no_pcs_ratio")
    return Energy(kwh_pcs * factor.kwh_pci / factor.kwh_pcs, kwh_pcs, factor)


def emissions(
    energy: Energy, quantity: Decimal, unit: str, value: Decimal, basis_unit: str
) -> Decimal:
    """kgCO2e of a reading for an emission factor of `value` kgCO2e per `basis_unit`.

    A factor per kWh applies to the kWh PCI (ADEME's factors are per kWh PCI: gas is
    multiplied by 0.90 first). A factor per litre (diesel, petrol) applies to the litres read,
    or to the litres the energy comes from through the conversion factor.
    """
    value = Decimal(value)
    if is_energy_unit(basis_unit):
        return convert(energy.kwh_pci, "kWh", basis_unit) * value
    if compatible(unit, basis_unit):
        return convert(Decimal(quantity), unit, basis_unit) * value
    factor = energy.factor
    if (
        factor is not None
        and not is_energy_unit(factor.unit)
        and compatible(factor.unit, basis_unit)
    ):
        amount = energy.kwh_pci / factor.kwh_pci
        return convert(amount, factor.unit, basis_unit) * value
    raise ConversionError("emission_basis")


def kwh_from_toe(toe: Decimal, kwh_per_toe: Decimal) -> Decimal:
    """Tonnes of oil equivalent in kWh with the factor of the reference data (11 628 kWh in
    France; pint's `toe` is 11 630 kWh, hence the data)."""
    return Decimal(toe) * Decimal(kwh_per_toe)


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first days of the months from `start`'s to `end`'s, both included."""
    months, month = [], first_of_month(start)
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def split_by_month(start: dt.date, end: dt.date, amount: float) -> list[tuple[dt.date, float]]:
    """`amount` of a period (both days included) spread over its months pro rata to days:
    an invoice from 5 January to 4 February counts 27/31 in January, 4/31 in February."""
    total = (end - start).days + 1
    parts = []
    for month in months_between(start, end):
        first = max(start, month)
        last = min(end, add_months(month, 1) - dt.timedelta(days=1))
        parts.append((month, amount * ((last - first).days + 1) / total))
    return parts


# --- EnPI and energy baseline (ISO 50001 6.4-6.5, ISO 50006; M&V practice) -------------


class TooFewPoints(Exception):
    """Fewer points than the model's coefficients plus one."""

    def __init__(self, needed: int, given: int):
        super().__init__(f"{given} points, {needed} needed")
        self.needed, self.given = needed, given


@dataclass(frozen=True)
class BaselineModel:
    """E = β0 + β1·X1 + ... fitted on the baseline period: coefficients, R², CV(RMSE), n."""

    coefficients: tuple[float, ...]
    r2: float | None
    cv_rmse: float | None
    n: int

    def predict(self, variables: Sequence[float]) -> float:
        beta = self.coefficients
        return beta[0] + sum(b * x for b, x in zip(beta[1:], variables, strict=True))


def fit_baseline(energy: Sequence[float], variables: Sequence[Sequence[float]]) -> BaselineModel:
    """Ordinary least squares of `energy` on the rows of `variables` (one row per point, k
    values each; k = 0 fits the mean). R² = 1 − SSres/SStot; CV(RMSE) = √(SSres/(n − p)) / Ē
    with p = k + 1 coefficients (ASHRAE Guideline 14). At least p + 1 points are needed."""
    y = np.asarray(energy, dtype=float)
    n = len(y)
    k = len(variables[0]) if n and len(variables) else 0
    p = k + 1
    if n < p + 1:
        raise TooFewPoints(p + 1, n)
    x = np.column_stack([np.ones(n), np.asarray(variables, dtype=float).reshape(n, k)])
    beta, *_rest = np.linalg.lstsq(x, y, rcond=None)
    residuals = y - x @ beta
    ss_res = float(residuals @ residuals)
    ss_tot = float(((y - y.mean()) ** 2).sum())
    r2 = None if ss_tot == 0 or k == 0 else 1 - ss_res / ss_tot
    mean = float(y.mean())
    cv = math.sqrt(ss_res / (n - p)) / mean if mean else None
    return BaselineModel(tuple(float(b) for b in beta), r2, cv, n)


def ratio_baseline(energy: Sequence[float], variable: Sequence[float]) -> BaselineModel:
    """The ratio EnPI's baseline: kWh per unit of the variable over the baseline period
    (ΣE / ΣX), as a model E = 0 + ratio·X."""
    total = float(sum(variable))
    if not energy or total == 0:
        raise TooFewPoints(1, 0)
    return BaselineModel((0.0, float(sum(energy)) / total), None, None, len(energy))


def adjusted_baseline(model: BaselineModel, variables: Sequence[Sequence[float]]) -> list[float]:
    """Ê for each reporting point: the baseline model applied to its relevant variables."""
    return [model.predict(row) for row in variables]


def cusum(actual: Sequence[float], predicted: Sequence[float]) -> list[float]:
    """Running sum of (actual − predicted): going down means energy is being saved."""
    total, out = 0.0, []
    for a, p in zip(actual, predicted, strict=True):
        total += a - p
        out.append(total)
    return out


@dataclass(frozen=True)
class Performance:
    """Totals over the reporting period: Ê, E, savings Ê − E, EnPI ratio E/Ê, improvement %."""

    expected: float
    actual: float
    savings: float
    ratio: float | None
    improvement: float | None


def performance(actual: Sequence[float], predicted: Sequence[float]) -> Performance:
    expected, used = float(sum(predicted)), float(sum(actual))
    return Performance(
        expected=expected,
        actual=used,
        savings=expected - used,
        ratio=used / expected if expected else None,
        improvement=(expected - used) / expected * 100 if expected else None,
    )
