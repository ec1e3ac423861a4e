"""The control plan's pure functions: conformity at the limits, the next due date from the
last record and the frequency, the due state and the reminder days."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amelio.riskanalysis import computations_control as calc

LSL, USL = D("25.000"), D("25.021")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("24.9999"), False),
        (D("25.000"), True),  # on the lower limit: conform
        (D("25.0105"), True),
        (D("25.021"), True),  # on the upper limit: conform
        (D("25.0211"), False),
    ],
)
def test_a_value_conforms_up_to_and_including_its_limits(value, expected):
    assert calc.conforms(value, LSL, USL) is expected


def test_a_one_sided_specification_has_no_other_limit():
    assert calc.conforms(D("1.6"), None, D("1.6")) is True
    assert calc.conforms(D("1.61"), None, D("1.6")) is False
    assert calc.conforms(D("-40"), None, D("1.6")) is True
    assert calc.conforms(D("58"), D("58"), None) is True
    assert calc.conforms(D("57.9"), D("58"), None) is False


def test_limits_are_written_without_trailing_zeros_and_give_the_decimals():
    assert calc.plain(D("25.0210")) == "25.021"
    assert calc.plain(D("25.0000")) == "25"
    assert calc.plain(None) == ""
    assert calc.decimals_of(D("25.0000"), D("25.0210"), None) == 3
    assert calc.decimals_of(None, None) == 1


FIRST = dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("last", "unit", "every", "expected"),
    [
        (None, calc.MONTH, 1, FIRST),  # never recorded: due from the day it was added
        (dt.date(2026, 6, 15), calc.DAY, 1, dt.date(2026, 6, 16)),
        (dt.date(2026, 6, 15), calc.DAY, 3, dt.date(2026, 6, 18)),
        (dt.date(2026, 6, 15), calc.WEEK, 2, dt.date(2026, 6, 29)),
        (dt.date(2026, 6, 15), calc.MONTH, 1, dt.date(2026, 7, 15)),
        (dt.date(2026, 1, 31), calc.MONTH, 1, dt.date(2026, 2, 28)),  # shorter month
        (dt.date(2027, 12, 31), calc.MONTH, 2, dt.date(2028, 2, 29)),  # leap year
        (dt.date(2026, 11, 30), calc.MONTH, 3, dt.date(2027, 2, 28)),
        (dt.date(2026, 6, 15), calc.SHIFT, 1, dt.date(2026, 6, 16)),  # per shift: daily
        (dt.date(2026, 6, 15), calc.DAY, 0, dt.date(2026, 6, 16)),  # 0 read as 1
    ],
)
def test_the_next_due_date_from_the_last_record_and_the_frequency(last, unit, every, expected):
    assert calc.next_due(last, unit, every, FIRST) == expected


@given(st.dates(), st.integers(min_value=1, max_value=36))
def test_a_monthly_control_is_due_in_the_month_it_is_counted_to(day, months):
    due = calc.add_months(day, months)
    assert (due.year * 12 + due.month) - (day.year * 12 + day.month) == months
    assert due.day <= day.day


TODAY = dt.date(2026, 6, 15)


def test_the_due_state_on_a_given_day():
    assert calc.due_state(None, TODAY) == calc.OK
    assert calc.due_state(dt.date(2026, 6, 16), TODAY) == calc.OK
    assert calc.due_state(TODAY, TODAY) == calc.DUE
    assert calc.due_state(dt.date(2026, 6, 14), TODAY) == calc.OVERDUE


def test_a_control_is_reminded_on_its_due_day_then_every_n_days_while_overdue():
    days = [d for d in range(-3, 22) if calc.reminder_day(TODAY, TODAY + dt.timedelta(d), 7)]
    assert days == [0, 7, 14, 21]
