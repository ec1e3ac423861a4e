"""Monthly figures read from the database for the energy pages: readings spread over their
months (one query for any number of readings), variable values per month (one query), and
the EnPI analysis built from them with the pure functions of `computations`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from amelio.energy import computations as calc
from amelio.energy.models import (
    EnergyIndicator,
    IndicatorKind,
    Meter,
    Reading,
    Variable,
    VariableKind,
    VariableValue,
)


@dataclass
class Month:
    kwh: float = 0.0
    cost: float = 0.0
    kg: float = 0.0
    # Whether a reading of the month has its cost recorded (a cost of 0 is then a figure).
    costed: bool = False

    def add(self, other: Month) -> None:
        self.kwh += other.kwh
        self.cost += other.cost
        self.kg += other.kg
        self.costed = self.costed or other.costed


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
            cell.costed = cell.costed or cost is not None
    return found


@dataclass
class Consumption:
    """What readings come to over some months, spread pro rata to days: kWh PCI, cost and
    kgCO2e by energy and by month, and kWh by use (a significant use by its meter's name,
    every other use under ""). The energy review and the energy measures read it."""

    by_energy: dict[str, Month] = field(default_factory=lambda: defaultdict(Month))
    by_energy_month: dict[str, dict[dt.date, float]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(float))
    )
    by_month: dict[dt.date, Month] = field(default_factory=lambda: defaultdict(Month))
    uses: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    @property
    def total(self) -> Month:
        """Every energy together."""
        found = Month()
        for month in self.by_energy.values():
            found.add(month)
        return found

    @property
    def seu_share(self) -> float | None:
        """The share (0..1) of the kWh used by the significant energy uses, None without kWh."""
        kwh = self.total.kwh
        return 1 - self.uses.get("", 0.0) / kwh if kwh else None


def consumption(grid: dict, first: dt.date, last: dt.date) -> Consumption:
    """The cells of `grid` (`readings_by_month`) in the months from `first` to `last`, summed."""
    found = Consumption()
    for (_meter, energy, significant, name), cells in grid.items():
        for month, cell in cells.items():
            if first <= month <= last:
                found.by_energy[energy].add(cell)
                found.by_energy_month[energy][month] += cell.kwh
                found.by_month[month].add(cell)
                found.uses[name if significant else ""] += cell.kwh
    return found


def consumption_between(readings, first: dt.date, last: dt.date) -> Consumption:
    """The consumption of `readings` in the months from `first` to `last`, both included."""
    return consumption(readings_by_month(readings, first, last), first, last)


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
    result.performance = rows_performance(result.rows)
    return result


def rows_performance(rows: list[dict]) -> calc.Performance | None:
    """Ê, E, savings, EnPI ratio and improvement over some months of the analysis, None
    without any month."""
    if not rows:
        return None
    return calc.performance([r["actual"] for r in rows], [r["expected"] for r in rows])


def performance_between(analysis: Analysis, first: dt.date, last: dt.date):
    """The EnPI over the reporting months from `first` to `last` (those with their energy
    and variables): the page's totals for a part of its reporting period."""
    return rows_performance([r for r in analysis.rows if first <= r["month"] <= last])


def production_variables(path: str):
    """The active relevant variables of the production kind of the unit at `path` and below."""
    return Variable.objects.active().filter(
        org_unit__path__startswith=path, kind=VariableKind.PRODUCTION
    )


def production_volume(variables, first: dt.date, last: dt.date) -> float | None:
    """What `variables` (of the production kind) add up to in the months from `first` to
    `last`. None without a variable, when they are written in different units (tonnes and
    parts do not add up), or when a month lacks the value of one of them."""
    found = list(variables)
    if len({variable.unit.strip().lower() for variable in found}) != 1:
        return None
    values = variable_values([variable.pk for variable in found], first, last)
    months = calc.months_between(first, last)
    if any(month not in values[variable.pk] for variable in found for month in months):
        return None
    return sum(values[variable.pk][month] for variable in found for month in months)


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
