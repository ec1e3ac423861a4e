"""NPS, CSAT and CES as pure functions, checked against DOMAIN §10 and by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amelio.customers import metrics


def test_nps_of_the_domain_example():
    """50 % promoters, 10 % detractors (and 40 % passives) -> NPS 40."""
    scores = [10] * 3 + [9] * 2 + [8] * 2 + [7] * 2 + [3]
    result = metrics.nps(scores)
    assert result is not None
    assert (result.promoters, result.passives, result.detractors) == (5, 4, 1)
    assert result.value == 40
    assert result.exact == 40.0
    assert result.share("promoter") == 50.0


def test_nps_categories_at_their_boundaries():
    assert [metrics.nps_category(s) for s in (0, 6, 7, 8, 9, 10)] == [
        "detractor",
        "detractor",
        "passive",
        "passive",
        "promoter",
        "promoter",
    ]
    assert [metrics.nps_points(s) for s in (6, 7, 9)] == [-100, 0, 100]
    with pytest.raises(ValueError):
        metrics.nps_category(11)


def test_nps_rounds_halves_away_from_zero():
    # 3 promoters, 3 passives, 2 detractors out of 8: 12.5 -> 13; the mirror -> -13.
    assert metrics.nps([9, 9, 9, 7, 7, 7, 0, 0]).value == 13  # type: ignore[union-attr]
    assert metrics.nps([0, 0, 0, 7, 7, 7, 9, 9]).value == -13  # type: ignore[union-attr]
    assert metrics.nps([10]).value == 100  # type: ignore[union-attr]
    assert metrics.nps([0, 1]).value == -100  # type: ignore[union-attr]


def test_empty_answers_give_none_never_zero():
    assert metrics.nps([]) is None
    assert metrics.csat([]) is None
    assert metrics.ces([]) is None
    assert metrics.response_rate(0, 0) is None


def test_csat_is_the_share_of_four_and_five():
    assert metrics.csat([5, 4, 3, 2]) == 50.0
    assert metrics.csat([5, 5, 4, 4, 1]) == 80.0
    assert [metrics.csat_points(s) for s in (1, 3, 4, 5)] == [0, 0, 100, 100]
    with pytest.raises(ValueError):
        metrics.csat_points(0)


def test_ces_is_the_mean():
    assert metrics.ces([7, 6, 5, 2]) == 5.0


def test_distribution_lists_every_option_in_order():
    assert metrics.distribution([5, 5, 3, 9], range(1, 6)) == [
        (1, 0),
        (2, 0),
        (3, 1),
        (4, 0),
        (5, 2),
    ]


def test_response_rate():
    assert metrics.response_rate(3, 12) == 25.0


@given(st.lists(st.integers(min_value=0, max_value=10), min_size=1))
def test_nps_is_the_mean_of_the_points_and_stays_on_its_scale(scores):
    result = metrics.nps(scores)
    assert result is not None
    assert -100 <= result.value <= 100
    mean = sum(metrics.nps_points(s) for s in scores) / len(scores)
    assert result.exact == pytest.approx(mean)
    assert result.count == len(scores)
