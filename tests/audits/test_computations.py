"""The audit programme's pure computations: frequency, coverage, independence, indicators."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amelio.audits import computations as calc


def test_frequency_by_risk():
    assert [calc.suggested_interval(r) for r in ("critical", "high", "medium", "low")] == [
        6,
        12,
        24,
        36,
    ]


def test_audits_due_per_year_over_a_triennial_programme():
    assert calc.due_per_year(2025, 2027, 6) == {2025: 2, 2026: 2, 2027: 2}
    assert calc.due_per_year(2025, 2027, 12) == {2025: 1, 2026: 1, 2027: 1}
    assert calc.due_per_year(2025, 2027, 24) == {2025: 1, 2026: 0, 2027: 1}
    assert calc.due_per_year(2025, 2027, 36) == {2025: 1, 2026: 0, 2027: 0}


def test_due_per_year_refuses_nonsense():
    with pytest.raises(ValueError):
        calc.due_per_year(2027, 2025, 12)
    with pytest.raises(ValueError):
        calc.due_per_year(2025, 2027, 18)


def test_a_yearly_process_row_shows_done_missing_planned_and_to_plan():
    row = calc.coverage_row(
        start_year=2025,
        end_year=2028,
        interval_months=12,
        audits=[(2025, True), (2027, False)],
        this_year=2026,
    )
    assert [c.state for c in row] == ["done", "missing", "planned", "to_plan"]
    assert [(c.due, c.planned, c.done) for c in row] == [(1, 0, 1), (1, 0, 0), (1, 1, 0), (1, 0, 0)]


def test_an_audit_in_a_year_not_due_still_shows():
    row = calc.coverage_row(
        start_year=2025, end_year=2027, interval_months=36, audits=[(2026, True)], this_year=2026
    )
    assert [c.state for c in row] == ["missing", "done", ""]


def test_a_clause_is_due_once_over_the_programme():
    never = calc.coverage_row(
        start_year=2025, end_year=2027, interval_months=None, audits=[], this_year=2026
    )
    assert [c.state for c in never] == ["", "", "to_plan"]
    late = calc.coverage_row(
        start_year=2023, end_year=2025, interval_months=None, audits=[], this_year=2026
    )
    assert [c.state for c in late] == ["", "", "missing"]
    covered = calc.coverage_row(
        start_year=2025, end_year=2027, interval_months=None, audits=[(2026, False)], this_year=2026
    )
    assert [c.state for c in covered] == ["", "planned", ""]


def test_completion_percent():
    assert calc.completion_percent(planned=3, done=9) == 75.0
    assert calc.completion_percent(planned=2, done=1) == 33.3
    assert calc.completion_percent(planned=0, done=0) is None


def test_independence_conflicts_name_the_auditor_and_the_process():
    auditors = {1: "Sophie Leroy", 2: "Claire Martin"}
    owners = {"R-USI Usinage": (2, None), "S-ACH Achats": (3, 1), "M-DIR Direction": (4, 5)}
    assert calc.independence_conflicts(auditors, owners) == [
        ("Claire Martin", "R-USI Usinage"),
        ("Sophie Leroy", "S-ACH Achats"),
    ]
    assert calc.independence_conflicts(auditors, {"M-DIR Direction": (None, None)}) == []


def test_close_times():
    times = calc.close_times([30, 12, 45, 20])
    assert (times.count, times.mean, times.median, times.longest) == (4, 26.8, 25.0, 45)
    assert calc.close_times([]) == calc.CloseTimes(0, None, None, None)


def test_grade_table_orders_processes_by_nonconformities():
    grades = ["major", "minor", "observation", "improvement", "strength", "conformity"]
    rows = [
        ("Achats", "observation"),
        ("Achats", "observation"),
        ("Achats", "strength"),
        ("Usinage", "minor"),
        ("Soudure", "major"),
        ("Soudure", "minor"),
    ]
    order, table, totals = calc.grade_table(rows, grades)
    assert order == ["Soudure", "Usinage", "Achats"]
    assert table["Achats"] == {
        "major": 0,
        "minor": 0,
        "observation": 2,
        "improvement": 0,
        "strength": 1,
        "conformity": 0,
    }
    assert totals == {
        "major": 1,
        "minor": 2,
        "observation": 2,
        "improvement": 0,
        "strength": 1,
        "conformity": 0,
    }


@given(
    st.integers(2000, 2090),
    st.integers(0, 2),
    st.sampled_from(calc.INTERVALS),
    st.lists(st.tuples(st.integers(0, 2), st.booleans()), max_size=8),
    st.integers(1990, 2100),
)
def test_every_cell_has_one_known_state_and_counts_add_up(start, span, interval, audits, now):
    shifted = [(start + offset, done) for offset, done in audits if offset <= span]
    row = calc.coverage_row(
        start_year=start,
        end_year=start + span,
        interval_months=interval,
        audits=shifted,
        this_year=now,
    )
    assert len(row) == span + 1
    assert all(c.state in ("done", "planned", "missing", "to_plan", "") for c in row)
    assert sum(c.done + c.planned for c in row) == len(shifted)
    # A cell where every due audit is done is never reported missing.
    assert all(c.state != "missing" for c in row if c.done >= c.due)
