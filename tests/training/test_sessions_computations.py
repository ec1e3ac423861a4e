"""The measures a session publishes and the dates of its surveys, as pure functions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from amelio.training import computations as calc

ANSWERS = st.lists(st.lists(st.integers(1, 4), min_size=4, max_size=5), max_size=30)


def test_satisfaction_is_the_mean_of_every_score():
    answers = [[4, 4, 3, 3, 4], [3, 3, 3, 2, 4]]
    assert calc.satisfaction_average(answers) == Decimal("3.30")
    assert calc.satisfaction_average([[4, 3, 3, 3, 3], [4, 4, 4, 4, 4], [2, 3, 3, 3, 3]]) == (
        Decimal("3.33")
    )
    assert calc.satisfaction_average([]) is None


def test_an_answer_is_effective_from_a_mean_of_three():
    assert calc.is_effective([3, 3, 3, 3]) is True
    assert calc.is_effective([3, 3, 3, 2]) is False
    assert calc.is_effective([4, 4, 1, 3]) is True


def test_effectiveness_rate_is_the_share_of_effective_answers():
    answers = [[4, 3, 3, 3], [2, 2, 3, 2], [3, 3, 2, 3]]
    assert calc.effectiveness_rate(answers) == Decimal("33.3")
    assert calc.effectiveness_rate([[4, 4, 4, 4], [1, 1, 1, 1]]) == Decimal("50.0")
    assert calc.effectiveness_rate([[3, 3, 3, 3]] * 2 + [[2, 2, 2, 2]]) == Decimal("66.7")
    assert calc.effectiveness_rate([]) is None


@given(ANSWERS)
def test_measures_stay_on_their_scales(answers):
    average = calc.satisfaction_average(answers)
    rate = calc.effectiveness_rate(answers)
    if answers:
        assert Decimal(1) <= average <= Decimal(4)
        assert Decimal(0) <= rate <= Decimal(100)
    else:
        assert average is None and rate is None


def test_survey_windows():
    end = dt.date(2026, 3, 10)
    assert calc.hot_window(end) == calc.Window(end, dt.date(2026, 4, 9))
    assert calc.cold_due(end, 8) == dt.date(2026, 5, 5)
    assert calc.cold_window(end, 8) == calc.Window(dt.date(2026, 5, 5), dt.date(2026, 6, 4))
    assert calc.cold_due(end, 0) is None and calc.cold_window(end, 0) is None
    window = calc.cold_window(end, 8)
    assert [window.state(dt.date(2026, 5, d)) for d in (4, 5)] == ["not_yet", "open"]
    assert [window.state(dt.date(2026, 6, d)) for d in (4, 5)] == ["open", "closed"]


def test_next_occurrence_of_a_communication():
    assert calc.next_occurrence(dt.date(2026, 1, 31), "monthly") == dt.date(2026, 2, 28)
    assert calc.next_occurrence(dt.date(2026, 11, 15), "quarterly") == dt.date(2027, 2, 15)
    assert calc.next_occurrence(dt.date(2026, 3, 2), "weekly") == dt.date(2026, 3, 9)
    assert calc.next_occurrence(dt.date(2026, 3, 2), "half_yearly") == dt.date(2026, 9, 2)
    assert calc.next_occurrence(dt.date(2024, 2, 29), "yearly") == dt.date(2025, 2, 28)
    assert calc.next_occurrence(dt.date(2026, 3, 2), "once") is None
    assert calc.next_occurrence(dt.date(2026, 3, 2), "as_needed") is None


def test_budget_against_the_sessions():
    budget = calc.Budget(Decimal(10000), Decimal("8250.50"), Decimal(6500))
    assert budget.remaining == Decimal("1749.50")
    assert budget.used_share == Decimal("0.6500")
    assert budget.over is False
    over = calc.Budget(Decimal(1000), Decimal(1200), Decimal(0))
    assert (over.remaining, over.over) == (Decimal(-200), True)
    assert calc.Budget(Decimal(0), Decimal(0), Decimal(0)).used_share is None
    assert calc.total([Decimal("1.5"), None, Decimal(2)]) == Decimal("3.5")
