"""The pure computations of health and safety, checked against DOMAIN.md §1.3 (exact values,
no rounding until display) and the legal rules they implement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from amelio.safety import computations as calc

REFERENCE = calc.Counts(
    hours=Decimal(250_000),
    lost_time=5,
    no_lost_time=7,
    days_lost=180,
    ip_points=Decimal(12),
    headcount=Decimal(160),
    recordable=9,
    dart=5,
)


def test_reference_case_of_domain_1_3():
    rates = calc.rates(REFERENCE)
    assert rates.tf1 == Decimal("20")
    assert rates.tf2 == Decimal("48")
    assert rates.tg == Decimal("0.72")
    assert rates.if_ == Decimal("31.25")
    assert rates.ig == Decimal("48")
    assert rates.ltifr == Decimal("20")
    assert rates.ltir == Decimal("4")
    assert rates.trir == Decimal("7.2")
    assert rates.dart == Decimal("4")


@pytest.mark.parametrize(
    ("hours", "accidents", "expected"),
    [
        (16_450, 1, "60.79"),  # 10 employees x 35 h x 47 weeks
        (246_750, 6, "24.32"),  # 150 employees x 47 weeks x 35 h
        (2_500_000, 6, "2.40"),  # LTIFR example
    ],
)
def test_public_tf1_examples(hours, accidents, expected):
    counts = calc.Counts(hours=Decimal(hours), lost_time=accidents)
    assert f"{calc.rates(counts).tf1:.2f}" == expected


def test_osha_examples_of_comar():
    one_year = calc.rates(calc.Counts(hours=Decimal(10_000), recordable=1, dart=1))
    assert one_year.dart == Decimal(20)
    assert one_year.trir == Decimal(20)
    three_years = calc.rates(calc.Counts(hours=Decimal(36_000), recordable=2, dart=1))
    assert f"{three_years.dart:.2f}" == "5.56"
    assert f"{three_years.trir:.1f}" == "11.1"
    big = calc.rates(calc.Counts(hours=Decimal(645_089), dart=22))
    assert f"{big.dart:.2f}" == "6.82"


def test_zero_hours_is_a_clear_error_not_a_crash():
    with pytest.raises(calc.NoHoursWorked):
        calc.rates(calc.Counts(hours=Decimal(0), lost_time=1))
    with pytest.raises(calc.NoHoursWorked):
        calc.per(1, 0, calc.MILLION)


def test_a_period_without_accident_has_zero_rates():
    rates = calc.rates(calc.Counts(hours=Decimal(120_000), headcount=Decimal(75)))
    assert (rates.tf1, rates.tf2, rates.tg, rates.if_, rates.ig, rates.trir) == (0, 0, 0, 0, 0, 0)


def test_if_needs_a_headcount():
    assert calc.rates(calc.Counts(hours=Decimal(1000), lost_time=1)).if_ is None
    assert calc.rates(calc.Counts(hours=Decimal(1000), headcount=Decimal(0))).if_ is None


def test_multi_year_rate_is_sum_of_cases_over_sum_of_hours():
    years = [
        calc.Counts(hours=Decimal(10_000), dart=1, recordable=1, headcount=Decimal(5)),
        calc.Counts(hours=Decimal(12_000), headcount=Decimal(6)),
        calc.Counts(hours=Decimal(14_000), recordable=1, headcount=Decimal(7)),
    ]
    total = calc.add_counts(years)
    assert total.hours == Decimal(36_000)
    assert total.headcount == Decimal(18)
    assert f"{calc.rates(total).dart:.2f}" == "5.56"
    assert calc.add_counts([*years, calc.Counts(hours=Decimal(1))]).headcount is None


def test_days_off_are_calendar_days_without_the_accident_day():
    accident = dt.date(2026, 3, 6)  # a Friday
    stops = [(dt.date(2026, 3, 6), dt.date(2026, 3, 15))]
    days = calc.days_off(
        stops, accident_day=accident, start=accident, end=dt.date(2026, 12, 31), today=accident
    )
    assert days == 9  # 7 to 15 March, weekends included


def test_extensions_and_relapses_add_up_and_overlaps_count_once():
    accident = dt.date(2026, 1, 10)
    stops = [
        (dt.date(2026, 1, 11), dt.date(2026, 1, 20)),  # initial: 10 days
        (dt.date(2026, 1, 18), dt.date(2026, 1, 31)),  # extension overlapping: +11
        (dt.date(2026, 4, 1), dt.date(2026, 4, 5)),  # relapse: +5
    ]
    days = calc.days_off(
        stops, accident_day=accident, start=accident, end=dt.date(2026, 12, 31), today=accident
    )
    assert days == 26


def test_days_off_falling_in_the_period_only_and_open_stop_runs_to_today():
    accident = dt.date(2025, 12, 20)
    stops = [(dt.date(2025, 12, 21), None)]
    in_2026 = calc.days_off(
        stops,
        accident_day=accident,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        today=dt.date(2026, 1, 10),
    )
    in_2025 = calc.days_off(
        stops,
        accident_day=accident,
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
        today=dt.date(2026, 1, 10),
    )
    assert (in_2025, in_2026) == (11, 10)


def test_easter_and_french_public_holidays():
    assert calc.easter(2026) == dt.date(2026, 4, 5)
    assert calc.easter(2027) == dt.date(2027, 3, 28)
    holidays = calc.french_holidays(2026)
    assert len(holidays) == 11
    assert {dt.date(2026, 4, 6), dt.date(2026, 5, 14), dt.date(2026, 5, 25)} <= holidays


@pytest.mark.parametrize(
    ("known", "due"),
    [
        # Wednesday 10:00 -> Friday 10:00.
        (dt.datetime(2026, 12, 2, 10), dt.datetime(2026, 12, 4, 10)),
        # Friday 15:00 -> Saturday counts, Sunday does not -> Monday 15:00.
        (dt.datetime(2026, 12, 4, 15), dt.datetime(2026, 12, 7, 15)),
        # Thursday 24 December 10:00: Christmas and the Sunday are skipped -> Monday 28.
        (dt.datetime(2026, 12, 24, 10), dt.datetime(2026, 12, 28, 10)),
        # Learnt on a Sunday: the count starts on Monday at midnight.
        (dt.datetime(2026, 12, 6, 9), dt.datetime(2026, 12, 9, 0)),
    ],
)
def test_declaration_deadline_skips_sundays_and_public_holidays(known, due):
    assert calc.declaration_deadline(known) == due


def test_prevention_programme_depends_on_headcount():
    assert calc.prevention_programme(50, 50) == "papripact"
    assert calc.prevention_programme(49, 50) == "action_list"
    assert calc.prevention_programme(None, 50) == "action_list"


def test_review_due_a_year_after_publication():
    assert calc.review_due(dt.date(2026, 3, 15), 12) == dt.date(2027, 3, 15)
    assert calc.review_due(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert calc.review_due(None, 12) is None


def test_cycle_detection():
    links = [(2, 1), (3, 2)]
    assert calc.creates_cycle(links, 1, 3)  # 1 would be an antecedent of its own antecedent
    assert calc.creates_cycle(links, 2, 2)
    assert not calc.creates_cycle(links, 3, 1)


def test_tree_layout_right_to_left_with_conjunction_and_disjunction():
    # 1 final; 2 and 3 both necessary for 1 (conjunction); 4 necessary for 2 and 3.
    layout = calc.tree_layout([1, 2, 3, 4], [(2, 1), (3, 1), (4, 2), (4, 3)])
    assert layout.columns == 3
    assert [layout.places[f].column for f in (1, 2, 3, 4)] == [0, 1, 1, 2]
    assert layout.rows == 2
    assert layout.conjunctions == frozenset({1})
    assert layout.disjunctions == frozenset({4})
    assert layout.places[1].row == 0.5  # centred against its two antecedents


def test_tree_layout_refuses_a_loop():
    with pytest.raises(calc.CycleError):
        calc.tree_layout([1, 2], [(1, 2), (2, 1)])


def test_share_by_most_frequent_first():
    labels = {"hand": "Hand", "back": "Back", "eyes": "Eyes"}
    assert calc.share_by(["hand", "back", "hand", "x"], labels) == [("Hand", 2), ("Back", 1)]
