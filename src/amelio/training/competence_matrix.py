"""The competence matrix: people in rows, the skills required of them in columns, each cell the
person's state against the requirement (held at the level, expiring, below the level, expired,
missing), or what they hold of a skill not required of them. Built from the stored
qualifications (never recomputed here), with a summary of the gaps; shown as a page and as a
workbook (`views_competences`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from amelio.training.competences import SEVERITY, worst

# The states that are gaps: the person cannot do the work as required today.
GAPS = ("missing", "expired", "below_level")
# A short mark per state, readable without colour (page, workbook, legend).
ICONS = {
    "held": "check-lg",
    "expiring": "hourglass-split",
    "below_level": "arrow-down",
    "expired": "x-octagon",
    "missing": "x-lg",
}
LIMIT = 400


@dataclass
class Cell:
    """One person × one skill."""

    status: str | None = None  # None: not required of this person
    required_level: int | None = None
    mandatory: bool = False
    level: int | None = None  # the level held, for a skill assessed on levels
    expires_on: dt.date | None = None
    held: bool = False
    qualification: Any = None
    label: Any = ""  # the state in words, set by the page

    @property
    def is_gap(self) -> bool:
        return self.status in GAPS

    @property
    def icon(self) -> str:
        return ICONS.get(self.status or "", "")


@dataclass
class Row:
    person: Any
    cells: list[Cell]

    @property
    def gaps(self) -> int:
        return sum(1 for c in self.cells if c.is_gap)

    @property
    def expiring(self) -> int:
        return sum(1 for c in self.cells if c.status == "expiring")


@dataclass
class Matrix:
    skills: list[Any]
    rows: list[Row]
    counts: dict[str, int] = field(default_factory=dict)
    gaps_by_skill: list[int] = field(default_factory=list)
    truncated: bool = False

    @property
    def gaps(self) -> int:
        return sum(self.counts.get(s, 0) for s in GAPS)

    @property
    def required(self) -> int:
        return sum(self.counts.values())


def _cell(rows: list, holding: Any) -> Cell:
    """The cell of one person and skill from its qualification rows (the worst one wins)
    and the skill held (None if not held)."""
    cell = Cell(held=holding is not None)
    if holding is not None:
        cell.level, cell.expires_on = holding.level, holding.expires_on
    if rows:
        state = worst(q.status for q in rows)
        chosen = next(q for q in rows if q.status == state)
        cell.status, cell.qualification = state, chosen
        cell.required_level = max(q.required_level for q in rows)
        cell.mandatory = any(q.mandatory for q in rows)
    return cell


def build(qualifications: list, holdings: list, *, truncated: bool = False) -> Matrix:
    """The matrix of these qualifications (their people and skills) and of what those people
    hold of those skills. People sorted by name, skills by code."""
    people = {q.person_id: q.person for q in qualifications}
    skills = {q.skill_id: q.skill for q in qualifications}
    by_pair: dict[tuple[int, int], list] = {}
    for q in qualifications:
        by_pair.setdefault((q.person_id, q.skill_id), []).append(q)
    held = {}
    for h in sorted(holdings, key=lambda h: (h.expires_on or dt.date.max, h.obtained_on)):
        held[h.person_id, h.skill_id] = h
    columns = sorted(skills.values(), key=lambda s: (s.code, s.pk))
    ordered = sorted(people.values(), key=lambda p: (p.last_name, p.first_name, p.username))
    rows = [
        Row(p, [_cell(by_pair.get((p.pk, s.pk), []), held.get((p.pk, s.pk))) for s in columns])
        for p in ordered
    ]
    counts = Counter(c.status for r in rows for c in r.cells if c.status)
    return Matrix(
        skills=columns,
        rows=rows,
        counts={s: counts.get(s, 0) for s in reversed(SEVERITY)},
        gaps_by_skill=[sum(1 for r in rows if r.cells[i].is_gap) for i in range(len(columns))],
        truncated=truncated,
    )
