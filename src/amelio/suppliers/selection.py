"""The selection of offers (pure functions, no Django): the weights of the criteria sum to
100 %, each offer's weighted total out of 100, and the ranking of the offers with ties shown
as ties (standard competition ranking: 1, 1, 3).

An offer's total is Σ weightᵢ × scoreᵢ / 10 with weights in % and scores from 0 to 10, so a
perfect offer scores 100. An offer not scored on every criterion has no total and is not
ranked: a missing score is never read as a zero.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

FULL_WEIGHT = Decimal(100)
SCORE_MAX = Decimal(10)
CENT = Decimal("0.01")
K = TypeVar("K", bound=Hashable)


def weight_sum(weights: Iterable[Decimal | int | None]) -> Decimal:
    """The sum of the weights in %, empty weights counting for nothing."""
    return sum((Decimal(w) for w in weights if w is not None), Decimal(0))


def weights_complete(weights: Iterable[Decimal | int | None]) -> bool:
    """Whether the weights sum to exactly 100 % (an empty set of criteria does not)."""
    return weight_sum(weights) == FULL_WEIGHT


def weighted_total(
    weights: Mapping[K, Decimal | int], scores: Mapping[K, Decimal | int | None]
) -> Decimal | None:
    """The offer's total out of 100: Σ weightᵢ × scoreᵢ / 10 over the criteria of `weights`,
    rounded to the hundredth; None when a criterion has no score (or there is no criterion)."""
    if not weights:
        return None
    total = Decimal(0)
    for key, weight in weights.items():
        score = scores.get(key)
        if score is None:
            return None
        total += Decimal(weight) * Decimal(score) / SCORE_MAX
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Placed:
    """An offer's place: its total, its rank (None when it has no total) and whether another
    offer shares that rank."""

    key: Any
    total: Decimal | None
    rank: int | None
    tied: bool = False


def competition_ranking(totals: Mapping[K, Decimal | None]) -> list[Placed]:
    """The offers ranked by total, highest first, with standard competition ranking: equal
    totals share a rank and the next rank skips as many places (1, 1, 3). Offers without a
    total come last, unranked, in the order given; equal totals keep the order given."""
    scored = [(key, total) for key, total in totals.items() if total is not None]
    scored.sort(key=lambda item: item[1], reverse=True)
    counts: dict[Decimal, int] = {}
    for _key, total in scored:
        counts[total] = counts.get(total, 0) + 1
    placed: list[Placed] = []
    for position, (key, total) in enumerate(scored, start=1):
        rank = placed[-1].rank if placed and placed[-1].total == total else position
        placed.append(Placed(key, total, rank, counts[total] > 1))
    placed += [Placed(key, None, None) for key, total in totals.items() if total is None]
    return placed
