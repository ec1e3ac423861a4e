"""Pure computations of the actions app: worked examples and invariants (no database)."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from amelio.actions import computations as calc
from amelio.actions.computations import ActionRow, Summary

TODAY = dt.date(2026, 6, 15)


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def example() -> list[ActionRow]:
    """Two actions done on time, one done late, one still open after its due date."""
    return [
        ActionRow("verified", due_date=day(-10), done_on=day(-12), created_on=day(-16)),
        ActionRow("done", due_date=day(-10), done_on=day(-10), created_on=day(-20)),
        ActionRow("done", due_date=day(-10), done_on=day(-1), created_on=day(-13)),
        ActionRow("in_progress", due_date=day(-1), created_on=day(-30)),
    ]


def test_worked_example():
    summary = calc.summarise(example(), TODAY)
    assert (summary.total, summary.open, summary.overdue, summary.done) == (4, 1, 1, 3)
    assert summary.on_time_rate == 2 / 3
    assert summary.effectiveness_rate == 1.0
    assert summary.average_days_to_close == (4 + 10 + 12) / 3
    assert summary.share_done == 3 / 4
    assert summary.share_late == 1 / 4


def test_effectiveness_is_verified_among_checked():
    rows = [
        ActionRow("verified", due_date=day(5), done_on=day(-3), created_on=day(-9)),
        ActionRow("not_effective", due_date=day(5), done_on=day(-2), created_on=day(-9)),
        ActionRow("done", due_date=day(5), done_on=day(-1), created_on=day(-9)),
    ]
    summary = calc.summarise(rows, TODAY)
    assert summary.effectiveness_rate == 0.5
    # A not-effective action is open again, and its done date still counts for punctuality.
    assert (summary.open, summary.overdue, summary.finished) == (1, 0, 3)
    assert summary.on_time_rate == 1.0
    assert summary.average_days_to_close == (6 + 7 + 8) / 3


def test_cancelled_actions_are_left_out_of_the_shares():
    rows = [
        ActionRow("verified", due_date=day(-1), done_on=day(-2)),
        ActionRow("done", due_date=day(-1), done_on=day(-2)),
        ActionRow("cancelled", due_date=day(-1)),
        ActionRow("planned", due_date=day(-1)),
    ]
    summary = calc.summarise(rows, TODAY)
    assert (summary.total, summary.active, summary.cancelled) == (4, 3, 1)
    assert summary.share_done == 2 / 3
    assert summary.share_late == 1 / 3
    # Without a creation date the delay cannot be measured.
    assert summary.average_days_to_close is None


def test_due_today_is_not_overdue():
    summary = calc.summarise([ActionRow("planned", due_date=TODAY)], TODAY)
    assert (summary.open, summary.overdue) == (1, 0)


def test_no_action_gives_no_rate():
    summary = calc.summarise([], TODAY)
    assert summary == Summary()
    assert summary.on_time_rate is None
    assert summary.effectiveness_rate is None
    assert summary.average_days_to_close is None
    assert summary.share_done is None
    assert summary.share_late is None


def test_open_actions_give_no_punctuality_yet():
    summary = calc.summarise([ActionRow("planned", due_date=day(3))], TODAY)
    assert summary.on_time_rate is None
    assert summary.share_done == 0.0


def test_cost_totals_ignore_missing_costs():
    rows = [
        ActionRow("planned", day(1), planned_cost=Decimal("100.50"), actual_cost=None),
        ActionRow("done", day(1), planned_cost=None, actual_cost=Decimal("80.25")),
        ActionRow("verified", day(1), planned_cost=Decimal("200"), actual_cost=Decimal("19.75")),
        ActionRow("cancelled", day(1), planned_cost=Decimal("5000"), actual_cost=Decimal("12")),
    ]
    summary = calc.summarise(rows, TODAY)
    # A cancelled action's planned cost is dropped; what it already spent is kept.
    assert summary.planned_cost == Decimal("300.50")
    assert summary.actual_cost == Decimal("112.00")


def test_budget_use():
    assert calc.budget_use(Decimal("250"), Decimal("1000")) == 0.25
    assert calc.budget_use(Decimal("1500"), Decimal("1000")) == 1.5
    assert calc.budget_use(Decimal("10"), None) is None
    assert calc.budget_use(Decimal("10"), Decimal("0")) is None


def test_groups_by_plan_and_by_origin():
    rows = [
        ActionRow("planned", day(-1), plan=1, origins=(7, 9)),
        ActionRow("done", day(-1), done_on=day(-2), plan=1, origins=(7,)),
        ActionRow("planned", day(4), plan=None),
    ]
    by_plan = calc.summarise_by(rows, calc.by_plan, TODAY)
    assert {key: (s.total, s.open, s.overdue) for key, s in by_plan.items()} == {
        1: (2, 1, 1),
        None: (1, 1, 0),
    }
    by_origin = calc.summarise_by(rows, calc.by_origin, TODAY)
    assert {key: s.total for key, s in by_origin.items()} == {7: 2, 9: 1, None: 1}


def test_states_match_the_workflow():
    from amelio.actions.workflows import CLOSED_STATES, OPEN_STATES, action_workflow

    names = {state.name for state in action_workflow.states}
    assert set(OPEN_STATES) == calc.OPEN_STATES
    assert calc.DONE_STATES | calc.FINISHED_STATES | {calc.CANCELLED} <= names
    assert calc.CANCELLED in CLOSED_STATES


STATES = ["planned", "in_progress", "done", "verified", "not_effective", "cancelled"]
dates = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31))
money = st.none() | st.decimals(min_value=0, max_value=100_000, places=2)
rows = st.builds(
    ActionRow,
    status=st.sampled_from(STATES),
    due_date=dates,
    done_on=st.none() | dates,
    created_on=st.none() | dates,
    planned_cost=money,
    actual_cost=money,
    plan=st.none() | st.integers(1, 4),
    owner=st.integers(1, 3),
    unit=st.integers(1, 3),
    origins=st.lists(st.integers(1, 3), max_size=2, unique=True).map(tuple),
)


def _in_unit_interval(rate):
    return rate is None or 0 <= rate <= 1


@given(st.lists(rows, max_size=30), dates)
def test_rates_stay_within_zero_and_one(sample, today):
    summary = calc.summarise(sample, today)
    for rate in (
        summary.on_time_rate,
        summary.effectiveness_rate,
        summary.share_done,
        summary.share_late,
    ):
        assert _in_unit_interval(rate)
    assert summary.average_days_to_close is None or summary.average_days_to_close >= 0
    assert summary.overdue <= summary.open
    assert summary.open + summary.done + summary.cancelled == summary.total


@given(st.lists(rows, max_size=30), dates)
def test_totals_equal_the_sum_of_the_groups(sample, today):
    summary = calc.summarise(sample, today)
    for keys in (calc.by_plan, calc.by_owner, calc.by_unit):
        groups = calc.summarise_by(sample, keys, today).values()
        assert sum(groups, Summary()) == summary
        assert all(_in_unit_interval(group.on_time_rate) for group in groups)


@given(st.lists(rows, max_size=30), dates)
def test_every_action_is_in_at_least_one_origin_group(sample, today):
    groups = calc.summarise_by(sample, calc.by_origin, today)
    assert sum(group.total for group in groups.values()) >= len(sample)
    assert sum(len(row.origins) or 1 for row in sample) == sum(g.total for g in groups.values())
