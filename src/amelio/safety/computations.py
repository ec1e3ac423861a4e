"""Pure computations of health and safety: frequency and severity rates, days lost, the
declaration deadline, the DUERP's prevention programme and the cause tree's layout.
No Django import: tested in milliseconds against the worked examples of DOMAIN.md §1.3."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

MILLION = Decimal(1_000_000)
THOUSAND = Decimal(1_000)
# 100 full-time employees x 40 h x 50 weeks (OSHA, COMAR 09.12.24.08).
OSHA_BASE = Decimal(200_000)


class NoHoursWorked(ValueError):
    """Rates per hour worked cannot be computed without hours worked."""


@dataclass(frozen=True)
class Counts:
    """What the rates of one site and period are computed from."""

    hours: Decimal
    lost_time: int = 0  # accidents at work with at least one full day off
    no_lost_time: int = 0  # accidents at work without a day off
    days_lost: int = 0  # calendar days of temporary incapacity
    ip_points: Decimal = Decimal(0)  # sum of the permanent-incapacity rates notified (% points)
    headcount: Decimal | None = None  # average full-time equivalents
    recordable: int = 0  # OSHA-recordable cases (300 log columns H + I + J)
    dart: int = 0  # days away, restricted or transferred (columns H + I)


@dataclass(frozen=True)
class Rates:
    """The rates of one site and period, unrounded (display rounds to 2 decimals)."""

    tf1: Decimal
    tf2: Decimal
    tg: Decimal
    if_: Decimal | None  # None without a headcount
    ig: Decimal
    ltifr: Decimal
    ltir: Decimal
    trir: Decimal
    dart: Decimal


def per(count: Decimal | int, hours: Decimal | int, base: Decimal) -> Decimal:
    """`count` x `base` / `hours`; refuses zero or negative hours."""
    hours = Decimal(hours)
    if hours <= 0:
        raise NoHoursWorked
    return Decimal(count) * base / hours


def rates(counts: Counts) -> Rates:
    """TF1, TF2, TG, IF, IG (French definitions) and LTIFR, LTIR, TRIR, DART (international),
    DOMAIN.md §1.1-1.2. Commuting accidents are not in the counts."""
    hours = counts.hours
    headcount = counts.headcount
    return Rates(
        tf1=per(counts.lost_time, hours, MILLION),
        tf2=per(counts.lost_time + counts.no_lost_time, hours, MILLION),
        tg=per(counts.days_lost, hours, THOUSAND),
        if_=(
            Decimal(counts.lost_time) * THOUSAND / Decimal(headcount)
            if headcount is not None and headcount > 0
            else None
        ),
        ig=per(counts.ip_points, hours, MILLION),
        ltifr=per(counts.lost_time, hours, MILLION),
        ltir=per(counts.lost_time, hours, OSHA_BASE),
        trir=per(counts.recordable, hours, OSHA_BASE),
        dart=per(counts.dart, hours, OSHA_BASE),
    )


def add_counts(items: Iterable[Counts]) -> Counts:
    """Counts over several sites or periods: cases and hours summed (a multi-year rate is the
    sum of cases over the sum of hours, COMAR), headcounts summed when all are known."""
    items = list(items)
    headcounts = [c.headcount for c in items]
    return Counts(
        hours=sum((c.hours for c in items), Decimal(0)),
        lost_time=sum(c.lost_time for c in items),
        no_lost_time=sum(c.no_lost_time for c in items),
        days_lost=sum(c.days_lost for c in items),
        ip_points=sum((c.ip_points for c in items), Decimal(0)),
        headcount=(
            sum((h for h in headcounts if h is not None), Decimal(0))
            if items and all(h is not None for h in headcounts)
            else None
        ),
        recordable=sum(c.recordable for c in items),
        dart=sum(c.dart for c in items),
    )


# --- Days lost ----------------------------------------------------------------------------


def days_off(
    periods: Iterable[tuple[dt.date, dt.date | None]],
    *,
    accident_day: dt.date,
    start: dt.date,
    end: dt.date,
    today: dt.date,
) -> int:
    """Calendar days off work between `start` and `end` (both included), weekends included,
    the accident day itself never counted (the employer pays it). Periods are the initial stop,
    its extensions and relapses; overlapping periods count once; an open period runs to
    `today`."""
    first = max(start, accident_day + dt.timedelta(days=1))
    days: set[dt.date] = set()
    for begin, finish in periods:
        finish = min(finish or today, end)
        day = max(begin, first)
        while day <= finish:
            days.add(day)
            day += dt.timedelta(days=1)
    return len(days)


# --- Declaration deadline -----------------------------------------------------------------


def easter(year: int) -> dt.date:
    """Easter Sunday of `year` (Gregorian calendar, anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def french_holidays(year: int) -> set[dt.date]:
    """The eleven public holidays of metropolitan France (Code du travail L3133-1)."""
    sunday = easter(year)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    moving = [sunday + dt.timedelta(days=n) for n in (1, 39, 50)]
    return {dt.date(year, m, d) for m, d in fixed} | set(moving)


def declaration_deadline(known_at: dt.datetime, hours: int = 48) -> dt.datetime:
    """When the declaration of a work accident is due: `hours` after the employer learnt of
    it, Sundays and public holidays not counted (Code de la sécurité sociale R441-3).
    `known_at` is a local (naive or aware) date and time; the result keeps its tzinfo."""
    remaining = dt.timedelta(hours=hours)
    moment = known_at
    holidays: dict[int, set[dt.date]] = {}
    while remaining > dt.timedelta(0):
        day = moment.date()
        midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), moment.tzinfo)
        excluded = holidays.setdefault(day.year, french_holidays(day.year))
        if day.weekday() == 6 or day in excluded:
            moment = midnight
            continue
        step = min(remaining, midnight - moment)
        moment += step
        remaining -= step
    return moment


