"""Pure date arithmetic of record retention: when a record falls due under a rule, and the
latest start date that is due on a given day. No Django import: tested in milliseconds.

Durations are calendar years and months, as the texts write them ("40 ans", "3 ans"): a
record started on 31 January and kept one month falls due on the last day of February.
"""

from __future__ import annotations

import calendar
import datetime as dt


def months_of(years: int, months: int) -> int:
    """A duration of `years` and `months` in months."""
    return years * 12 + months


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months` calendar months (negative: back), the day of the month kept
    where the target month has it, else its last day (31 Jan + 1 month = 28 or 29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def due_date(start: dt.date, years: int, months: int) -> dt.date:
    """The day a record started on `start` falls due when it is kept `years` and `months`."""
    return add_months(start, months_of(years, months))


def is_last_day(day: dt.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def start_cutoff(on: dt.date, months: int) -> dt.date:
    """The latest start date whose record is due on `on` when kept `months` months: a record
    is due on `on` exactly when its start is on or before this day.

    Going back from the last day of a month covers every day of the target month (all of
    them reach that last day or earlier when the month is shorter)."""
    back = add_months(on, -months)
    if is_last_day(on):
        return dt.date(back.year, back.month, calendar.monthrange(back.year, back.month)[1])
    return back


def latest(dues: list[tuple[dt.date, int]]) -> tuple[dt.date, int]:
    """Of several (due date, rule id) pairs, the one that keeps the record longest: the
    latest due date, then the lowest rule id (a stable choice between equal rules)."""
    return max(dues, key=lambda pair: (pair[0], -pair[1]))
