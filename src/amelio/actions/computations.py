"""Pure calculations on actions: counts, rates, delays, plan progress and cost totals.

No Django here: the views turn records into `ActionRow`s and these functions do the
arithmetic, so that every figure of the dashboard and of a plan can be checked in
milliseconds against hand-made examples. Rates are fractions in [0, 1], or None when nothing
can be measured yet (a rate of 0 would claim that every action was late).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal

# The states of the action workflow (amelio.actions.workflows), repeated here so that this
# module imports nothing from Django; a test checks that both lists agree.
OPEN_STATES = frozenset({"planned", "in_progress", "not_effective"})
DONE_STATES = frozenset({"done", "verified"})
# States whose `done_on` is kept: the work was finished once, effective or not.
FINISHED_STATES = frozenset({"done", "verified", "not_effective"})
CANCELLED = "cancelled"
ZERO = Decimal(0)


@dataclass(frozen=True)
class ActionRow:
    """What the calculations read of one action; group keys are plain ids (or None)."""

    status: str
    due_date: dt.date | None = None
    done_on: dt.date | None = None
    created_on: dt.date | None = None
    planned_cost: Decimal | None = None
    actual_cost: Decimal | None = None
    plan: Hashable = None
    owner: Hashable = None
    unit: Hashable = None
    origins: tuple = ()


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when there is nothing to divide by."""
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class Summary:
    """Counts and sums over a set of actions; rates are derived, so summaries add up."""

    total: int = 0
    open: int = 0  # planned, in progress, or not effective (to do again)
    overdue: int = 0  # open after the due date
    to_verify: int = 0  # done, effectiveness not checked yet
    verified: int = 0
    not_effective: int = 0
    cancelled: int = 0
    finished: int = 0  # done once (done, verified, not effective) with a done date
    finished_on_time: int = 0
    closed: int = 0  # finished with a creation date: the base of the mean delay
    days_to_close: int = 0  # summed over `closed`
    planned_cost: Decimal = field(default=ZERO)
    actual_cost: Decimal = field(default=ZERO)

    def __add__(self, other: Summary) -> Summary:
        return Summary(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    @property
    def done(self) -> int:
        """Done, whether or not the effectiveness was checked yet."""
        return self.to_verify + self.verified

    @property
    def active(self) -> int:
        """Every action but the cancelled ones: the base of the progress shares."""
        return self.total - self.cancelled

    @property
    def on_time_rate(self) -> float | None:
        """Share of the finished actions (with a done date) finished by their due date."""
        return ratio(self.finished_on_time, self.finished)

    @property
    def effectiveness_rate(self) -> float | None:
        """verified / (verified + not effective)."""
        return ratio(self.verified, self.verified + self.not_effective)

    @property
    def average_days_to_close(self) -> float | None:
        """Mean number of days from creation to the done date."""
        return ratio(self.days_to_close, self.closed)

    @property
    def share_done(self) -> float | None:
        """(done + verified) / actions not cancelled."""
        return ratio(self.done, self.active)

    @property
    def share_late(self) -> float | None:
        """Overdue / actions not cancelled."""
        return ratio(self.overdue, self.active)


def is_overdue(row: ActionRow, today: dt.date) -> bool:
    """Still open after its due date."""
    return row.status in OPEN_STATES and row.due_date is not None and row.due_date < today


def summarise_one(row: ActionRow, today: dt.date) -> Summary:
    """The summary of a single action."""
    finished = row.status in FINISHED_STATES and row.done_on is not None
    return Summary(
        total=1,
        open=int(row.status in OPEN_STATES),
        overdue=int(is_overdue(row, today)),
        to_verify=int(row.status == "done"),
        verified=int(row.status == "verified"),
        not_effective=int(row.status == "not_effective"),
        cancelled=int(row.status == CANCELLED),
        finished=int(finished),
        finished_on_time=int(finished and _on_time(row)),
        closed=int(finished and row.created_on is not None),
        days_to_close=_days_to_close(row) if finished else 0,
        # A cancelled action will not cost what was planned, but what it spent is spent.
        planned_cost=ZERO if row.status == CANCELLED else row.planned_cost or ZERO,
        actual_cost=row.actual_cost or ZERO,
    )


def _on_time(row: ActionRow) -> bool:
    """Done by the due date (an action without a due date cannot be late)."""
    return row.due_date is None or (row.done_on is not None and row.done_on <= row.due_date)


def _days_to_close(row: ActionRow) -> int:
    # Imported records may carry a done date before their creation in Amelio: count 0, not less.
    if row.created_on is None or row.done_on is None:
        return 0
    return max(0, (row.done_on - row.created_on).days)


def as_it_stood(row: ActionRow, day: dt.date) -> ActionRow | None:
    """The action as it stood at the end of `day`, for states read on a past day: None if it
    was created later, still in progress if it was finished later. A cancellation or an
    effectiveness check leaves no date here: those states are taken as they are now."""
    if row.created_on is not None and row.created_on > day:
        return None
    if row.done_on is not None and row.done_on > day:
        return replace(row, status="in_progress", done_on=None)
    return row


def summarise(rows: Iterable[ActionRow], today: dt.date) -> Summary:
    """The summary of all `rows`."""
    total = Summary()
    for row in rows:
        total += summarise_one(row, today)
    return total


Keys = Callable[[ActionRow], Iterable[Hashable]]


def summarise_by(rows: Iterable[ActionRow], keys: Keys, today: dt.date) -> dict[Hashable, Summary]:
    """One summary per group; `keys(row)` names the groups of a row (an action answering two
    kinds of record counts in both)."""
    groups: dict[Hashable, Summary] = {}
    for row in rows:
        one = summarise_one(row, today)
        for key in dict.fromkeys(keys(row)):
            groups[key] = groups.get(key, Summary()) + one
    return groups


def by_plan(row: ActionRow) -> tuple:
    return (row.plan,)


def by_owner(row: ActionRow) -> tuple:
    return (row.owner,)


def by_unit(row: ActionRow) -> tuple:
    return (row.unit,)


def by_origin(row: ActionRow) -> tuple:
    """The kinds of record the action answers, or None for an action of its own."""
    return tuple(row.origins) or (None,)


def budget_use(spent: Decimal, budget: Decimal | None) -> float | None:
    """Share of the budget spent (may exceed 1), None without a budget."""
    return float(spent / budget) if budget else None
