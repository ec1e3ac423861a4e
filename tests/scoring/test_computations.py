"""Pure evaluation of scoring matrices: exact tables from DOMAIN.md and hypothesis invariants."""

from __future__ import annotations

import copy
import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amelio.scoring import computations as calc
from amelio.scoring.services import DEFAULTS_FILE

DEFAULTS = {m["code"]: m["definition"] for m in json.loads(DEFAULTS_FILE.read_text())["matrices"]}
GRID_4X4 = DEFAULTS["PG-4x4"]
FMEA = DEFAULTS["AMDEC-SOD"]


def test_the_shipped_matrices_are_valid():
    assert {code: calc.validate(d) for code, d in DEFAULTS.items()} == {
        "PG-4x4": [],
        "PG-5x5": [],
        "AMDEC-SOD": [],
    }


def test_4x4_levels_follow_domain_classes():
    # DOMAIN.md §2.3: 1-3 low, 4-6 medium, 8-9 high, 12-16 critical (C = G x F).
    table = [[calc.evaluate(GRID_4X4, [f, g]).level for g in range(1, 5)] for f in range(1, 5)]
    assert table == [
        ["low", "low", "low", "medium"],
        ["low", "medium", "medium", "high"],
        ["low", "medium", "high", "critical"],
        ["medium", "high", "critical", "critical"],
    ]
    assert calc.evaluate(GRID_4X4, [3, 4]) == calc.Result(score=12, level="critical", rank=3)
    assert calc.possible_scores(GRID_4X4) == [1, 2, 3, 4, 6, 8, 9, 12, 16]


def test_5x5_scores_and_levels():
    five = DEFAULTS["PG-5x5"]
    assert calc.evaluate(five, [4, 5]) == calc.Result(score=20, level="critical", rank=3)
    assert calc.evaluate(five, [2, 2]) == calc.Result(score=4, level="low", rank=0)
    assert calc.evaluate(five, [5, 1]).level == "medium"
    assert calc.evaluate(five, [3, 4]).level == "high"


def test_fmea_rpn_and_severity_escalation():
    assert calc.evaluate(FMEA, [5, 4, 5]) == calc.Result(score=100, level="action", rank=1)
    assert calc.evaluate(FMEA, [7, 3, 4]) == calc.Result(score=84, level="acceptable", rank=0)
    # Severity 9 or 10 needs action whatever the RPN.
    assert calc.evaluate(FMEA, [9, 1, 1]) == calc.Result(score=9, level="action", rank=1)
    assert calc.evaluate(FMEA, [10, 10, 10]).score == 1000
    assert len(calc.possible_scores(FMEA)) == 120


def test_grid_method_reads_the_score_in_the_grid():
    definition = copy.deepcopy(GRID_4X4)
    definition["method"] = "grid"
    definition["grid"] = [[1, 1, 2, 4], [1, 2, 4, 8], [2, 4, 8, 12], [4, 8, 12, 16]]
    assert calc.validate(definition) == []
    assert calc.evaluate(definition, [1, 4]) == calc.Result(score=4, level="medium", rank=1)
    assert calc.cells(definition)[3][3].level == "critical"


@pytest.mark.parametrize(
    ("values", "reason"),
    [([0, 1], "off scale"), ([1, 5], "off scale"), ([1], "too few"), ([1, 2, 3], "too many")],
)
def test_values_off_the_scale_are_rejected(values, reason):
    with pytest.raises(calc.OutOfScale):
        calc.evaluate(GRID_4X4, values)


