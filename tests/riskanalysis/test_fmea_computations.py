"""The FMEA's arithmetic (DOMAIN.md 9.1): RPN = S x O x D, the thresholds of the shipped
AMDEC-SOD matrix (act at RPN >= 100, always at S >= 9), severity-first ranking, re-rating."""

from __future__ import annotations

import pytest

from amelio.riskanalysis import computations as c
from amelio.scoring.services import default_matrices

RULES = c.Rules(rpn_threshold=100, severity_threshold=9)


def test_rpn_is_the_product_of_the_three_ratings():
    assert c.rpn(7, 4, 5) == 140
    assert c.rpn(1, 1, 1) == 1
    assert c.rpn(10, 10, 10) == 1000


@pytest.mark.parametrize("values", [(0, 4, 5), (11, 4, 5), (7, None, 5), (7, 4, True)])
def test_a_rating_off_the_1_to_10_scale_is_refused(values):
    with pytest.raises(ValueError):
        c.rpn(*values)


@pytest.mark.parametrize(
    ("s", "o", "d", "expected"),
    [
        (9, 1, 1, c.MUST),  # RPN 9, but S >= 9: always acted on
        (10, 2, 3, c.MUST),
        (5, 5, 4, c.ACT),  # RPN exactly 100
        (8, 3, 5, c.ACT),  # RPN 120
        (5, 4, 4, c.NONE),  # RPN 80
        (8, 3, 4, c.NONE),  # RPN 96, S below 9
    ],
)
def test_priority_applies_the_severity_rule_before_the_rpn(s, o, d, expected):
    assert c.priority(s, o, d, RULES).code == expected


def test_without_a_severity_rule_only_the_rpn_counts():
    assert c.priority(10, 1, 1, c.Rules(100, None)).code == c.NONE


def test_lines_are_ranked_severity_first_not_by_rpn():
    lines = {"A": (4, 10, 5), "B": (10, 3, 3), "C": (7, 4, 4), "D": (7, 5, 2), "E": (9, 1, 1)}
    order = sorted(lines, key=lambda k: c.severity_first_key(*lines[k], RULES))
    # B (S 10) and E (S 9) under the severity rule; then A (RPN 200) and C (RPN 112) above
    # the threshold, S 7 before S 4; D (RPN 70) last.
    assert order == ["B", "E", "C", "A", "D"]


def test_rerating_after_actions():
    result = c.rerate(c.Rating(8, 6, 5), c.Rating(8, 3, 3), RULES)
    assert (result.before, result.after) == (240, 72)
    assert result.reduction == 70.0
    assert result.priority_after.code == c.NONE
    assert result.improved and not result.severity_changed


def test_rerating_keeps_a_severe_line_under_the_rule():
    result = c.rerate(c.Rating(9, 4, 6), c.Rating(9, 2, 2), RULES)
    assert (result.before, result.after, result.reduction) == (216, 36, 83.3)
    assert result.priority_after.code == c.MUST


def test_rerating_that_changes_the_severity_is_flagged():
    result = c.rerate(c.Rating(8, 4, 4), c.Rating(6, 4, 4), RULES)
    assert result.severity_changed and result.reduction == 25.0


def test_the_shipped_matrix_gives_the_default_rules():
    definition = next(m for m in default_matrices() if m["code"] == "AMDEC-SOD")["definition"]
    assert c.rules_from_definition(definition) == c.Rules(rpn_threshold=100, severity_threshold=9)


def test_rules_follow_the_coordinator_s_matrix():
    definition = {
        "factors": [{"key": "severity"}, {"key": "occurrence"}, {"key": "detection"}],
        "levels": [
            {"key": "ok", "min": 1, "max": 79, "acceptable": True},
            {"key": "watch", "min": 80, "max": 199, "acceptable": False},
            {"key": "act", "min": 200, "max": 1000, "acceptable": False},
        ],
        "escalations": [{"factor": "severity", "min_value": 8, "level": "act"}],
    }
    assert c.rules_from_definition(definition) == c.Rules(rpn_threshold=80, severity_threshold=8)
