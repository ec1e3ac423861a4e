"""Evaluation and validation of scoring-matrix definitions: pure functions, no Django.

A definition is plain data (what `ScoringMatrix.definition` stores)::

    {
      "factors": [                      # 2 or 3, in order: rows, columns, third factor
        {"key": "likelihood", "label": {"fr": ..., "en": ...},
         "values": [{"value": 1, "label": {...}, "definition": {...}}, ...]},   # 3 to 10
        ...
      ],
      "method": "product",              # or "grid" (2 factors): the score is read in "grid"
      "grid": [[1, 2, 3], ...],         # grid only: one row per value of factor 1
      "levels": [                       # lowest first; each covers the scores min..max
        {"key": "low", "min": 1, "max": 3, "label": {...}, "colour": "#2e7d32",
         "acceptable": true}, ...
      ],
      "escalations": [                  # optional: a factor value that forces a level
        {"factor": "severity", "min_value": 9, "level": "action"}
      ]
    }

`validate()` lists what is wrong as `Problem`s (a code and its parameters; the caller words
them in the user's language); `evaluate()` gives the score and the level of factor values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise, product
from typing import Any

Definition = Mapping[str, Any]

MIN_FACTORS, MAX_FACTORS = 2, 3
MIN_VALUES, MAX_VALUES = 3, 10
METHODS = ("product", "grid")
LANGUAGES = ("fr", "en")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition: a stable code and the values that explain it."""

    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    """The evaluation of one set of factor values: score, level key and level rank (0 = lowest)."""

    score: int
    level: str
    rank: int


class OutOfScale(ValueError):
    """Factor values that the matrix cannot evaluate (wrong count, or not on a scale)."""


# Reading a definition ------------------------------------------------------------------------


def factors(definition: Definition) -> list[Mapping[str, Any]]:
    return list(definition.get("factors") or [])


def scale(factor: Mapping[str, Any]) -> list[int]:
    """The values of a factor's scale, in the order declared (lowest first)."""
    return [entry["value"] for entry in factor.get("values") or []]


def levels(definition: Definition) -> list[Mapping[str, Any]]:
    return list(definition.get("levels") or [])


def level(definition: Definition, key: str) -> Mapping[str, Any] | None:
    """The level called `key`, or None."""
    return next((item for item in levels(definition) if item.get("key") == key), None)


def combinations(definition: Definition) -> Iterator[tuple[int, ...]]:
    """Every combination of factor values, in scale order."""
    return product(*(scale(f) for f in factors(definition)))


def raw_score(definition: Definition, values: Sequence[int]) -> int:
    """The score of values already known to be on their scales."""
    if definition.get("method") == "grid":
        first, second = factors(definition)[:2]
        row = scale(first).index(values[0])
        column = scale(second).index(values[1])
        return int(definition["grid"][row][column])
    return math.prod(values)


def possible_scores(definition: Definition) -> list[int]:
    """Every score the matrix can give, ascending."""
    return sorted({raw_score(definition, combo) for combo in combinations(definition)})


# Evaluation ----------------------------------------------------------------------------------


def check_values(definition: Definition, values: Sequence[int]) -> None:
    """Raise `OutOfScale` unless there is one value per factor, each on its scale."""
    declared = factors(definition)
    if len(values) != len(declared):
        raise OutOfScale(f"expected {len(declared)} values, got {len(values)}")
    for factor, value in zip(declared, values, strict=True):
        if isinstance(value, bool) or value not in scale(factor):
            raise OutOfScale(f"{value!r} is not on the scale of {factor.get('key')}")


def level_rank(definition: Definition, score: int, values: Sequence[int] = ()) -> int:
    """The rank of the level of `score`, raised by any escalation the values trigger."""
    ranks = [i for i, item in enumerate(levels(definition)) if item["min"] <= score <= item["max"]]
    if len(ranks) != 1:
        raise OutOfScale(f"score {score} is covered by {len(ranks)} levels")
    rank = ranks[0]
    keys = [item["key"] for item in levels(definition)]
    positions = {f["key"]: i for i, f in enumerate(factors(definition))}
    for rule in definition.get("escalations") or []:
        index = positions[rule["factor"]]
        if index < len(values) and values[index] >= rule["min_value"]:
            rank = max(rank, keys.index(rule["level"]))
    return rank


def evaluate(definition: Definition, values: Sequence[int]) -> Result:
    """Score and level of `values` (one per factor, in the definition's order)."""
    check_values(definition, values)
    score = raw_score(definition, values)
    rank = level_rank(definition, score, values)
    return Result(score=score, level=levels(definition)[rank]["key"], rank=rank)


def cells(definition: Definition) -> list[list[Result]]:
    """The grid of a 2-factor matrix: one row per value of factor 1, one cell per value of
    factor 2. For 3 factors, each cell holds the worst result over the third factor."""
    declared = factors(definition)
    rows = []
    for first in scale(declared[0]):
        row = []
        for second in scale(declared[1]):
            thirds = scale(declared[2]) if len(declared) > 2 else [None]
            results = [
                evaluate(definition, [first, second] + ([] if third is None else [third]))
                for third in thirds
            ]
            row.append(max(results, key=lambda r: (r.rank, r.score)))
        rows.append(row)
    return rows