def test_validation_finds_gaps_overlaps_and_bad_grids():
    gap = copy.deepcopy(GRID_4X4)
    gap["levels"][1]["min"] = 5  # 4 is then in no level
    assert calc.validate(gap) == [calc.Problem("score_coverage", {"score": 4, "count": 0})]
    overlap = copy.deepcopy(GRID_4X4)
    overlap["levels"][0]["max"] = 4
    assert calc.Problem("levels_not_ascending", {"level": "medium"}) in calc.validate(overlap)
    falling = copy.deepcopy(GRID_4X4)
    falling["method"] = "grid"
    falling["grid"] = [[4, 3, 2, 1]] * 4
    assert calc.validate(falling) == [calc.Problem("grid_not_monotonic")]
    one = copy.deepcopy(GRID_4X4)
    one["factors"] = one["factors"][:1]
    assert calc.validate(one) == [calc.Problem("factor_count", {"count": 1})]
    short = copy.deepcopy(GRID_4X4)
    short["factors"][0]["values"] = short["factors"][0]["values"][:2]
    assert calc.Problem("scale_size", {"factor": "likelihood", "count": 2}) in calc.validate(short)
    untranslated = copy.deepcopy(GRID_4X4)
    untranslated["levels"][0]["label"]["en"] = ""
    assert calc.validate(untranslated) == [
        calc.Problem("text_missing", {"where": "low", "language": "en"})
    ]


# Hypothesis: random valid matrices -----------------------------------------------------------


def _factor(key: str, size: int) -> dict:
    label = {"fr": key, "en": key}
    return {
        "key": key,
        "label": label,
        "values": [{"value": v, "label": {"fr": str(v), "en": str(v)}} for v in range(1, size + 1)],
    }


@st.composite
def definitions(draw):
    """A valid product matrix: 2 or 3 factors of 3 to 10 values, levels cut at random."""
    sizes = draw(st.lists(st.integers(3, 10), min_size=2, max_size=3))
    definition = {
        "factors": [_factor(f"f{i}", size) for i, size in enumerate(sizes)],
        "method": "product",
    }
    scores = calc.possible_scores(definition)
    cuts = sorted(draw(st.sets(st.integers(1, len(scores) - 1), max_size=4)))
    bounds = [0, *cuts, len(scores)]
    definition["levels"] = [
        {
            "key": f"l{i}",
            "min": scores[lo],
            "max": scores[hi - 1],
            "label": {"fr": f"N{i}", "en": f"L{i}"},
            "colour": "#123456",
            "acceptable": i == 0,
        }
        for i, (lo, hi) in enumerate(itertools.pairwise(bounds))
    ]
    return definition


@given(definitions())
def test_every_possible_score_maps_to_exactly_one_level(definition):
    assert calc.validate(definition) == []
    for score in calc.possible_scores(definition):
        assert sum(lv["min"] <= score <= lv["max"] for lv in definition["levels"]) == 1


@given(definitions(), st.data())
def test_the_level_never_goes_down_when_a_factor_goes_up(definition, data):
    values = [data.draw(st.sampled_from(calc.scale(f))) for f in definition["factors"]]
    index = data.draw(st.integers(0, len(values) - 1))
    higher = list(values)
    top = calc.scale(definition["factors"][index])[-1]
    higher[index] = data.draw(st.integers(values[index], top))
    before, after = calc.evaluate(definition, values), calc.evaluate(definition, higher)
    assert after.score >= before.score
    assert after.rank >= before.rank


@given(definitions(), st.data())
def test_a_value_off_its_scale_is_rejected(definition, data):
    values = [calc.scale(f)[0] for f in definition["factors"]]
    index = data.draw(st.integers(0, len(values) - 1))
    size = len(calc.scale(definition["factors"][index]))
    values[index] = data.draw(st.one_of(st.integers(max_value=0), st.integers(min_value=size + 1)))
    with pytest.raises(calc.OutOfScale):
        calc.evaluate(definition, values)


@given(st.data())
def test_escalations_keep_the_fmea_level_monotonic(data):
    values = [data.draw(st.integers(1, 10)) for _ in range(3)]
    index = data.draw(st.integers(0, 2))
    higher = list(values)
    higher[index] = data.draw(st.integers(values[index], 10))
    assert calc.evaluate(FMEA, higher).rank >= calc.evaluate(FMEA, values).rank
