"""Pure computations of customer satisfaction (DOMAIN §10), no Django import: NPS, CSAT and
CES from the answers, the points one response carries so that an average over responses
gives the same figure, and distributions. An empty list of answers gives None, never 0.

- NPS: answers on 0–10; promoters 9–10, passives 7–8, detractors 0–6;
  NPS = % promoters − % detractors, from −100 to +100, shown as an integer.
- CSAT: share of answers 4 or 5 on a 1–5 scale, in %.
- CES: mean of the answers on the effort scale (1–7 or 1–5; higher = easier).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PROMOTER, PASSIVE, DETRACTOR = "promoter", "passive", "detractor"


def nps_category(score: int) -> str:
    """Promoter (9–10), passive (7–8) or detractor (0–6) for a 0–10 answer."""
    if not 0 <= score <= 10:
        raise ValueError(f"an NPS answer is from 0 to 10, not {score}")
    if score >= 9:
        return PROMOTER
    return PASSIVE if score >= 7 else DETRACTOR


def nps_points(score: int) -> int:
    """What one answer adds to the NPS mean: +100 promoter, 0 passive, −100 detractor. The
    mean of these points over the answers is the NPS."""
    return {PROMOTER: 100, PASSIVE: 0, DETRACTOR: -100}[nps_category(score)]


def csat_points(score: int) -> int:
    """100 for a satisfied answer (4 or 5 on 1–5), else 0: their mean is the CSAT in %."""
    if not 1 <= score <= 5:
        raise ValueError(f"a CSAT answer is from 1 to 5, not {score}")
    return 100 if score >= 4 else 0


@dataclass(frozen=True)
class Nps:
    """The NPS of some answers, with its shares (in %, unrounded) and counts."""

    value: int
    exact: float
    promoters: int
    passives: int
    detractors: int

    @property
    def count(self) -> int:
        return self.promoters + self.passives + self.detractors

    def share(self, category: str) -> float:
        return 100.0 * getattr(self, f"{category}s") / self.count


def nps(scores: Iterable[int]) -> Nps | None:
    """The NPS of 0–10 answers (integer, rounded half away from zero), None when empty."""
    counts = Counter(nps_category(s) for s in scores)
    total = sum(counts.values())
    if not total:
        return None
    exact = 100.0 * (counts[PROMOTER] - counts[DETRACTOR]) / total
    return Nps(
        value=round_half_away(exact),
        exact=exact,
        promoters=counts[PROMOTER],
        passives=counts[PASSIVE],
        detractors=counts[DETRACTOR],
    )


def csat(scores: Iterable[int]) -> float | None:
    """The share of answers 4 or 5 on a 1–5 scale, in %, None when empty."""
    values = [csat_points(s) for s in scores]
    return sum(values) / len(values) if values else None


def ces(scores: Iterable[float]) -> float | None:
    """The mean effort score, None when empty."""
    values = list(scores)
    return sum(values) / len(values) if values else None


def mean(values: Iterable[float]) -> float | None:
    kept = list(values)
    return sum(kept) / len(kept) if kept else None


def round_half_away(value: float) -> int:
    """Round to the nearest integer, halves away from zero (an NPS of 12.5 shows 13, −12.5
    shows −13), unlike Python's banker's rounding."""
    whole = int(abs(value) + 0.5)
    return whole if value >= 0 else -whole


def distribution(values: Iterable[int], options: Sequence[int]) -> list[tuple[int, int]]:
    """How many times each option was answered, every option listed (0 when never chosen),
    in the order of `options`; values outside the options are ignored."""
    counts = Counter(values)
    return [(option, counts.get(option, 0)) for option in options]


def share(part: int, total: int) -> float | None:
    """`part` of `total` in %, None when the total is 0."""
    return 100.0 * part / total if total else None


def response_rate(answered: int, invited: int) -> float | None:
    """The share of invitations answered, in %, None when nobody was invited."""
    return share(answered, invited)