# Validation ----------------------------------------------------------------------------------


def _text_problems(item: Mapping[str, Any], name: str, where: str) -> list[Problem]:
    texts = item.get(name) or {}
    if not isinstance(texts, Mapping):
        return [Problem("text_missing", {"where": where, "language": "fr"})]
    return [
        Problem("text_missing", {"where": where, "language": language})
        for language in LANGUAGES
        if not str(texts.get(language) or "").strip()
    ]


def _factor_problems(factor: Mapping[str, Any], index: int) -> list[Problem]:
    where = str(factor.get("key") or index + 1)
    problems = _text_problems(factor, "label", where)
    values = factor.get("values") or []
    if not MIN_VALUES <= len(values) <= MAX_VALUES:
        problems.append(Problem("scale_size", {"factor": where, "count": len(values)}))
    numbers = [entry.get("value") for entry in values]
    if not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in numbers):
        problems.append(Problem("scale_not_positive", {"factor": where}))
    elif any(b <= a for a, b in pairwise(numbers)):
        problems.append(Problem("scale_not_increasing", {"factor": where}))
    for entry in values:
        problems += _text_problems(entry, "label", f"{where} {entry.get('value')}")
    return problems


def _grid_problems(definition: Definition) -> list[Problem]:
    declared = factors(definition)
    if len(declared) != MIN_FACTORS:
        return [Problem("grid_needs_two_factors")]
    grid = definition.get("grid") or []
    rows, columns = len(scale(declared[0])), len(scale(declared[1]))
    if len(grid) != rows or any(len(row) != columns for row in grid):
        return [Problem("grid_shape", {"rows": rows, "columns": columns})]
    flat = [cell for row in grid for cell in row]
    if not all(isinstance(c, int) and not isinstance(c, bool) and c > 0 for c in flat):
        return [Problem("grid_not_positive")]
    rising_rows = all(a <= b for row in grid for a, b in pairwise(row))
    rising_columns = all(
        grid[r][c] <= grid[r + 1][c] for r in range(rows - 1) for c in range(columns)
    )
    if not (rising_rows and rising_columns):
        return [Problem("grid_not_monotonic")]
    return []


def _level_problems(definition: Definition, scores: list[int]) -> list[Problem]:  # noqa: C901
    declared = levels(definition)
    if not declared:
        return [Problem("no_levels")]
    problems: list[Problem] = []
    keys = [item.get("key") for item in declared]
    if len(set(keys)) != len(keys) or not all(keys):
        problems.append(Problem("level_keys"))
    for item in declared:
        where = str(item.get("key"))
        problems += _text_problems(item, "label", where)
        if not COLOUR.match(str(item.get("colour") or "")):
            problems.append(Problem("level_colour", {"level": where}))
        low, high = item.get("min"), item.get("max")
        if not (isinstance(low, int) and isinstance(high, int) and low <= high):
            problems.append(Problem("level_range", {"level": where}))
    if problems:
        return problems
    for lower, upper in pairwise(declared):
        if upper["min"] <= lower["max"]:
            problems.append(Problem("levels_not_ascending", {"level": upper["key"]}))
    for score in scores:
        count = sum(1 for item in declared if item["min"] <= score <= item["max"])
        if count != 1:
            problems.append(Problem("score_coverage", {"score": score, "count": count}))
    return problems


def _escalation_problems(definition: Definition) -> list[Problem]:
    problems = []
    by_key = {f.get("key"): f for f in factors(definition)}
    level_keys = {item.get("key") for item in levels(definition)}
    for rule in definition.get("escalations") or []:
        factor = by_key.get(rule.get("factor"))
        if factor is None or rule.get("min_value") not in scale(factor):
            problems.append(Problem("escalation_factor", {"factor": rule.get("factor")}))
        if rule.get("level") not in level_keys:
            problems.append(Problem("escalation_level", {"level": rule.get("level")}))
    return problems


def validate(definition: Definition) -> list[Problem]:
    """Everything wrong with a definition; an empty list means it can be used."""
    declared = factors(definition)
    if not MIN_FACTORS <= len(declared) <= MAX_FACTORS:
        return [Problem("factor_count", {"count": len(declared)})]
    problems: list[Problem] = []
    keys = [f.get("key") for f in declared]
    if len(set(keys)) != len(keys) or not all(keys):
        problems.append(Problem("factor_keys"))
    for index, factor in enumerate(declared):
        problems += _factor_problems(factor, index)
    method = definition.get("method", "product")
    if method not in METHODS:
        problems.append(Problem("method", {"method": method}))
    elif method == "grid":
        problems += _grid_problems(definition)
    if problems:
        return problems
    problems += _level_problems(definition, possible_scores(definition))
    return problems + _escalation_problems(definition)
