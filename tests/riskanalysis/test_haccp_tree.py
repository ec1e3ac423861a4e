"""The Codex CCP decision tree (DOMAIN.md 9.2 and 13): one test for each path, and the
incomplete results that name the question the path needs next."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amelio.riskanalysis.computations_haccp import (
    CCP,
    INCOMPLETE,
    MODIFY,
    NOT_CCP,
    Decision,
    ccp_decision,
)

YES, NO, BLANK = True, False, None


def test_no_control_measure_and_control_necessary_means_modify_the_step():
    assert ccp_decision(NO, YES, BLANK, BLANK, BLANK) == Decision(MODIFY, ("q1", "q1b"))


def test_no_control_measure_and_control_not_necessary_is_not_a_ccp():
    assert ccp_decision(NO, NO, BLANK, BLANK, BLANK) == Decision(NOT_CCP, ("q1", "q1b"))


def test_a_step_designed_to_eliminate_the_hazard_is_a_ccp():
    assert ccp_decision(YES, BLANK, YES, BLANK, BLANK) == Decision(CCP, ("q1", "q2"))


def test_no_contamination_to_unacceptable_levels_is_not_a_ccp():
    assert ccp_decision(YES, BLANK, NO, NO, BLANK) == Decision(NOT_CCP, ("q1", "q2", "q3"))


def test_a_later_step_that_eliminates_the_hazard_makes_this_one_not_a_ccp():
    assert ccp_decision(YES, BLANK, NO, YES, YES) == Decision(NOT_CCP, ("q1", "q2", "q3", "q4"))


def test_no_later_step_to_eliminate_the_hazard_makes_this_one_a_ccp():
    assert ccp_decision(YES, BLANK, NO, YES, NO) == Decision(CCP, ("q1", "q2", "q3", "q4"))


@pytest.mark.parametrize(
    ("answers", "pending", "path"),
    [
        ((BLANK, BLANK, BLANK, BLANK, BLANK), "q1", ("q1",)),
        ((NO, BLANK, BLANK, BLANK, BLANK), "q1b", ("q1", "q1b")),
        ((YES, BLANK, BLANK, BLANK, BLANK), "q2", ("q1", "q2")),
        ((YES, BLANK, NO, BLANK, BLANK), "q3", ("q1", "q2", "q3")),
        ((YES, BLANK, NO, YES, BLANK), "q4", ("q1", "q2", "q3", "q4")),
    ],
)
def test_an_unanswered_question_on_the_path_gives_an_incomplete_result(answers, pending, path):
    assert ccp_decision(*answers) == Decision(INCOMPLETE, path, pending)


def test_answers_off_the_path_do_not_change_the_result():
    # q1 = no: q2, q3 and q4 are not asked, whatever was answered there before.
    assert ccp_decision(NO, YES, YES, NO, NO).outcome == MODIFY
    # q2 = yes: q1b, q3 and q4 are not asked.
    assert ccp_decision(YES, NO, YES, NO, YES) == Decision(CCP, ("q1", "q2"))


@given(st.tuples(*[st.sampled_from([True, False, None])] * 5))
def test_every_set_of_answers_leads_somewhere_and_only_incomplete_waits(answers):
    decision = ccp_decision(*answers)
    assert decision.outcome in (CCP, NOT_CCP, MODIFY, INCOMPLETE)
    assert (decision.pending is not None) == (decision.outcome == INCOMPLETE)
    assert decision.path[0] == "q1"
