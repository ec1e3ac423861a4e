"""Pure computations on nonconformities: Pareto, cost of nonquality, cross tables,
recurrences, text similarity and the geometry of the Ishikawa diagram. No Django import; tested in milliseconds.

Money is handled as `Decimal` so that sums are exact to the cent.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

# Text similarity lives in core, shared with the projects' lessons learned; re-exported here.
from amelio.core.similarity import jaccard as jaccard
from amelio.core.similarity import most_similar as most_similar
from amelio.core.similarity import similarity as similarity
from amelio.core.similarity import trigrams as trigrams

# Pareto classes (DOMAIN 9.6): A up to 80 % of the total, B up to 95 %, C the rest; the
# category that crosses a threshold belongs to the class below it.
CLASS_A = Decimal("0.80")
CLASS_B = Decimal("0.95")


@dataclass(frozen=True)
class ParetoRow:
    """One category of a Pareto: its value, share and cumulative share (0..1), its class."""

    label: str
    value: Decimal
    share: Decimal
    cumulative: Decimal
    pareto_class: str

    @property
    def vital(self) -> bool:
        """One of the "vital few": class A."""
        return self.pareto_class == "A"


def pareto(
    values: Mapping[str, float | int | Decimal],
    a_limit: Decimal = CLASS_A,
    b_limit: Decimal = CLASS_B,
) -> list[ParetoRow]:
    """Categories by decreasing value (ties by label), with cumulative shares and classes.

    A category is in class A while the cumulative share *before* it is below `a_limit`: the
    category that crosses 80 % is included in the vital few. Categories of value 0 are left
    out; an empty or all-zero input gives an empty list.
    """
    items = sorted(
        ((label, Decimal(str(v))) for label, v in values.items() if Decimal(str(v)) > 0),
        key=lambda item: (-item[1], item[0]),
    )
    total = sum((v for _label, v in items), Decimal(0))
    rows: list[ParetoRow] = []
    running = Decimal(0)
    for label, value in items:
        before = running / total
        running += value
        cls = "A" if before < a_limit else "B" if before < b_limit else "C"
        rows.append(ParetoRow(label, value, value / total, running / total, cls))
    return rows


COST_KINDS = ("scrap", "rework", "handling", "penalties")


@dataclass(frozen=True)
class CostEntry:
    """The costs of one nonconformity, dated by its detection."""

    date: dt.date
    scrap: Decimal = Decimal(0)
    rework: Decimal = Decimal(0)
    handling: Decimal = Decimal(0)
    penalties: Decimal = Decimal(0)


@dataclass(frozen=True)
class MonthCost:
    """The cost of nonquality of one month, by kind and in total."""

    month: dt.date
    scrap: Decimal
    rework: Decimal
    handling: Decimal
    penalties: Decimal

    @property
    def total(self) -> Decimal:
        return self.scrap + self.rework + self.handling + self.penalties


def total_cost(*amounts: Decimal | None) -> Decimal:
    """The sum of the amounts given, an empty amount counting as zero."""
    return sum((a or Decimal(0) for a in amounts), Decimal(0))


def monthly_costs(entries: Iterable[CostEntry], fill_gaps: bool = True) -> list[MonthCost]:
    """Costs summed per calendar month (first day of the month), oldest first. With
    `fill_gaps`, months without any nonconformity between the first and the last are zero."""
    sums: dict[dt.date, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 4)
    for entry in entries:
        month = entry.date.replace(day=1)
        row = sums[month]
        for index, kind in enumerate(COST_KINDS):
            row[index] += getattr(entry, kind) or Decimal(0)
    months = sorted(sums)
    if fill_gaps and months:
        months = month_range(months[0], months[-1])
    return [MonthCost(m, *sums.get(m, [Decimal(0)] * 4)) for m in months]


def total_of(months: Iterable[MonthCost]) -> Decimal:
    """The cost of nonquality of some months."""
    return sum((m.total for m in months), Decimal(0))


def on_time_rate(deadlines: Iterable[tuple[dt.date, dt.date]]) -> float | None:
    """The share, in %, of (closed on, target date) pairs closed on or before the target,
    None without any pair."""
    pairs = list(deadlines)
    if not pairs:
        return None
    return 100.0 * sum(1 for closed, target in pairs if closed <= target) / len(pairs)


@dataclass(frozen=True)
class CrossTable:
    """A pivot: one line per row key, one column per column key, totals both ways."""

    rows: list
    columns: list
    cells: dict  # (row, column) -> amount; a missing pair is zero
    row_totals: dict
    column_totals: dict
    total: Decimal

    def cell(self, row, column) -> Decimal:
        return self.cells.get((row, column), Decimal(0))

    def lines(self) -> list[tuple]:
        """(row key, [amount per column], row total), in the table's order."""
        return [
            (row, [self.cell(row, c) for c in self.columns], self.row_totals[row])
            for row in self.rows
        ]


def period_start(day: dt.date, period: str) -> dt.date:
    """The first day of the month, quarter or year holding `day`."""
    if period == "year":
        return dt.date(day.year, 1, 1)
    if period == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return day.replace(day=1)


