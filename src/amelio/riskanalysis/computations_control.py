"""The control plan's arithmetic, pure functions on plain values: whether a measured value
conforms to its specification, when a control next comes due, and where a due date stands
on a given day. No Django import: tested in milliseconds with exact values."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

SHIFT = "shift"
DAY = "day"
WEEK = "week"
MONTH = "month"

OK = "ok"
DUE = "due"
OVERDUE = "overdue"


def conforms(value: Decimal, lsl: Decimal | None, usl: Decimal | None) -> bool:
    """Whether `value` is within its limits. The limits themselves conform (a bore measured
    at exactly the upper limit of its tolerance is good); a missing limit is no limit (a
    one-sided specification such as a roughness Ra ≤ 1.6)."""
    if lsl is not None and value < lsl:
        return False
    return not (usl is not None and value > usl)


def plain(value: Decimal | None) -> str:
    """A limit or a value without its trailing zeros ("25.021", not "25.0210"); "" for
    none."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def decimals_of(*values: Decimal | None) -> int:
    """How many decimals the limits are written with (25.021 -> 3; 1 when none is given)."""
    places = [len(plain(v).partition(".")[2]) for v in values if v is not None]
    return max(places, default=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the last day of that month when it is shorter
    (a monthly control done on 31 January is due on 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_due(last: dt.date | None, unit: str, every: int, first: dt.date) -> dt.date:
    """The day a control next comes due: `first` (the day the characteristic was added)
    until it is recorded once, then `every` days, weeks or months after the last record.

    A control "per shift" is due every day: a date cannot tell the morning shift from the
    afternoon one, so the reminder only checks that each day has its record."""
    if last is None:
        return first
    every = max(1, every)
    if unit == MONTH:
        return add_months(last, every)
    if unit == WEEK:
        return last + dt.timedelta(weeks=every)
    if unit == DAY:
        return last + dt.timedelta(days=every)
    return last + dt.timedelta(days=1)


def due_state(due: dt.date | None, today: dt.date) -> str:
    """`overdue` after its due day, `due` on it, else `ok` (also with no due date)."""
    if due is None or due > today:
        return OK
    return DUE if due == today else OVERDUE


def reminder_day(due: dt.date, today: dt.date, every: int) -> bool:
    """Whether a control due on `due` is reminded on `today`: on its due day, then every
    `every` days while it stays overdue (not every day: an ignored e-mail repeated daily is
    spam, and the list of controls shows the overdue ones at any time)."""
    late = (today - due).days
    return late >= 0 and late % max(1, every) == 0
