"""Monthly figures read from the database for the energy pages: readings spread over their
months (one query for any number of readings), variable values per month (one query), and
the EnPI analysis built from them with the pure functions of `computations`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from amelio.energy import computations as calc
from amelio.energy.models import EnergyIndicator, IndicatorKind, Meter, Reading, VariableValue


@dataclass
class Month:
    kwh: float = 0.0
    cost: float = 0.0
    kg: float = 0.0


def readings_by_month(readings, start: dt.date, end: dt.date) -> dict:
    """{(meter id, energy, significant, usage): {month: Month}} for the readings that overlap
    the months from `start` to `end`, each spread over its months pro rata to days."""
    after = calc.add_months(end, 1)
    rows = readings.filter(period_end__gte=start, period_start__lt=after).values_list(
        "meter_id",
        "meter__energy",
        "meter__significant",
        "meter__name",
        "period_start",
        "period_end",
        "kwh_pci",
        "cost",
        "kg_co2e",
    )
    found: dict = defaultdict(lambda: defaultdict(Month))
    for meter, energy, significant, name, first, last, kwh, cost, kg in rows:
        values = (float(kwh or 0), float(cost or 0), float(kg or 0))
        for month, share in calc.split_by_month(first, last, 1.0):
            if not start <= month <= end:
                continue
            cell = found[(meter, energy, significant, name)][month]
            cell.kwh += values[0] * share
            cell.cost += values[1] * share
            cell.kg += values[2] * share
    return found


def variable_values(variables, start: dt.date, end: dt.date) -> dict[int, dict[dt.date, float]]:
    values: dict[int, dict[dt.date, float]] = defaultdict(dict)
    for variable, month, value in VariableValue.objects.filter(
        variable__in=variables, month__gte=start, month__lte=end
    ).values_list("variable_id", "month", "value"):
        values[variable][month] = float(value)
    return values


def indicator_meters(indicator: EnergyIndicator):
    """The meters an EnPI counts: its own, or every active meter of its unit and below."""
    chosen = list(indicator.meters.all())
    if chosen:
        return Meter.objects.filter(pk__in=[m.pk for m in chosen])
    return Meter.objects.active().filter(org_unit__path__startswith=indicator.org_unit.path)


@dataclass
class Analysis:
    """What the EnPI page shows: the baseline model and each month's actual and expected."""

    baseline_months: list[dt.date] = field(default_factory=list)
    model: calc.BaselineModel | None = None
    error: str | None = None  # "too_few" when the baseline cannot be fitted
    needed: int = 0
    rows: list[dict] = field(default_factory=list)
    baseline_rows: list[dict] = field(default_factory=list)
    performance: calc.Performance | None = None


def analyse(indicator: EnergyIndicator, today: dt.date) -> Analysis:
    """Fit the baseline on its months, then the adjusted baseline, savings and CUSUM on the
    months of the reporting period that have their energy and variables."""
    last_month = calc.add_months(calc.first_of_month(today), -1)
    report_end = min(indicator.reporting_end or last_month, last_month)
    start = min(indicator.baseline_start, indicator.reporting_start)
    end = max(indicator.baseline_end, report_end)
    energy = _energy_by_month(indicator, start, end)
    variables = indicator.variables
    values = variable_values([v.pk for v in variables], start, end)

    def points(first, last):
        kept = []
        for month in calc.months_between(first, last):
            row = [values[v.pk].get(month) for v in variables]
            if month in energy and None not in row:
                kept.append((month, energy[month], row))
        return kept

    result = Analysis()
    baseline = points(indicator.baseline_start, indicator.baseline_end)
    result.baseline_months = [month for month, _e, _x in baseline]
    try:
        result.model = _fit(indicator, baseline)
    except calc.TooFewPoints as error:
        result.error, result.needed = "too_few", error.needed
        return result
    result.baseline_rows = [
        {"month": m, "variables": x, "actual": e, "expected": result.model.predict(x)}
        for m, e, x in baseline
    ]
    reporting = points(indicator.reporting_start, report_end)
    expected = calc.adjusted_baseline(result.model, [x for _m, _e, x in reporting])
    actual = [e for _m, e, _x in reporting]
    running = calc.cusum(actual, expected)
    for (month, used, row), predicted, total in zip(reporting, expected, running, strict=True):
        result.rows.append(
            {
                "month": month,
                "variables": row,
                "actual": used,
                "expected": predicted,
                "savings": predicted - used,
                "cusum": total,
                "ratio": used / row[0]
                if indicator.kind == IndicatorKind.RATIO and row[0]
                else None,
            }
        )
    if reporting:
        result.performance = calc.performance(actual, expected)
    return result


def _fit(indicator: EnergyIndicator, baseline) -> calc.BaselineModel:
    energy = [e for _m, e, _x in baseline]
    if indicator.kind == IndicatorKind.RATIO:
        return calc.ratio_baseline(energy, [x[0] for _m, _e, x in baseline])
    return calc.fit_baseline(energy, [x for _m, _e, x in baseline])


def _energy_by_month(indicator: EnergyIndicator, start: dt.date, end: dt.date) -> dict:
    readings = Reading.objects.active().filter(meter__in=indicator_meters(indicator))
    totals: dict[dt.date, float] = defaultdict(float)
    for months in readings_by_month(readings, start, end).values():
        for month, cell in months.items():
            totals[month] += cell.kwh
    return dict(totals)
