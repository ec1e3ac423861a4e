"""The figures of the supplier evaluation (pure functions, no Django; DOMAIN §11).

Each computed criterion turns the supplier's records into a raw value (PPM, count of
nonconformities, on-time delivery %, mean response days), then a linear scale maps that value
to a 0–100 score; the evaluation's total is the weighted mean of the scores and its class
follows the scheme's thresholds. A value that cannot be computed (no deliveries in the
period) is None, never a fake 0 or 100.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

PPM_FACTOR = 1_000_000


def linear_score(value: float | None, best: float, worst: float) -> float | None:
    """The 0–100 score of `value` on a line through (best → 100) and (worst → 0), clamped.

    `best` may be above `worst` (OTD: 98 % → 100, 80 % → 0) or below it (PPM: 0 → 100,
    5,000 → 0). A value exactly on `best` scores 100, on `worst` 0. None stays None.
    """
    if value is None:
        return None
    if best == worst:
        # A step: at least as good as `best` scores 100, anything worse 0.
        return 100.0 if value == best else 0.0
    score = 100 * (value - worst) / (best - worst)
    return max(0.0, min(100.0, score))


def weighted_total(lines: Iterable[tuple[float | None, float]]) -> float | None:
    """The weighted mean of (score, weight) pairs, on 100.

    Criteria without a score (no deliveries in the period) are left out and the weights of
    the others scaled up to 100 %, so a missing figure neither drags the total down nor lifts
    it. None when no criterion has a score or the weights left sum to 0.
    """
    scored = [(score, weight) for score, weight in lines if score is not None]
    total_weight = sum(weight for _score, weight in scored)
    if not scored or total_weight <= 0:
        return None
    return sum(score * weight for score, weight in scored) / total_weight


def evaluation_class(score: float | None, a_min: float, b_min: float) -> str:
    """ "A" at or above `a_min`, "B" at or above `b_min`, else "C"; "" without a score."""
    if score is None:
        return ""
    if score >= a_min:
        return "A"
    if score >= b_min:
        return "B"
    return "C"


def weights_total(weights: Iterable[float]) -> float:
    """The sum of the criteria's weights (a scheme is usable when it is exactly 100)."""
    return sum(weights)


def ppm(nonconforming: int, received: int) -> float | None:
    """Nonconforming parts per million parts received; None when nothing was received."""
    if received <= 0:
        return None
    return nonconforming * PPM_FACTOR / received


def on_time(due: dt.date, received: dt.date | None, tolerance_days: int = 0) -> bool | None:
    """Whether a delivery came on or before its due date plus the tolerance; None while it
    has not been received."""
    if received is None:
        return None
    return received <= due + dt.timedelta(days=tolerance_days)


def otd(
    deliveries: Sequence[tuple[dt.date, dt.date | None]], tolerance_days: int = 0
) -> float | None:
    """On-time delivery: % of the received deliveries (due, received) that were on time;
    None when none was received."""
    judged = [on_time(due, received, tolerance_days) for due, received in deliveries]
    received = [flag for flag in judged if flag is not None]
    if not received:
        return None
    return 100 * sum(1 for flag in received if flag) / len(received)


def mean_days(pairs: Iterable[tuple[dt.date, dt.date | None]]) -> float | None:
    """The mean number of days from each start to its end (detection → first response);
    pairs without an end are left out; None when no pair has one."""
    spans = [(end - start).days for start, end in pairs if end is not None]
    if not spans:
        return None
    return sum(spans) / len(spans)


def trend(current: float | None, previous: float | None, margin: float = 0.0) -> str:
    """ "up", "down" or "flat" from the previous score to this one (within `margin`: flat);
    "" when either is missing."""
    if current is None or previous is None:
        return ""
    if current > previous + margin:
        return "up"
    if current < previous - margin:
        return "down"
    return "flat"


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved `months` months on, on the last day of the month when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))
