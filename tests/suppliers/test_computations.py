"""The figures of the supplier evaluation, exactly, with their edges."""

import datetime as dt

import pytest

from amelio.suppliers import computations as c

D = dt.date


@pytest.mark.parametrize(
    ("value", "best", "worst", "expected"),
    [
        (98, 98, 80, 100.0),  # on "value scoring 100"
        (80, 98, 80, 0.0),  # on "value scoring 0"
        (89, 98, 80, 50.0),
        (100, 98, 80, 100.0),  # better than best: clamped
        (50, 98, 80, 0.0),  # worse than worst: clamped
        (0, 0, 5000, 100.0),  # PPM: lower is better
        (1250, 0, 5000, 75.0),
        (5000, 0, 5000, 0.0),
        (12000, 0, 5000, 0.0),
        (3, 3, 3, 100.0),  # a step
        (4, 3, 3, 0.0),
        (None, 98, 80, None),
    ],
)
def test_linear_score(value, best, worst, expected):
    assert c.linear_score(value, best, worst) == expected


def test_weighted_total():
    assert c.weighted_total([(100, 40), (50, 30), (0, 30)]) == 55.0
    # A criterion without a value is left out, the others scaled up to 100 %.
    assert c.weighted_total([(100, 40), (None, 30), (40, 30)]) == pytest.approx(520 / 7)
    assert c.weighted_total([(None, 50), (None, 50)]) is None
    assert c.weighted_total([]) is None
    assert c.weighted_total([(80, 0)]) is None


@pytest.mark.parametrize(
    ("score", "expected"),
    [(100, "A"), (80, "A"), (79.99, "B"), (60, "B"), (59.9, "C"), (0, "C"), (None, "")],
)
def test_class_at_the_thresholds(score, expected):
    assert c.evaluation_class(score, 80, 60) == expected


def test_ppm():
    assert c.ppm(3, 12_000) == 250.0
    assert c.ppm(0, 500) == 0.0
    assert c.ppm(5, 0) is None


def test_on_time_with_tolerance():
    assert c.on_time(D(2026, 3, 10), D(2026, 3, 10)) is True
    assert c.on_time(D(2026, 3, 10), D(2026, 3, 11)) is False
    assert c.on_time(D(2026, 3, 10), D(2026, 3, 12), tolerance_days=2) is True
    assert c.on_time(D(2026, 3, 10), D(2026, 3, 13), tolerance_days=2) is False
    assert c.on_time(D(2026, 3, 10), None) is None


def test_otd():
    rows = [
        (D(2026, 1, 10), D(2026, 1, 9)),
        (D(2026, 1, 20), D(2026, 1, 20)),
        (D(2026, 2, 1), D(2026, 2, 3)),
        (D(2026, 2, 5), None),  # not received: not judged
    ]
    assert c.otd(rows) == pytest.approx(200 / 3)
    assert c.otd(rows, tolerance_days=2) == 100.0
    assert c.otd([]) is None
    assert c.otd([(D(2026, 2, 5), None)]) is None


def test_mean_days():
    pairs = [(D(2026, 1, 1), D(2026, 1, 4)), (D(2026, 1, 1), D(2026, 1, 1)), (D(2026, 1, 2), None)]
    assert c.mean_days(pairs) == 1.5
    assert c.mean_days([]) is None
    assert c.mean_days([(D(2026, 1, 2), None)]) is None


def test_trend():
    assert c.trend(70, 60) == "up"
    assert c.trend(60, 70) == "down"
    assert c.trend(60, 60) == "flat"
    assert c.trend(61, 60, margin=1) == "flat"
    assert c.trend(60, None) == ""
    assert c.trend(None, 60) == ""


def test_add_months():
    assert c.add_months(D(2026, 6, 30), 6) == D(2026, 12, 30)
    assert c.add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert c.add_months(D(2026, 12, 31), 3) == D(2027, 3, 31)
    assert c.add_months(D(2027, 11, 30), 3) == D(2028, 2, 29)
    assert c.weights_total([40, 30, 30]) == 100
