"""The FMEA's arithmetic, pure functions on plain numbers (DOMAIN.md 9.1).

RPN = S x O x D on the 1-10 scales. The action thresholds come from the study's scoring
matrix, which the coordinator edits (a new version) in the scoring settings: the lowest score
of its first level that is not acceptable is the RPN threshold, and its escalation on the
severity factor is the "severity always acted on" rule (S >= 9 on the shipped AMDEC-SOD).
Lines are ranked severity first (S, then O, then D), not by RPN alone: an RPN of 90 with
S = 10 comes before an RPN of 200 with S = 4.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SCALE = range(1, 11)

MUST = "severity"
ACT = "rpn"
NONE = "none"


@dataclass(frozen=True)
class Rules:
    """Action thresholds: act when RPN >= `rpn_threshold`; always act when S >=
    `severity_threshold` (None: no such rule)."""

    rpn_threshold: int = 100
    severity_threshold: int | None = 9


@dataclass(frozen=True)
class Rating:
    severity: int
    occurrence: int
    detection: int

    @property
    def rpn(self) -> int:
        return rpn(self.severity, self.occurrence, self.detection)


@dataclass(frozen=True)
class Priority:
    """`code` is MUST (severity rule), ACT (RPN threshold) or NONE; `rank` sorts them."""

    code: str

    @property
    def rank(self) -> int:
        return {MUST: 2, ACT: 1, NONE: 0}[self.code]

    @property
    def needs_action(self) -> bool:
        return self.code != NONE


@dataclass(frozen=True)
class Rerating:
    before: int
    after: int
    reduction: float | None
    priority_after: Priority
    severity_changed: bool

    @property
    def improved(self) -> bool:
        return self.after < self.before


def _check(value: Any) -> int:
    if isinstance(value, bool) or value not in SCALE:
        raise ValueError(f"{value!r} is not on the 1-10 scale")
    return int(value)


def rpn(severity: int, occurrence: int, detection: int) -> int:
    """The risk priority number, 1 to 1,000."""
    return _check(severity) * _check(occurrence) * _check(detection)


def priority(severity: int, occurrence: int, detection: int, rules: Rules) -> Priority:
    """MUST when the severity rule applies, whatever the RPN; ACT when the RPN reaches the
    threshold; NONE otherwise."""
    score = rpn(severity, occurrence, detection)
    if rules.severity_threshold is not None and severity >= rules.severity_threshold:
        return Priority(MUST)
    if score >= rules.rpn_threshold:
        return Priority(ACT)
    return Priority(NONE)


def severity_first_key(
    severity: int, occurrence: int, detection: int, rules: Rules
) -> tuple[int, ...]:
    """Sort key, most urgent first: lines under a rule, then by S, O, D and RPN descending."""
    rank = priority(severity, occurrence, detection, rules).rank
    score = rpn(severity, occurrence, detection)
    return (-rank, -severity, -occurrence, -detection, -score)


def rerate(before: Rating, after: Rating, rules: Rules) -> Rerating:
    """What a re-rating after actions changed: RPN before and after, the reduction in per
    cent (one decimal), the priority left, and whether the severity moved (it only falls
    with a design change: the effect is the same whatever the controls)."""
    old, new = before.rpn, after.rpn
    return Rerating(
        before=old,
        after=new,
        reduction=round((old - new) * 100 / old, 1),
        priority_after=priority(after.severity, after.occurrence, after.detection, rules),
        severity_changed=after.severity != before.severity,
    )


def rules_from_definition(definition: Mapping[str, Any]) -> Rules:
    """The thresholds a scoring-matrix definition expresses: the lowest score of its first
    level that is not acceptable, and its escalation on the severity factor."""
    levels = definition.get("levels") or []
    unacceptable = [level["min"] for level in levels if not level.get("acceptable", False)]
    threshold = min(unacceptable) if unacceptable else 1001
    first = (definition.get("factors") or [{}])[0].get("key")
    escalations = [
        rule["min_value"]
        for rule in definition.get("escalations") or []
        if rule.get("factor") in ("severity", first)
    ]
    return Rules(rpn_threshold=threshold, severity_threshold=min(escalations, default=None))
