"""The selection's pure functions, on worked examples."""

from decimal import Decimal as D

from amelio.suppliers.selection import (
    Placed,
    competition_ranking,
    weight_sum,
    weighted_total,
    weights_complete,
)

DEMO_WEIGHTS = {"quality": 35, "delay": 25, "price": 20, "csr": 10, "safety": 10}


def test_weights_sum_to_100():
    assert weight_sum([35, 25, 20, 10, 10]) == D(100)
    assert weights_complete([35, 25, 20, 10, 10])
    assert weight_sum([D("33.33"), D("33.33"), D("33.34")]) == D(100)


def test_weights_short_or_over_or_empty_are_incomplete():
    assert weight_sum([35, 25, 20, 10]) == D(90)
    assert not weights_complete([35, 25, 20, 10])
    assert not weights_complete([60, 50])
    assert weight_sum([]) == D(0)
    assert not weights_complete([])
    assert weight_sum([40, None, 60]) == D(100)


def test_weighted_total_out_of_100():
    scores = {"quality": 8, "delay": 7, "price": 6, "csr": 5, "safety": 9}
    # 35×8 + 25×7 + 20×6 + 10×5 + 10×9 = 280 + 175 + 120 + 50 + 90 = 715 → 71.5
    assert weighted_total(DEMO_WEIGHTS, scores) == D("71.50")


def test_weighted_total_extremes_and_halves():
    assert weighted_total(DEMO_WEIGHTS, dict.fromkeys(DEMO_WEIGHTS, 10)) == D("100.00")
    assert weighted_total(DEMO_WEIGHTS, dict.fromkeys(DEMO_WEIGHTS, 0)) == D("0.00")
    halves = {**dict.fromkeys(DEMO_WEIGHTS, 0), "quality": D("7.5")}
    assert weighted_total(DEMO_WEIGHTS, halves) == D("26.25")
    thirds = {"a": D("33.33"), "b": D("33.33"), "c": D("33.34")}
    assert weighted_total(thirds, {"a": 7, "b": 7, "c": 7}) == D("70.00")


def test_a_missing_score_gives_no_total():
    scores = {"quality": 8, "delay": 7, "price": 6, "csr": 5}
    assert weighted_total(DEMO_WEIGHTS, scores) is None
    assert weighted_total(DEMO_WEIGHTS, {**scores, "safety": None}) is None
    assert weighted_total({}, {}) is None


def test_ranking_with_a_tie_skips_the_next_place():
    ranked = competition_ranking({"A": D(70), "B": D(82), "C": D(70), "D": D(65)})
    assert ranked == [
        Placed("B", D(82), 1, False),
        Placed("A", D(70), 2, True),
        Placed("C", D(70), 2, True),
        Placed("D", D(65), 4, False),
    ]


def test_ranking_tie_at_the_top():
    ranked = competition_ranking({"A": D(80), "B": D(80), "C": D(60)})
    assert [(p.key, p.rank, p.tied) for p in ranked] == [
        ("A", 1, True),
        ("B", 1, True),
        ("C", 3, False),
    ]


def test_ranking_all_equal():
    ranked = competition_ranking({"A": D(50), "B": D(50), "C": D(50)})
    assert [(p.rank, p.tied) for p in ranked] == [(1, True), (1, True), (1, True)]


def test_ranking_empty():
    assert competition_ranking({}) == []


def test_offers_without_a_total_are_not_ranked_and_come_last():
    ranked = competition_ranking({"A": None, "B": D(40), "C": None, "D": D(90)})
    assert ranked == [
        Placed("D", D(90), 1, False),
        Placed("B", D(40), 2, False),
        Placed("A", None, None, False),
        Placed("C", None, None, False),
    ]
    assert competition_ranking({"A": None}) == [Placed("A", None, None, False)]
