"""The pure computations of the journey map and of the complaints pages."""

from __future__ import annotations

import datetime as dt

from amelio.customers.computations_journeys import (
    experience_curve,
    last_months,
    mean_rating,
    per_month,
    per_year,
)


def test_mean_rating_leaves_out_the_unrated():
    assert mean_rating([4, None, 3, 2]) == 3.0
    assert mean_rating([4, 3]) == 3.5
    assert mean_rating([2, 2, 3]) == 2.3
    assert mean_rating([None]) is None
    assert mean_rating([]) is None


def test_a_stage_without_a_rating_is_a_gap_not_a_zero():
    assert experience_curve([[4, 3], [], [None, 2], [5]]) == [3.5, None, 2.0, 5.0]


def test_per_year_counts_every_year_between_the_first_and_the_last():
    dates = [dt.date(2024, 3, 1), dt.date(2026, 1, 5), dt.date(2026, 11, 30)]
    assert per_year(dates) == [(2024, 1), (2025, 0), (2026, 2)]
    assert per_year([]) == []


def test_the_last_twelve_months_end_with_the_current_one():
    months = last_months(dt.date(2026, 3, 17))
    assert months[0] == dt.date(2025, 4, 1)
    assert months[-1] == dt.date(2026, 3, 1)
    assert len(months) == 12
    assert last_months(dt.date(2026, 1, 31), 2) == [dt.date(2025, 12, 1), dt.date(2026, 1, 1)]


def test_per_month_counts_only_the_months_asked():
    months = [dt.date(2026, 1, 1), dt.date(2026, 2, 1)]
    dates = [dt.date(2026, 1, 3), dt.date(2026, 1, 31), dt.date(2026, 2, 2), dt.date(2025, 12, 31)]
    assert per_month(dates, months) == [2, 1]
