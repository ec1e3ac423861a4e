"""Pure computations of training and communication: the measures a session publishes
(satisfaction average, effectiveness rate), the windows in which its evaluations are open,
the next occurrence of a recurring communication, and a budget against what it pays for.
No Django import: the callers pass plain values.

The scales (see docs/en/training.md):
- a hot evaluation (satisfaction, right after the session) and a cold one (effectiveness,
  some weeks later) answer each question on a 4-point scale, 1 = not at all, 4 = fully; an
  even scale has no middle answer to hide in;
- the satisfaction average of a session is the mean of every score of its hot evaluations
  (each question of each answer weighs the same), with two decimals;
- a cold answer is "effective" when the mean of its scores is at least 3 (the attendee agrees,
  on the whole, that the training changed their work); the effectiveness rate is the share of
  effective answers among the cold answers, in percent with one decimal.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SCALE = (1, 2, 3, 4)
EFFECTIVE_THRESHOLD = Decimal(3)
# How long an evaluation link stays open once the evaluation opens.
ANSWER_DAYS = 30
HUNDRED = Decimal(100)

# Months between two occurrences of a recurring communication (weeks for a weekly one).
FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}
FREQUENCY_DAYS = {"weekly": 7}


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def mean(scores: Iterable[int]) -> Decimal | None:
    """The mean of `scores` with two decimals, None for no score."""
    values = [Decimal(s) for s in scores]
    if not values:
        return None
    return _round(sum(values, Decimal(0)) / len(values), 2)


def satisfaction_average(answers: Iterable[Sequence[int]]) -> Decimal | None:
    """The mean of every score of the hot evaluations (a list of scores per answer)."""
    return mean(score for answer in answers for score in answer)


def is_effective(scores: Sequence[int]) -> bool:
    """Whether one cold answer says the training was effective (its mean is at least 3)."""
    average = mean(scores)
    return average is not None and average >= EFFECTIVE_THRESHOLD


def effectiveness_rate(answers: Iterable[Sequence[int]]) -> Decimal | None:
    """The share of effective cold answers, in percent with one decimal; None for none."""
    found = [is_effective(answer) for answer in answers]
    if not found:
        return None
    return _round(HUNDRED * sum(found) / len(found), 1)


@dataclass(frozen=True)
class Window:
    """The days an evaluation may be answered: from `opens` to `closes`, both included."""

    opens: dt.date
    closes: dt.date

    def state(self, today: dt.date) -> str:
        """ "not_yet", "open" or "closed" on `today`."""
        if today < self.opens:
            return "not_yet"
        return "open" if today <= self.closes else "closed"


def hot_window(end: dt.date) -> Window:
    """The satisfaction survey opens on the last day of the session."""
    return Window(end, end + dt.timedelta(days=ANSWER_DAYS))


def cold_due(end: dt.date, weeks: int) -> dt.date | None:
    """The day the effectiveness survey opens: `weeks` after the session; None for none."""
    return end + dt.timedelta(weeks=weeks) if weeks else None


def cold_window(end: dt.date, weeks: int) -> Window | None:
    opens = cold_due(end, weeks)
    return Window(opens, opens + dt.timedelta(days=ANSWER_DAYS)) if opens else None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later, or that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_occurrence(day: dt.date, frequency: str) -> dt.date | None:
    """The date of the next occurrence of a communication planned on `day`; None for one
    made once or as needed."""
    if frequency in FREQUENCY_DAYS:
        return day + dt.timedelta(days=FREQUENCY_DAYS[frequency])
    if frequency in FREQUENCY_MONTHS:
        return add_months(day, FREQUENCY_MONTHS[frequency])
    return None


@dataclass(frozen=True)
class Budget:
    """A year's training budget against the sessions it pays for: `committed` is the cost of
    every session not cancelled, `spent` the cost of those held."""

    budget: Decimal
    committed: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.committed

    @property
    def used_share(self) -> Decimal | None:
        """The share of the budget spent (0.8125 for 81.25 %), None for no budget."""
        if not self.budget:
            return None
        return _round(self.spent / self.budget, 4)

    @property
    def over(self) -> bool:
        return self.committed > self.budget


def total(values: Iterable[Decimal | None]) -> Decimal:
    """The sum of the known values."""
    return sum((v for v in values if v is not None), Decimal(0))
