"""Pure computations of the audit programme: risk-based frequency, the coverage matrix, the
independence check and the audit indicators. No Django import: tested in milliseconds."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import median

# Months between two audits of a process, by its risk level (ISO 19011 5.2: the programme
# gives more attention to what matters most and performs worst).
INTERVAL_BY_RISK = {"critical": 6, "high": 12, "medium": 24, "low": 36}
INTERVALS = (6, 12, 24, 36)

# States of a cell of the coverage matrix.
DONE = "done"
PLANNED = "planned"
MISSING = "missing"
TO_PLAN = "to_plan"
NOT_DUE = ""


def suggested_interval(risk_level: str) -> int:
    """The months between two audits suggested for a risk level."""
    return INTERVAL_BY_RISK[risk_level]


def due_per_year(start_year: int, end_year: int, interval_months: int) -> dict[int, int]:
    """How many audits of a process are due each year of the programme.

    Every 6 months: two a year; every 12: one a year; every 24 or 36: one in the first year of
    the programme, then one every two or three years.
    """
    if end_year < start_year:
        raise ValueError("The programme ends before it starts.")
    if interval_months not in INTERVALS:
        raise ValueError(f"Unknown interval {interval_months}")
    years = range(start_year, end_year + 1)
    if interval_months <= 12:
        return dict.fromkeys(years, 12 // interval_months)
    step = interval_months // 12
    return {year: int((year - start_year) % step == 0) for year in years}


def cell_state(*, due: int, planned: int, done: int, year: int, this_year: int) -> str:
    """The state of one (process, year) cell: done when the audits due are done, planned when
    the rest are scheduled, missing when a past or current year lacks them, to plan when a
    future year lacks them; extra audits show as done or planned even when none is due."""
    if due == 0:
        return DONE if done else (PLANNED if planned else NOT_DUE)
    if done >= due:
        return DONE
    if done + planned >= due:
        return PLANNED
    return MISSING if year <= this_year else TO_PLAN


@dataclass(frozen=True)
class Cell:
    due: int
    planned: int
    done: int
    state: str


def coverage_row(
    *,
    start_year: int,
    end_year: int,
    interval_months: int | None,
    audits: Iterable[tuple[int, bool]],
    this_year: int,
) -> list[Cell]:
    """One row of the matrix: for each year, what is due, planned and done.

    `audits` are (year, done) pairs of the audits covering the row's process or clause;
    `interval_months` None means "at least once over the programme" (a clause): due in no
    particular year, and missing in the last year when never covered.
    """
    planned: Counter[int] = Counter()
    done: Counter[int] = Counter()
    for year, is_done in audits:
        (done if is_done else planned)[year] += 1
    if interval_months is None:
        due = dict.fromkeys(range(start_year, end_year + 1), 0)
        if not planned and not done:
            due[end_year] = 1
    else:
        due = due_per_year(start_year, end_year, interval_months)
    return [
        Cell(
            due[year],
            planned[year],
            done[year],
            cell_state(
                due=due[year],
                planned=planned[year],
                done=done[year],
                year=year,
                this_year=this_year,
            ),
        )
        for year in sorted(due)
    ]


def completion_percent(planned: int, done: int) -> float | None:
    """Share of the programme's audits done, in percent (None when none is planned)."""
    total = planned + done
    if total == 0:
        return None
    return round(100 * done / total, 1)


def independence_conflicts(
    auditors: Mapping[int, str], process_owners: Mapping[str, Iterable[int | None]]
) -> list[tuple[str, str]]:
    """(auditor, process) pairs where an auditor owns (or deputises on) an audited process:
    ISO 19011 4(e), auditors do not audit their own work."""
    return [
        (name, process)
        for process, owners in process_owners.items()
        for auditor_id, name in auditors.items()
        if auditor_id in set(owners)
    ]


def days_between(start: dt.date, end: dt.date) -> int:
    return (end - start).days


@dataclass(frozen=True)
class CloseTimes:
    count: int
    mean: float | None
    median: float | None
    longest: int | None


def close_times(durations: Iterable[int]) -> CloseTimes:
    """Days from the audit to the closure of its findings' nonconformities."""
    values = sorted(durations)
    if not values:
        return CloseTimes(0, None, None, None)
    return CloseTimes(
        len(values),
        round(sum(values) / len(values), 1),
        float(median(values)),
        values[-1],
    )


def grade_table(
    rows: Iterable[tuple[str, str]], grades: list[str]
) -> tuple[list[str], dict[str, dict[str, int]], dict[str, int]]:
    """Findings counted by (process, grade): the processes in order of their number of
    nonconformities then of findings, each row a count per grade, and the totals per grade."""
    table: dict[str, dict[str, int]] = {}
    totals = dict.fromkeys(grades, 0)
    for process, grade in rows:
        table.setdefault(process, dict.fromkeys(grades, 0))[grade] += 1
        totals[grade] += 1
    order = sorted(
        table,
        key=lambda p: (
            -(table[p].get("major", 0) + table[p].get("minor", 0)),
            -sum(table[p].values()),
            p,
        ),
    )
    return order, table, totals