def crosstab(
    entries: Iterable[tuple[Hashable, Hashable, Decimal | int]],
    rows_in_key_order: bool = False,
    columns_in_key_order: bool = False,
) -> CrossTable:
    """Sum `amount` per (row, column) pair from (row, column, amount) entries.

    Lines and columns come largest total first (ties in key order), the way a Pareto reads;
    periods pass `..._in_key_order` to stay chronological. Amounts count exactly (Decimal):
    pass 1 per record for a count, its cost for a cost.
    """
    cells: dict = defaultdict(Decimal)
    row_totals: dict = defaultdict(Decimal)
    column_totals: dict = defaultdict(Decimal)
    for row, column, amount in entries:
        amount = Decimal(amount)
        cells[(row, column)] += amount
        row_totals[row] += amount
        column_totals[column] += amount

    def order(totals: dict, by_key: bool) -> list:
        if by_key:
            return sorted(totals)
        return sorted(totals, key=lambda key: (-totals[key], str(key)))

    return CrossTable(
        rows=order(row_totals, rows_in_key_order),
        columns=order(column_totals, columns_in_key_order),
        cells=dict(cells),
        row_totals=dict(row_totals),
        column_totals=dict(column_totals),
        total=sum(row_totals.values(), Decimal(0)),
    )


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every first-of-month from `first` to `last`, inclusive."""
    months = []
    current = first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


@dataclass(frozen=True)
class Occurrence:
    """One nonconformity as the recurrence check sees it."""

    key: Hashable
    date: dt.date
    product: str
    defect: str


@dataclass(frozen=True)
class Recurrence:
    """`later` repeats `earlier` (same product and defect) `days` days after it."""

    earlier: Hashable
    later: Hashable
    date: dt.date
    days: int
    product: str
    defect: str


def _norm(text: str) -> str:
    return " ".join((text or "").casefold().split())


def recurrences(occurrences: Iterable[Occurrence], window_days: int) -> list[Recurrence]:
    """Each occurrence that repeats the previous one with the same product and defect
    (compared without case or extra spaces) within `window_days` days. Occurrences with no
    product or no defect are never recurrences. Sorted by date of the repeat."""
    groups: dict[tuple[str, str], list[Occurrence]] = defaultdict(list)
    for occ in occurrences:
        product, defect = _norm(occ.product), _norm(occ.defect)
        if product and defect:
            groups[(product, defect)].append(occ)
    found = []
    for group in groups.values():
        group.sort(key=lambda o: (o.date, str(o.key)))
        for previous, current in itertools.pairwise(group):
            days = (current.date - previous.date).days
            if days <= window_days:
                found.append(
                    Recurrence(
                        previous.key,
                        current.key,
                        current.date,
                        days,
                        current.product,
                        current.defect,
                    )
                )
    return sorted(found, key=lambda r: (r.date, str(r.later)))


# Ishikawa diagram geometry -------------------------------------------------------------

FISH_WIDTH = 960
FISH_HEAD = 170
FISH_BONE_HEIGHT = 150
FISH_MARGIN = 20
FISH_CAUSE_STEP = 22


@dataclass(frozen=True)
class Bone:
    """One category's bone: label position, the slanted line, and where its causes go."""

    label: str
    top: bool
    x_spine: float
    y_spine: float
    x_end: float
    y_end: float
    causes: tuple[tuple[str, float, float], ...]


@dataclass(frozen=True)
class Fishbone:
    """The whole diagram: canvas size, spine, head box and bones."""

    width: float
    height: float
    spine_y: float
    spine_x0: float
    spine_x1: float
    bones: tuple[Bone, ...]


def fishbone_layout(categories: Sequence[tuple[str, Sequence[str]]]) -> Fishbone:
    """Place the bones of an Ishikawa diagram: categories alternately above and below the
    spine, left to right, each with its causes stacked along its bone. Coordinates are
    rounded to 0.1 so that the SVG and the tests see the same numbers."""
    per_side = max(1, (len(categories) + 1) // 2)
    most = max((len(causes) for _l, causes in categories), default=0)
    bone_h = max(FISH_BONE_HEIGHT, FISH_CAUSE_STEP * (most + 1) + 20)
    spine_y = FISH_MARGIN + 24 + bone_h
    height = spine_y + bone_h + 24 + FISH_MARGIN
    spine_x0 = FISH_MARGIN
    spine_x1 = FISH_WIDTH - FISH_HEAD - FISH_MARGIN
    step = (spine_x1 - spine_x0) / (per_side + 0.5)
    bones = []
    for index, (label, causes) in enumerate(categories):
        top = index % 2 == 0
        x_spine = spine_x0 + step * (index // 2 + 1)
        sign = -1 if top else 1
        y_end = spine_y + sign * bone_h
        x_end = x_spine - bone_h * 0.45
        placed = []
        for n, cause in enumerate(causes):
            t = (n + 1) / (len(causes) + 1)
            y = spine_y + sign * bone_h * (1 - t)
            x = x_spine - (x_spine - x_end) * (1 - t)
            placed.append((cause, round(x, 1), round(y, 1)))
        bones.append(
            Bone(
                label,
                top,
                round(x_spine, 1),
                round(spine_y, 1),
                round(x_end, 1),
                round(y_end, 1),
                tuple(placed),
            )
        )
    return Fishbone(
        FISH_WIDTH, round(height, 1), round(spine_y, 1), spine_x0, round(spine_x1, 1), tuple(bones)
    )
