"""Control limits, run rules, capability, Pareto and target status, checked against values
computed by hand from the formulas of DOMAIN.md 9.6-9.8 and the constants file."""

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amelio.indicators.computations import (
    ALERT,
    HIGHER,
    LOWER,
    NO_TARGET,
    OFF_TARGET,
    ON_TARGET,
    Limits,
    Violation,
    c_chart,
    capability,
    individuals_chart,
    load_constants,
    np_chart,
    p_chart,
    pareto,
    rule_violations,
    target_status,
    u_chart,
    vital_few,
    xbar_r_chart,
)

approx = pytest.approx


def test_constants_come_from_the_reference_file():
    table = load_constants()
    assert sorted(table) == list(range(2, 11))
    assert (table[2].d2, table[2].D4, table[5].A2, table[7].D3) == (1.128, 3.267, 0.577, 0.076)


def test_individuals_chart_limits():
    chart = individuals_chart([10, 12, 11, 13, 12])
    # MR = 2, 1, 2, 1 -> MR̄ = 1.5; σ = 1.5 / 1.128; x̄ = 11.6
    sigma = 1.5 / 1.128
    assert chart.limits.centre == approx(11.6)
    assert chart.limits.ucl[0] == approx(11.6 + 3 * sigma) == approx(15.589362, abs=1e-6)
    assert chart.limits.lcl[0] == approx(7.610638, abs=1e-6)
    assert chart.secondary.points == (2, 1, 2, 1)
    assert chart.secondary.limits.centre == 1.5
    assert chart.secondary.limits.ucl[0] == approx(4.9005)
    assert chart.secondary.limits.lcl[0] == 0


def test_individuals_chart_baseline_only_sets_the_limits():
    chart = individuals_chart([10, 12, 11, 13, 40, 50], baseline=(0, 4))
    assert chart.limits.centre == 11.5
    assert chart.secondary.limits.centre == approx(5 / 3)
    assert len(chart.limits.ucl) == 6


def test_xbar_r_chart_limits():
    chart = xbar_r_chart([[1, 2, 3, 4, 5], [2, 3, 4, 5, 6]])
    # X̿ = 3.5, R̄ = 4, n = 5: A2 = 0.577, D3 = 0, D4 = 2.114
    assert chart.points == (3, 4)
    assert chart.limits.centre == 3.5
    assert chart.limits.ucl[0] == approx(5.808)
    assert chart.limits.lcl[0] == approx(1.192)
    assert chart.secondary.limits.ucl[0] == approx(8.456)
    assert chart.secondary.limits.lcl[0] == 0


def test_xbar_r_chart_refuses_mixed_sizes():
    with pytest.raises(ValueError):
        xbar_r_chart([[1, 2], [1, 2, 3]])


def test_p_chart_limits_per_point_and_lcl_clipped():
    chart = p_chart([2, 4, 3], [100, 100, 50])
    p_bar = 9 / 250
    assert chart.limits.centre == approx(0.036)
    assert chart.limits.ucl[0] == approx(p_bar + 3 * math.sqrt(p_bar * (1 - p_bar) / 100))
    assert chart.limits.ucl[2] == approx(0.115036, abs=1e-6)
    assert chart.limits.lcl == (0.0, 0.0, 0.0)
    assert chart.points == (0.02, 0.04, 0.06)


def test_np_c_and_u_chart_limits():
    np_ = np_chart([2, 4, 3], 100)
    assert np_.limits.centre == approx(3)
    assert np_.limits.ucl[0] == approx(8.117617, abs=1e-6)
    assert np_.limits.lcl[0] == 0
    c = c_chart([4, 9, 5])
    assert c.limits.centre == 6
    assert c.limits.ucl[0] == approx(13.348469, abs=1e-6)
    assert c.limits.lcl[0] == 0
    u = u_chart([10, 20], [5, 10])
    assert u.limits.centre == 2
    assert u.limits.ucl[0] == approx(3.897367, abs=1e-6)
    assert u.limits.lcl[0] == approx(0.102633, abs=1e-6)
    assert u.limits.ucl[1] == approx(2 + 3 * math.sqrt(0.2))


def _rules(points):
    n = len(points)
    return rule_violations(points, Limits(0.0, (3.0,) * n, (-3.0,) * n, (1.0,) * n))


def test_rule_1_one_point_beyond_three_sigma():
    assert _rules([0, 0, 3.5, 0, -3.2]) == [Violation("we1", (2,)), Violation("we1", (4,))]


def test_rule_2_two_of_three_beyond_two_sigma():
    assert _rules([0, 2.5, 0, 2.5]) == [Violation("we2", (1, 3))]
    assert _rules([0, 2.5, 0, -2.5]) == []


def test_rule_3_four_of_five_beyond_one_sigma():
    assert _rules([-1.5, -1.5, 0.2, -1.5, -1.5]) == [Violation("we3", (0, 1, 3, 4))]


def test_rule_4_eight_on_one_side_and_nelson_2_nine():
    assert _rules([0.5] * 8) == [Violation("we4", tuple(range(8)))]
    assert _rules([-0.5] * 9) == [
        Violation("we4", tuple(range(9))),
        Violation("nelson2", tuple(range(9))),
    ]


def test_nelson_trend_of_six_points():
    assert _rules([0, -0.5, -0.4, -0.3, -0.2, -0.1, 0.0]) == [
        Violation("nelson3", (1, 2, 3, 4, 5, 6))
    ]
    assert _rules([0, 0.1, 0.2, 0.3, 0.4]) == []


