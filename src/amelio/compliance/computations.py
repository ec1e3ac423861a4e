"""Pure computations of compliance: comparisons of the applicability rules, due dates of
evaluations and inspections, scores of a gap assessment, coverage across standards. No
Django import: the callers pass plain values."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

RESULT_SCORES = {"conform": Decimal(100), "partial": Decimal(50), "not_conform": Decimal(0)}
# Worst first: the conformity of a text at a site is the worst of its requirements' latest.
RESULT_ORDER = ("not_conform", "partial", "not_evaluated", "conform", "not_applicable")


def compare(actual: Decimal, operator: str, expected: Decimal) -> bool:
    if operator == "gte":
        return actual >= expected
    if operator == "lt":
        return actual < expected
    return actual == expected


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later, or the month's last day (31 Jan + 1 month
    = 28 or 29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def worst_result(results: Iterable[str]) -> str:
    """The conformity of a set of requirements: the worst result; not evaluated when none is
    known; not applicable only when every one is."""
    found = [r for r in results if r in RESULT_ORDER]
    if not found:
        return "not_evaluated"
    return min(found, key=RESULT_ORDER.index)


def next_evaluation(
    evaluated_on: dt.date, result: str, periodicity_months: int | None, parameters: Mapping
) -> dt.date | None:
    """When a requirement is evaluated again at a site: after the text's own periodicity when
    it sets one, sooner after a gap (the gap review), else after the evaluation cycle."""
    if result == "not_applicable":
        return None
    if result in ("partial", "not_conform"):
        months = int(parameters["gap_review_months"])
        if periodicity_months:
            months = min(months, periodicity_months)
    else:
        months = periodicity_months or int(parameters["evaluation_cycle_months"])
    return add_months(evaluated_on, months)


@dataclass(frozen=True)
class InspectionPlan:
    """How one inspection rule falls due for one equipment."""

    months: int
    extended_months: int | None = None
    first_within_months: int | None = None


def inspection_period(plan: InspectionPlan, last_clear: bool, extension_notified: bool) -> int:
    """The periodicity that runs after the last inspection: the extended one when the rule has
    one, the operator has notified it, and the last report had no observation left open."""
    if plan.extended_months and extension_notified and last_clear:
        return plan.extended_months
    return plan.months


def next_inspection(
    plan: InspectionPlan,
    *,
    commissioned_on: dt.date | None,
    last_done: dt.date | None,
    last_clear: bool,
    extension_notified: bool = False,
) -> dt.date | None:
    """The date the next inspection of a rule falls due.

    Never inspected: within the first-inspection delay after commissioning when the rule sets
    one, else one period after commissioning; unknown without a commissioning date."""
    if last_done is None:
        if commissioned_on is None:
            return None
        return add_months(commissioned_on, plan.first_within_months or plan.months)
    return add_months(last_done, inspection_period(plan, last_clear, extension_notified))


def due_state(due: dt.date | None, today: dt.date, soon_days: int) -> str:
    """overdue / soon / ok / unknown."""
    if due is None:
        return "unknown"
    if due < today:
        return "overdue"
    if (due - today).days <= soon_days:
        return "soon"
    return "ok"


@dataclass(frozen=True)
class ChapterScore:
    chapter: str
    score: Decimal | None  # 0-100, conform 100, partial 50, not conform 0
    maturity: Decimal | None  # mean of the maturities given, 0-5
    assessed: int
    applicable: int
    gaps: int


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1"))


def chapter_scores(answers: Iterable[Mapping]) -> list[ChapterScore]:
    """Scores per chapter of a gap assessment from its answers (dicts with chapter, result,
    maturity, applicable). Excluded and not yet assessed clauses count in no score."""
    chapters: dict[str, list[Mapping]] = {}
    for answer in answers:
        chapters.setdefault(answer["chapter"], []).append(answer)
    scores = []
    for chapter in sorted(chapters, key=_number_key):
        rows = [a for a in chapters[chapter] if a["applicable"]]
        results = [RESULT_SCORES[a["result"]] for a in rows if a["result"] in RESULT_SCORES]
        maturities = [Decimal(a["maturity"]) for a in rows if a["maturity"] is not None]
        scores.append(
            ChapterScore(
                chapter=chapter,
                score=_mean(results),
                maturity=_mean(maturities),
                assessed=len(results),
                applicable=len(rows),
                gaps=sum(1 for a in rows if a["result"] in ("partial", "not_conform")),
            )
        )
    return scores


def overall_score(scores: Iterable[ChapterScore]) -> Decimal | None:
    """The mean of the answered clauses over all chapters (weighted by clauses answered)."""
    total = Decimal(0)
    count = 0
    for score in scores:
        if score.score is not None:
            total += score.score * score.assessed
            count += score.assessed
    return (total / count).quantize(Decimal("0.1")) if count else None


def _number_key(number: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in number.replace("-", ".").split("."))


@dataclass(frozen=True)
class Coverage:
    """The state of one clause in an assessment: answered here, or covered through the same
    shared requirement answered in another framework's assessment of the site."""

    result: str
    direct: bool
    source: str  # the framework and clause that answered it, when not direct


def coverage(
    clauses: Iterable[tuple[int, str]],
    own: Mapping[int, str],
    shared_answers: Mapping[str, tuple[str, str]],
) -> dict[int, Coverage]:
    """For each (clause id, shared key): its own answer when given, else the answer of a
    clause with the same shared key in another assessment (result, "ISO 9001 §7.2")."""
    found: dict[int, Coverage] = {}
    for clause_id, shared in clauses:
        result = own.get(clause_id)
        if result and result != "not_assessed":
            found[clause_id] = Coverage(result, True, "")
        elif shared and shared in shared_answers:
            other, source = shared_answers[shared]
            found[clause_id] = Coverage(other, False, source)
        else:
            found[clause_id] = Coverage("not_assessed", True, "")
    return found
