"""Pure computations of the journey map and of the complaints pages (no Django import):
the experience curve over the stages, complaints counted per year and per month."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence


def mean_rating(ratings: Iterable[int | None]) -> float | None:
    """The mean of the given ratings, one decimal; None when none is given."""
    given = [r for r in ratings if r is not None]
    if not given:
        return None
    return round(sum(given) / len(given), 1)


def experience_curve(stages: Sequence[Sequence[int | None]]) -> list[float | None]:
    """For each stage (the ratings of its touchpoints), the mean felt experience; a stage
    with no rated touchpoint is a gap (None), not a zero."""
    return [mean_rating(ratings) for ratings in stages]


def per_year(dates: Iterable[dt.date]) -> list[tuple[int, int]]:
    """(year, count) from the oldest year to the newest, years without any included."""
    counts = Counter(d.year for d in dates)
    if not counts:
        return []
    return [(year, counts[year]) for year in range(min(counts), max(counts) + 1)]


def last_months(today: dt.date, count: int = 12) -> list[dt.date]:
    """The first days of the `count` months ending with the month of `today`, oldest first."""
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def per_month(dates: Iterable[dt.date], months: Sequence[dt.date]) -> list[int]:
    """How many dates fall in each month of `months` (first days); others are left out."""
    counts = Counter(dt.date(d.year, d.month, 1) for d in dates)
    return [counts[m] for m in months]