def test_nelson_fourteen_points_alternating():
    assert _rules([0.1, -0.1] * 7) == [Violation("nelson4", tuple(range(14)))]
    assert _rules([0.1, -0.1] * 6 + [0.1]) == []


def test_nelson_stratification_and_mixture():
    hugging = [0.1, -0.1, 0.2, -0.2, 0.1, 0.1, -0.1, 0.3, -0.3, 0.2, 0.2, -0.2, 0.1, 0.0, 0.1]
    assert Violation("nelson7", tuple(range(15))) in _rules(hugging)
    mixture = [1.5, -1.5, 1.5, -1.5, 1.5, -1.5, 1.5, -1.5]
    assert Violation("nelson8", tuple(range(8))) in _rules(mixture)


def test_rules_on_a_real_chart_flag_the_drift():
    values = [10, 11, 10, 9, 10, 11, 10, 9, 10, 11, 13, 14, 15, 16, 17, 30]
    chart = individuals_chart(values, baseline=(0, 10))
    rules = {v.rule for v in rule_violations(chart.points, chart.limits)}
    assert {"we1", "nelson3"} <= rules


def test_capability_two_sided():
    cap = capability([9, 10, 11, 10], lsl=7, usl=13, sigma_within=1.0)
    assert (cap.mean, cap.cp, cap.cpk) == (10, 1, 1)
    assert cap.sigma_overall == approx(math.sqrt(2 / 3))
    assert cap.pp == approx(1.224745, abs=1e-6)
    assert cap.ppk == approx(1.224745, abs=1e-6)


def test_capability_off_centre_and_one_sided():
    cap = capability([11, 12, 13, 12], lsl=7, usl=13, sigma_within=0.5)
    assert cap.cp == 2
    assert cap.cpk == approx(1 / 1.5)
    one = capability([11, 12, 13, 12], lsl=None, usl=15, sigma_within=0.5)
    assert one.cp is None and one.pp is None
    assert one.cpk == 2


def test_capability_refuses_inverted_limits():
    with pytest.raises(ValueError):
        capability([1, 2], lsl=5, usl=4, sigma_within=1)


def test_pareto_classes_and_vital_few():
    rows = pareto({"burr": 5, "scratch": 30, "dent": 50, "size": 10, "colour": 5})
    assert [(r.label, r.cumulative, r.klass) for r in rows] == [
        ("dent", 50, "A"),
        ("scratch", 80, "A"),
        ("size", 90, "B"),
        ("burr", 95, "B"),
        ("colour", 100, "C"),
    ]
    assert vital_few(rows) == ["dent", "scratch"]
    assert rows[0].share == 50


def test_pareto_crossing_category_convention():
    values = {"a": 60, "b": 25, "c": 15}
    assert vital_few(pareto(values)) == ["a", "b"]
    assert vital_few(pareto(values, include_crossing=False)) == ["a"]


@pytest.mark.parametrize(
    ("value", "direction", "expected"),
    [
        (96, HIGHER, ON_TARGET),
        (95, HIGHER, ON_TARGET),
        (92, HIGHER, ALERT),
        (89, HIGHER, OFF_TARGET),
        (2, LOWER, ON_TARGET),
        (4, LOWER, ALERT),
        (6, LOWER, OFF_TARGET),
        (None, HIGHER, NO_TARGET),
    ],
)
def test_target_status(value, direction, expected):
    target, alert = (95, 90) if direction == HIGHER else (3, 5)
    assert target_status(value, target, alert, direction) == expected


def test_target_status_without_alert_threshold():
    assert target_status(94, 95, None, HIGHER) == OFF_TARGET
    assert target_status(5, None, None, HIGHER) == NO_TARGET


values = st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=60)


@given(values)
def test_individuals_limits_are_ordered(series):
    chart = individuals_chart(series)
    assert chart.limits.ucl[0] >= chart.limits.centre >= chart.limits.lcl[0]
    assert chart.secondary.limits.ucl[0] >= chart.secondary.limits.centre >= 0


@given(
    st.lists(st.tuples(st.integers(0, 50), st.integers(1, 500)), min_size=1, max_size=40).filter(
        lambda rows: all(d <= n for d, n in rows)
    )
)
def test_p_chart_limits_stay_within_zero_and_one(rows):
    chart = p_chart([d for d, _ in rows], [n for _, n in rows])
    for ucl, lcl in zip(chart.limits.ucl, chart.limits.lcl, strict=True):
        assert 1 >= ucl >= chart.limits.centre >= lcl >= 0


@given(st.dictionaries(st.text(min_size=1, max_size=5), st.integers(1, 1000), min_size=1))
def test_pareto_cumulative_ends_at_100_and_rises(counts):
    rows = pareto(counts)
    assert rows[-1].cumulative == 100
    assert all(a.cumulative <= b.cumulative for a, b in itertools.pairwise(rows))
    assert rows[0].klass == "A"


@given(
    st.lists(st.floats(0, 100, allow_nan=False), min_size=2, max_size=30),
    st.floats(0.01, 50),
)
def test_cpk_never_exceeds_cp(series, sigma):
    cap = capability(series, lsl=-10, usl=110, sigma_within=sigma)
    assert cap.cpk <= cap.cp + 1e-9
    if cap.pp is not None:
        assert cap.ppk <= cap.pp + 1e-9


@given(st.lists(st.floats(-10, 10, allow_nan=False), max_size=40))
def test_every_violation_names_a_rule_and_points_in_the_series(series):
    n = len(series)
    found = rule_violations(series, Limits(0.0, (3.0,) * n, (-3.0,) * n, (1.0,) * n))
    for violation in found:
        assert violation.rule.startswith(("we", "nelson"))
        assert all(0 <= i < n for i in violation.points)