# --- DUERP --------------------------------------------------------------------------------


def prevention_programme(headcount: int | None, threshold: int) -> str:
    """ "papripact" from `threshold` employees (annual programme with costs, indicators and a
    schedule, Code du travail L4121-3-1), else "action_list" (list of actions in the DUERP)."""
    return "papripact" if headcount is not None and headcount >= threshold else "action_list"


def review_due(last_published: dt.date | None, months: int) -> dt.date | None:
    """The date the DUERP must be reviewed by: `months` after its last published version
    (the same day of the month, or the month's last day)."""
    if last_published is None:
        return None
    month_index = last_published.month - 1 + months
    year, month = last_published.year + month_index // 12, month_index % 12 + 1
    for day in (last_published.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


# --- Cause tree ---------------------------------------------------------------------------


class CycleError(ValueError):
    """A link would make a fact its own antecedent."""


def creates_cycle(links: Iterable[tuple[int, int]], cause: int, effect: int) -> bool:
    """Whether adding `cause` -> `effect` to the links (cause, effect) closes a loop, i.e.
    `cause` already follows from `effect`."""
    if cause == effect:
        return True
    effects: dict[int, list[int]] = {}
    for a, b in links:
        effects.setdefault(a, []).append(b)
    seen, stack = set(), [effect]
    while stack:
        node = stack.pop()
        if node == cause:
            return True
        if node in seen:
            continue
        seen.add(node)
        stack.extend(effects.get(node, []))
    return False


@dataclass(frozen=True)
class Placed:
    """A fact's place in the drawing: its column (0 = the final fact, on the right) and row."""

    fact: int
    column: int
    row: float


@dataclass(frozen=True)
class Layout:
    places: dict[int, Placed]
    columns: int
    rows: int
    conjunctions: frozenset[int]  # facts with several necessary antecedents (AND)
    disjunctions: frozenset[int]  # facts with several consequences


def tree_layout(facts: Sequence[int], links: Iterable[tuple[int, int]]) -> Layout:  # noqa: C901
    """Place the facts of a cause tree, drawn right to left from the final fact: a fact's
    column is its longest chain of consequences to a fact without any; within a column,
    facts sit near the consequences they lead to. Raises CycleError on a loop."""
    links = [(a, b) for a, b in links if a in set(facts) and b in set(facts)]
    effects: dict[int, list[int]] = {f: [] for f in facts}
    causes: dict[int, list[int]] = {f: [] for f in facts}
    for a, b in links:
        effects[a].append(b)
        causes[b].append(a)
    column: dict[int, int] = {}

    def depth(fact: int, trail: frozenset[int]) -> int:
        if fact in trail:
            raise CycleError(fact)
        if fact not in column:
            column[fact] = max((depth(e, trail | {fact}) + 1 for e in effects[fact]), default=0)
        return column[fact]

    for fact in facts:
        depth(fact, frozenset())
    by_column: dict[int, list[int]] = {}
    for fact in facts:
        by_column.setdefault(column[fact], []).append(fact)
    rows: dict[int, float] = {}
    for col in sorted(by_column):
        members = by_column[col]
        if col == 0:
            ordered = members
        else:
            ordered = sorted(
                members,
                key=lambda f: (_mean(rows[e] for e in effects[f] if e in rows), facts.index(f)),
            )
        for index, fact in enumerate(ordered):
            rows[fact] = float(index)
    width = max((len(m) for m in by_column.values()), default=0)
    places = {}
    for col, members in by_column.items():
        # Centre a short column against the tallest one.
        offset = (width - len(members)) / 2
        for fact in members:
            places[fact] = Placed(fact, col, rows[fact] + offset)
    return Layout(
        places=places,
        columns=max(by_column, default=-1) + 1,
        rows=width,
        conjunctions=frozenset(f for f, c in causes.items() if len(c) > 1),
        disjunctions=frozenset(f for f, e in effects.items() if len(e) > 1),
    )


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def share_by(rows: Iterable[str], labels: Mapping[str, str]) -> list[tuple[str, int]]:
    """(label, count) of the values in `rows`, most frequent first, for the body-location and
    injury charts; values absent from `labels` are left out."""
    counts: dict[str, int] = {}
    for value in rows:
        if value in labels:
            counts[value] = counts.get(value, 0) + 1
    return sorted(((labels[v], n) for v, n in counts.items()), key=lambda item: -item[1])
