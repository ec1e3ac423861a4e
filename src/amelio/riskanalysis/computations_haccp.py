"""The Codex CCP decision tree, a pure function of the team's answers (DOMAIN.md 9.2 and 13;
Codex CXC 1-1969, the classic four questions, kept as an example tool in the 2020 revision).

Q1   Do control measures exist for the hazard at this step?
     no  -> Q1b Is control at this step necessary for safety?
              yes -> modify the step, the process or the product; no -> not a CCP
Q2   Is the step specifically designed to eliminate the hazard or reduce its likely
     occurrence to an acceptable level?                             yes -> CCP
Q3   Could contamination occur or increase to unacceptable levels?  no  -> not a CCP
Q4   Will a subsequent step eliminate or reduce it to an acceptable level?
                                                    yes -> not a CCP; no -> CCP

An answer is True (yes), False (no) or None (not answered). A question the path needs and
that is not answered gives an incomplete result naming it; answers off the path are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

CCP = "ccp"
NOT_CCP = "not_ccp"
MODIFY = "modify"
INCOMPLETE = "incomplete"

QUESTIONS = ("q1", "q1b", "q2", "q3", "q4")


@dataclass(frozen=True)
class Decision:
    """Where the tree leads: the `outcome`, the questions on the path in the order asked
    (`path`, ending with the pending one), and the question to answer next when the outcome
    is INCOMPLETE (`pending`)."""

    outcome: str
    path: tuple[str, ...]
    pending: str | None = None

    @property
    def is_ccp(self) -> bool:
        return self.outcome == CCP


def _incomplete(path: tuple[str, ...], question: str) -> Decision:
    return Decision(INCOMPLETE, (*path, question), question)


def ccp_decision(
    q1: bool | None, q1b: bool | None, q2: bool | None, q3: bool | None, q4: bool | None
) -> Decision:
    """The tree's result for one hazard at one step."""
    if q1 is None:
        return _incomplete((), "q1")
    if not q1:
        if q1b is None:
            return _incomplete(("q1",), "q1b")
        return Decision(MODIFY if q1b else NOT_CCP, ("q1", "q1b"))
    if q2 is None:
        return _incomplete(("q1",), "q2")
    if q2:
        return Decision(CCP, ("q1", "q2"))
    if q3 is None:
        return _incomplete(("q1", "q2"), "q3")
    if not q3:
        return Decision(NOT_CCP, ("q1", "q2", "q3"))
    if q4 is None:
        return _incomplete(("q1", "q2", "q3"), "q4")
    return Decision(NOT_CCP if q4 else CCP, ("q1", "q2", "q3", "q4"))
