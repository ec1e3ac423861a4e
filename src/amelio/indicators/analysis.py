"""An indicator's series read once from the database and handed to the pure computations:
its control chart with the rule violations, its capability and the status of each value."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from amelio.indicators import computations as comp

RULE_LABELS = {
    "we1": _("One point beyond 3 sigma"),
    "we2": _("2 of 3 points beyond 2 sigma on one side"),
    "we3": _("4 of 5 points beyond 1 sigma on one side"),
    "we4": _("8 points in a row on one side of the centre line"),
    "nelson2": _("9 points in a row on one side of the centre line"),
    "nelson3": _("6 points in a row steadily increasing or decreasing"),
    "nelson4": _("14 points in a row alternating up and down"),
    "nelson7": _("15 points in a row within 1 sigma"),
    "nelson8": _("8 points in a row beyond 1 sigma, on either side"),
}
RULE_NAMES = {
    "we1": _("Western Electric 1"),
    "we2": _("Western Electric 2"),
    "we3": _("Western Electric 3"),
    "we4": _("Western Electric 4"),
    "nelson2": _("Nelson 2"),
    "nelson3": _("Nelson 3"),
    "nelson4": _("Nelson 4"),
    "nelson7": _("Nelson 7"),
    "nelson8": _("Nelson 8"),
}


@dataclass
class Series:
    """The values of an indicator in period order."""

    periods: list[dt.date] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    numerators: list[float | None] = field(default_factory=list)
    denominators: list[float | None] = field(default_factory=list)


def series(indicator, values=None) -> Series:
    """The indicator's values, oldest first (`values` when the caller already has them)."""
    rows = values if values is not None else indicator.values.order_by("period")
    result = Series()
    for row in rows:
        result.periods.append(row.period)
        result.values.append(row.value)
        result.numerators.append(row.numerator)
        result.denominators.append(row.denominator)
    return result


def baseline_window(indicator, periods: list[dt.date]) -> tuple[int, int] | None:
    """The indexes [start, end) of the baseline periods, or None for all of them."""
    if not indicator.baseline_start and not indicator.baseline_end:
        return None
    start = indicator.baseline_start or dt.date.min
    end = indicator.baseline_end or dt.date.max
    inside = [i for i, p in enumerate(periods) if start <= p <= end]
    return (inside[0], inside[-1] + 1) if len(inside) >= 2 else None


@dataclass
class ControlChart:
    """A chart of the indicator with the violations of the run rules."""

    kind: str
    chart: comp.Chart
    violations: list[comp.Violation]
    baseline: tuple[int, int] | None


def _attribute_chart(indicator, data: Series, window) -> comp.Chart | None:
    """p, np and u charts need numerators and denominators on every value."""
    kind = indicator.chart_type
    counts = data.numerators
    sizes = data.denominators
    if kind == "c":
        return comp.c_chart(data.values, window)
    complete = all(x is not None for x in counts) and all(n for n in sizes)
    if kind not in ("p", "np", "u") or not complete:
        return None
    if kind == "p":
        chart = comp.p_chart(counts, sizes, window)  # type: ignore[arg-type]
        # A proportion entered as a percentage is drawn in percent, like its trend.
        return _scaled(chart, 100.0) if indicator.unit.strip() == "%" else chart
    if kind == "u":
        return comp.u_chart(counts, sizes, window)  # type: ignore[arg-type]
    if len(set(sizes)) == 1:
        return comp.np_chart(counts, sizes[0], window)  # type: ignore[arg-type]
    return None


def _scaled(chart: comp.Chart, factor: float) -> comp.Chart:
    limits = chart.limits
    return comp.Chart(
        chart.kind,
        tuple(p * factor for p in chart.points),
        comp.Limits(
            limits.centre * factor,
            tuple(x * factor for x in limits.ucl),
            tuple(x * factor for x in limits.lcl),
            tuple(x * factor for x in limits.sigma),
        ),
    )


def control_chart(indicator, data: Series | None = None) -> ControlChart | None:
    """The control chart of the indicator's type (individuals when the values lack what the
    type needs), or None with fewer than three values."""
    data = data or series(indicator)
    if len(data.values) < 3:
        return None
    window = baseline_window(indicator, data.periods)
    chart = _attribute_chart(indicator, data, window) or comp.individuals_chart(data.values, window)
    violations = comp.rule_violations(chart.points, chart.limits)
    return ControlChart(chart.kind, chart, violations, window)


def capability(indicator, data: Series) -> comp.Capability | None:
    """Capability from the individuals chart's sigma, when specification limits are set."""
    if (indicator.lsl is None and indicator.usl is None) or len(data.values) < 3:
        return None
    window = baseline_window(indicator, data.periods)
    chart = comp.individuals_chart(data.values, window)
    return comp.capability(data.values, indicator.lsl, indicator.usl, chart.limits.sigma[0])


def statuses(indicator, data: Series) -> list[str]:
    return [indicator.status_of(v, p) for v, p in zip(data.values, data.periods, strict=True)]
