"""Statistics of the indicators: control limits, run rules, capability, Pareto and the status
of a value against its target. Pure functions on plain numbers, no Django (DOMAIN.md 9.6-9.8).

The control-chart constants (A2, D3, D4, d2...) are reference data read from
`data/spc_control_chart_constants.csv`, never written in the code: `load_constants()` reads
them once and the chart functions take the table they need as an argument.
"""

from __future__ import annotations

import csv
import itertools
import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CONSTANTS_FILE = Path(__file__).parent / "data" / "spc_control_chart_constants.csv"

ON_TARGET = "on_target"
ALERT = "alert"
OFF_TARGET = "off_target"
NO_TARGET = "no_target"
HIGHER = "higher"
LOWER = "lower"


@dataclass(frozen=True)
class SpcConstants:
    """The constants of one subgroup size n (DOMAIN.md 9.7)."""

    n: int
    A2: float
    D3: float
    D4: float
    d2: float
    d3: float
    c4: float
    A3: float
    B3: float
    B4: float


@cache
def load_constants(path: Path = CONSTANTS_FILE) -> Mapping[int, SpcConstants]:
    """The constants table by subgroup size, read from the versioned reference file."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    table = {}
    for row in rows:
        n = int(row.pop("n"))
        table[n] = SpcConstants(n=n, **{key: float(value) for key, value in row.items()})
    return table


def _constants(n: int, table: Mapping[int, SpcConstants] | None) -> SpcConstants:
    table = load_constants() if table is None else table
    if n not in table:
        raise ValueError(f"No control-chart constants for subgroups of {n}")
    return table[n]


# --- Control limits -------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """Centre line and limits of a chart, per point (p and u charts have one per point).

    `sigma` is the standard deviation of each plotted point, for the zones of the run rules.
    """

    centre: float
    ucl: tuple[float, ...]
    lcl: tuple[float, ...]
    sigma: tuple[float, ...]

    @property
    def constant(self) -> bool:
        return len(set(self.ucl)) <= 1 and len(set(self.lcl)) <= 1


@dataclass(frozen=True)
class Chart:
    """The points of a chart and their limits; `secondary` is the range or moving-range chart
    that goes with an X-bar or individuals chart."""

    kind: str
    points: tuple[float, ...]
    limits: Limits
    secondary: Chart | None = None


def _baseline(count: int, baseline: tuple[int, int] | None) -> slice:
    """The points the limits are computed from: [start, end) or all of them."""
    start, end = baseline if baseline else (0, count)
    if not 0 <= start < end <= count:
        raise ValueError("The baseline must hold at least one point of the series")
    return slice(start, end)


def _fixed(count: int, centre: float, spread: float, sigma: float, floor: float | None = 0.0):
    """Limits centre ± spread for `count` points, the lower one clipped at `floor`."""
    lcl = centre - spread if floor is None else max(floor, centre - spread)
    return Limits(centre, (centre + spread,) * count, (lcl,) * count, (sigma,) * count)


def individuals_chart(
    values: Sequence[float],
    baseline: tuple[int, int] | None = None,
    table: Mapping[int, SpcConstants] | None = None,
) -> Chart:
    """I-MR chart: X = x̄ ± 3·MR̄/d2, MR chart UCL = D4·MR̄, LCL = 0 (n = 2)."""
    if len(values) < 2:
        raise ValueError("An individuals chart needs at least two values")
    c = _constants(2, table)
    window = _baseline(len(values), baseline)
    base = list(values[window])
    if len(base) < 2:
        raise ValueError("The baseline of an individuals chart needs at least two values")
    ranges = [abs(b - a) for a, b in itertools.pairwise(values)]
    base_ranges = [abs(b - a) for a, b in itertools.pairwise(base)]
    mr_bar = statistics.fmean(base_ranges)
    centre = statistics.fmean(base)
    sigma = mr_bar / c.d2
    x = _fixed(len(values), centre, 3 * sigma, sigma, floor=None)
    count = len(ranges)
    mr = Limits(mr_bar, (c.D4 * mr_bar,) * count, (c.D3 * mr_bar,) * count, (c.d3 * sigma,) * count)
    return Chart("individuals", tuple(values), x, Chart("moving_range", tuple(ranges), mr))


def xbar_r_chart(
    subgroups: Sequence[Sequence[float]],
    baseline: tuple[int, int] | None = None,
    table: Mapping[int, SpcConstants] | None = None,
) -> Chart:
    """X-bar/R chart for subgroups of one size n: X̿ ± A2·R̄, R chart D3·R̄ to D4·R̄."""
    sizes = {len(group) for group in subgroups}
    if len(sizes) != 1:
        raise ValueError("Every subgroup of an X-bar/R chart must have the same size")
    c = _constants(sizes.pop(), table)
    means = [statistics.fmean(group) for group in subgroups]
    ranges = [max(group) - min(group) for group in subgroups]
    window = _baseline(len(subgroups), baseline)
    grand, r_bar = statistics.fmean(means[window]), statistics.fmean(ranges[window])
    count = len(subgroups)
    x = _fixed(count, grand, c.A2 * r_bar, c.A2 * r_bar / 3, floor=None)
    r = Limits(
        r_bar, (c.D4 * r_bar,) * count, (c.D3 * r_bar,) * count, (c.d3 * r_bar / c.d2,) * count
    )
    return Chart("xbar", tuple(means), x, Chart("range", tuple(ranges), r))


def _proportion(defectives: Sequence[float], sizes: Sequence[float], window: slice) -> float:
    total = sum(sizes[window])
    if total <= 0:
        raise ValueError("The baseline has no inspected units")
    return sum(defectives[window]) / total


def p_chart(
    defectives: Sequence[float], sizes: Sequence[float], baseline: tuple[int, int] | None = None
) -> Chart:
    """p chart: p̄ ± 3·√(p̄(1−p̄)/nᵢ) per point; the LCL is clipped at 0 and the UCL at 1."""
    _same_length(defectives, sizes)
    p_bar = _proportion(defectives, sizes, _baseline(len(sizes), baseline))
    sigmas = tuple(math.sqrt(p_bar * (1 - p_bar) / n) for n in _positive(sizes))
    return Chart(
        "p",
        tuple(d / n for d, n in zip(defectives, sizes, strict=True)),
        Limits(
            p_bar,
            tuple(min(1.0, p_bar + 3 * s) for s in sigmas),
            tuple(max(0.0, p_bar - 3 * s) for s in sigmas),
            sigmas,
        ),
    )


def np_chart(
    defectives: Sequence[float], size: float, baseline: tuple[int, int] | None = None
) -> Chart:
    """np chart (constant n): n·p̄ ± 3·√(n·p̄(1−p̄)), LCL clipped at 0."""
    if size <= 0:
        raise ValueError("The subgroup size must be positive")
    window = _baseline(len(defectives), baseline)
    p_bar = statistics.fmean(defectives[window]) / size
    sigma = math.sqrt(size * p_bar * (1 - p_bar))
    return Chart("np", tuple(defectives), _fixed(len(defectives), size * p_bar, 3 * sigma, sigma))


def c_chart(counts: Sequence[float], baseline: tuple[int, int] | None = None) -> Chart:
    """c chart (defects per constant unit): c̄ ± 3·√c̄, LCL clipped at 0."""
    window = _baseline(len(counts), baseline)
    c_bar = statistics.fmean(counts[window])
    sigma = math.sqrt(c_bar)
    return Chart("c", tuple(counts), _fixed(len(counts), c_bar, 3 * sigma, sigma))


def u_chart(
    counts: Sequence[float], sizes: Sequence[float], baseline: tuple[int, int] | None = None
) -> Chart:
    """u chart (defects per unit, varying n): ū ± 3·√(ū/nᵢ), LCL clipped at 0."""
    _same_length(counts, sizes)
    u_bar = _proportion(counts, sizes, _baseline(len(sizes), baseline))
    sigmas = tuple(math.sqrt(u_bar / n) for n in _positive(sizes))
    return Chart(
        "u",
        tuple(c / n for c, n in zip(counts, sizes, strict=True)),
        Limits(
            u_bar,
            tuple(u_bar + 3 * s for s in sigmas),
            tuple(max(0.0, u_bar - 3 * s) for s in sigmas),
            sigmas,
        ),
    )


def _same_length(a: Sequence[float], b: Sequence[float]) -> None:
    if len(a) != len(b) or not a:
        raise ValueError("Counts and sizes must be two non-empty series of the same length")


def _positive(sizes: Sequence[float]) -> Sequence[float]:
    if any(n <= 0 for n in sizes):
        raise ValueError("Every subgroup size must be positive")
    return sizes


# --- Run rules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    """A broken run rule: its code ("we1", "nelson3"...) and the points (0-based) it covers."""

    rule: str
    points: tuple[int, ...]

    @property
    def last(self) -> int:
        return self.points[-1]


RULES = ("we1", "we2", "we3", "we4", "nelson2", "nelson3", "nelson4", "nelson7", "nelson8")


def z_scores(points: Sequence[float], limits: Limits) -> list[float]:
    """How many sigmas each point lies from the centre line (±inf when sigma is 0)."""
    scores = []
    for value, sigma in zip(points, limits.sigma, strict=True):
        gap = value - limits.centre
        if sigma > 0:
            scores.append(gap / sigma)
        else:
            scores.append(0.0 if gap == 0 else math.copysign(math.inf, gap))
    return scores


def rule_violations(points: Sequence[float], limits: Limits) -> list[Violation]:
    """Every Western Electric rule (1-4) and Nelson rule 2, 3, 4, 7, 8 broken by the series,
    in the order of the point that completes each pattern."""
    z = z_scores(points, limits)
    found = [
        *_beyond(z),
        *_k_of_m(z, 2, 3, 2.0, "we2"),
        *_k_of_m(z, 4, 5, 1.0, "we3"),
        *_runs(z, lambda a: (a > 0) - (a < 0), 8, "we4"),
        *_runs(z, lambda a: (a > 0) - (a < 0), 9, "nelson2"),
        *_trends(points, 6),
        *_alternations(points, 14),
        *_runs(z, lambda a: 1 if abs(a) < 1 else 0, 15, "nelson7"),
        *_runs(z, lambda a: 1 if abs(a) > 1 else 0, 8, "nelson8"),
    ]
    return sorted(found, key=lambda v: (v.last, RULES.index(v.rule)))


def _beyond(z: Sequence[float]) -> list[Violation]:
    """Rule 1: one point beyond 3 sigma."""
    return [Violation("we1", (i,)) for i, score in enumerate(z) if abs(score) > 3]


def _k_of_m(z: Sequence[float], k: int, m: int, bound: float, rule: str) -> list[Violation]:
    """k of m consecutive points beyond `bound` sigma on one side, flagged on the last point
    of the window when that point is itself one of them."""
    found = []
    for end in range(m - 1, len(z)):
        for side in (1, -1):
            window = range(end - m + 1, end + 1)
            beyond = tuple(i for i in window if side * z[i] > bound)
            if len(beyond) >= k and beyond[-1] == end:
                found.append(Violation(rule, beyond))
    return found


def _runs(z: Sequence[float], key, length: int, rule: str) -> list[Violation]:
    """Maximal runs of at least `length` consecutive points with the same non-zero key."""
    found, start = [], 0
    for i in range(1, len(z) + 1):
        if i == len(z) or key(z[i]) != key(z[start]):
            if key(z[start]) and i - start >= length:
                found.append(Violation(rule, tuple(range(start, i))))
            start = i
    return found


def _trends(points: Sequence[float], length: int) -> list[Violation]:
    """Nelson 3: `length` points in a row steadily increasing or decreasing."""
    steps = [(b > a) - (b < a) for a, b in itertools.pairwise(points)]
    found, start = [], 0
    for i in range(1, len(steps) + 1):
        if i == len(steps) or steps[i] != steps[start]:
            if steps and steps[start] and i - start + 1 >= length:
                found.append(Violation("nelson3", tuple(range(start, i + 1))))
            start = i
    return found


def _alternations(points: Sequence[float], length: int) -> list[Violation]:
    """Nelson 4: `length` points in a row alternating up and down."""
    steps = [(b > a) - (b < a) for a, b in itertools.pairwise(points)]
    found, start = [], 0
    for i in range(1, len(steps) + 1):
        alternates = i < len(steps) and steps[i] != 0 and steps[i] == -steps[i - 1]
        if not alternates:
            if steps and steps[start] and i - start + 1 >= length:
                found.append(Violation("nelson4", tuple(range(start, i + 1))))
            start = i
    return found


# --- Capability -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Capability:
    """Capability indices; a two-sided index is None when a specification limit is missing."""

    mean: float
    sigma_within: float
    sigma_overall: float
    cp: float | None
    cpk: float | None
    pp: float | None
    ppk: float | None


def capability(
    values: Sequence[float], lsl: float | None, usl: float | None, sigma_within: float
) -> Capability:
    """Cp, Cpk (σ within) and Pp, Ppk (sample standard deviation, n − 1), DOMAIN.md 9.8.
    With one limit only, Cpk and Ppk are the one-sided Cpu/Cpl and Ppu/Ppl."""
    if lsl is None and usl is None:
        raise ValueError("Capability needs at least one specification limit")
    if lsl is not None and usl is not None and usl <= lsl:
        raise ValueError("The upper specification limit must be above the lower one")
    if len(values) < 2:
        raise ValueError("Capability needs at least two values")
    mean = statistics.fmean(values)
    overall = statistics.stdev(values)
    return Capability(
        mean,
        sigma_within,
        overall,
        _potential(lsl, usl, sigma_within),
        _performance(mean, lsl, usl, sigma_within),
        _potential(lsl, usl, overall),
        _performance(mean, lsl, usl, overall),
    )


def _potential(lsl: float | None, usl: float | None, sigma: float) -> float | None:
    if lsl is None or usl is None or sigma <= 0:
        return None
    return (usl - lsl) / (6 * sigma)


def _performance(mean: float, lsl: float | None, usl: float | None, sigma: float) -> float | None:
    if sigma <= 0:
        return None
    sides = [
        x
        for x in (
            (usl - mean) if usl is not None else None,
            (mean - lsl) if lsl is not None else None,
        )
        if x is not None
    ]
    return min(sides) / (3 * sigma)


# --- Pareto ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParetoRow:
    """A category of a Pareto chart: its value, share and cumulative share (0-100) and class
    A (the vital few), B or C."""

    label: str
    value: float
    share: float
    cumulative: float
    klass: str


def pareto(
    values: Mapping[str, float], a: float = 80.0, b: float = 95.0, include_crossing: bool = True
) -> list[ParetoRow]:
    """Categories by decreasing value (ties by label); class A until the cumulative share
    reaches `a` %, B until `b` %, C after. With `include_crossing` the category that crosses
    a threshold belongs to the class below it (the usual convention, DOMAIN.md 9.6)."""
    items = sorted(((k, v) for k, v in values.items() if v > 0), key=lambda kv: (-kv[1], kv[0]))
    total = sum(v for _, v in items)
    rows, running = [], 0.0
    for label, value in items:
        before = running
        running += value
        cumulative = 100.0 if label == items[-1][0] else 100.0 * running / total
        klass = _pareto_class(100.0 * before / total, cumulative, a, b, include_crossing)
        rows.append(ParetoRow(label, value, 100.0 * value / total, cumulative, klass))
    return rows


def _pareto_class(before: float, cumulative: float, a: float, b: float, crossing: bool) -> str:
    """With `crossing` a class holds the category that crosses its threshold; without, it
    stops at the last category whose cumulative share stays within the threshold."""
    if crossing:
        return "A" if before < a else "B" if before < b else "C"
    return "A" if cumulative <= a else "B" if cumulative <= b else "C"


def vital_few(rows: Sequence[ParetoRow]) -> list[str]:
    """The labels of class A."""
    return [row.label for row in rows if row.klass == "A"]


# --- Target status --------------------------------------------------------------------------


def worst_status(statuses: Iterable[str]) -> str:
    """The health of an objective: the worst of its indicators' statuses (off target, then
    in the alert zone, then on target); no target when none has one."""
    found = set(statuses)
    order = [OFF_TARGET, ALERT, ON_TARGET]
    return next((s for s in order if s in found), NO_TARGET)


def target_status(
    value: float | None, target: float | None, alert: float | None, direction: str = HIGHER
) -> str:
    """Where a value stands: on target, in the alert zone (between the alert threshold and the
    target) or off target, for an indicator where higher (or lower) is better."""
    if value is None or target is None:
        return NO_TARGET
    sign = 1 if direction == HIGHER else -1
    if sign * (value - target) >= 0:
        return ON_TARGET
    if alert is not None and sign * (value - alert) >= 0:
        return ALERT
    return OFF_TARGET


def sparkline(values: Sequence[float], width: float, height: float, pad: float = 2.0) -> str:
    """The `points` of an SVG polyline drawing `values` left to right in a `width` x `height`
    box (a flat line at mid-height when every value is equal; "" below two values)."""
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = high - low
    step = (width - 2 * pad) / (len(values) - 1)
    inner = height - 2 * pad
    points = []
    for i, value in enumerate(values):
        y = pad + inner / 2 if span == 0 else pad + inner * (high - value) / span
        points.append(f"{pad + i * step:.1f},{y:.1f}")
    return " ".join(points)


def trend(values: Sequence[float], direction: str = HIGHER) -> tuple[str, bool | None]:
    """The way the last value moved from the one before ("up", "down" or "flat") and whether
    that is an improvement for an indicator where higher (or lower) is better (None: flat or
    fewer than two values)."""
    if len(values) < 2 or values[-1] == values[-2]:
        return "flat", None
    way = "up" if values[-1] > values[-2] else "down"
    return way, (way == "up") == (direction == HIGHER)
