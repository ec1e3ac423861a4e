"""The results of a survey campaign, read from its responses: NPS, CSAT and CES with their
counts and distributions, the same by segment, the trend by month across the campaigns of the
same survey, each other question's distribution and the free-text answers (searchable)."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from amelio.customers import metrics
from amelio.customers.models import (
    Answer,
    Campaign,
    MetricRole,
    Question,
    QuestionKind,
    Response,
)


@dataclass
class Figures:
    """NPS, CSAT and CES of some responses (None: no answer to that question)."""

    count: int
    nps: metrics.Nps | None
    csat: float | None
    csat_count: int
    ces: float | None
    ces_count: int


def figures(numbers: dict[str, list[int]], count: int) -> Figures:
    """The figures of the answers to each metric question (metric -> numbers)."""
    return Figures(
        count=count,
        nps=metrics.nps(numbers.get(MetricRole.NPS, [])),
        csat=metrics.csat(numbers.get(MetricRole.CSAT, [])),
        csat_count=len(numbers.get(MetricRole.CSAT, [])),
        ces=metrics.ces(numbers.get(MetricRole.CES, [])),
        ces_count=len(numbers.get(MetricRole.CES, [])),
    )


@dataclass
class QuestionResult:
    question: Question
    labels: list[str]
    counts: list[int]
    answered: int
    mean: float | None = None
    texts: list[Any] = field(default_factory=list)
    figure: dict | None = None
    title: str = ""

    @property
    def rows(self) -> list[tuple[str, int]]:
        return list(zip(self.labels, self.counts, strict=True))

    @property
    def figure_id(self) -> str:
        return f"q{self.question.pk}-data"


def _folded(text: str) -> str:
    """Lower case without accents, to search "securite" and find "sécurité"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _labels(question: Question, language: str) -> list[str]:
    if question.kind == QuestionKind.YES_NO:
        from django.utils.translation import gettext as _

        return [str(_("Yes")), str(_("No"))]
    if question.has_choices:
        return question.choices(language)
    return [str(n) for n in question.scale or ()]


def question_result(question: Question, answers: list[Answer], language: str, q: str = ""):
    """The distribution of one question's answers (every option listed), or its texts."""
    result = _question_result(question, answers, language, q)
    result.title = question.text(language)
    return result


def _question_result(question: Question, answers: list[Answer], language: str, q: str):
    labels = _labels(question, language)
    if question.kind == QuestionKind.TEXT:
        texts = [a for a in answers if a.text]
        if q:
            needle = _folded(q)
            texts = [a for a in texts if needle in _folded(a.text)]
        return QuestionResult(question, [], [], len([a for a in answers if a.text]), texts=texts)
    if question.has_choices:
        chosen = [c for a in answers for c in a.choices]
        counts = [n for _o, n in metrics.distribution(chosen, range(len(labels)))]
        return QuestionResult(question, labels, counts, len(answers))
    numbers = [a.number for a in answers if a.number is not None]
    options = [1, 0] if question.kind == QuestionKind.YES_NO else list(question.scale or ())
    counts = [n for _o, n in metrics.distribution(numbers, options)]
    mean = None if question.kind == QuestionKind.YES_NO else metrics.mean(numbers)
    return QuestionResult(question, labels, counts, len(numbers), mean=mean)


def campaign_results(campaign: Campaign, language: str, q: str = "") -> dict:
    """Everything the results page shows of one campaign."""
    responses = list(
        Response.objects.active()  # type: ignore[attr-defined]
        .filter(campaign=campaign)
        .select_related("segment")
    )
    questions = list(campaign.survey.questions.all())
    answers = list(
        Answer.objects.filter(response__in=[r.pk for r in responses]).select_related(
            "response", "question"
        )
    )
    by_question: dict[int, list[Answer]] = defaultdict(list)
    for answer in answers:
        by_question[answer.question_id].append(answer)
    invitations = campaign.invitations.aggregate(
        sent=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )
    return {
        "count": len(responses),
        "invitations": invitations,
        "rate": metrics.response_rate(invitations["answered"], invitations["sent"]),
        "figures": figures(_metric_numbers(answers), len(responses)),
        "segments": _by_segment(responses, answers),
        "metric_questions": {q.metric: q for q in questions if q.metric},
        "questions": [
            question_result(question, by_question[question.pk], language, q)
            for question in questions
        ],
    }


def _metric_numbers(answers: list[Answer]) -> dict[str, list[int]]:
    numbers: dict[str, list[int]] = defaultdict(list)
    for answer in answers:
        if answer.question.metric and answer.number is not None:
            numbers[answer.question.metric].append(int(answer.number))
    return numbers


def _by_segment(responses: list[Response], answers: list[Answer]) -> list[tuple[Any, Figures]]:
    """The figures of each segment that answered (no segment last)."""
    answers_of: dict[int, list[Answer]] = defaultdict(list)
    for answer in answers:
        answers_of[answer.response_id].append(answer)
    grouped: dict[Any, list[Response]] = defaultdict(list)
    for response in responses:
        grouped[response.segment].append(response)
    rows = []
    for segment, members in grouped.items():
        mine = [a for r in members for a in answers_of[r.pk]]
        rows.append((segment, figures(_metric_numbers(mine), len(members))))
    rows.sort(key=lambda row: (row[0] is None, str(row[0] or "")))
    return rows


def _metric_answers(**conditions) -> list[tuple]:
    """(day answered, metric, number, response id) of the answers to the metric questions of
    the active responses of the active campaigns matching `conditions`."""
    return list(
        Answer.objects.filter(
            question__metric__in=[m.value for m in MetricRole if m.value],
            number__isnull=False,
            response__archived_at__isnull=True,
            response__campaign__archived_at__isnull=True,
            **conditions,
        ).values_list("response__submitted_on", "question__metric", "number", "response_id")
    )


def _figures_by(answers: list[tuple], key) -> dict[Any, Figures]:
    """The figures of `answers` grouped by `key(day answered)`."""
    groups: dict[Any, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    respondents: dict[Any, set[int]] = defaultdict(set)
    for day, metric, number, response_id in answers:
        groups[key(day)][metric].append(int(number or 0))
        respondents[key(day)].add(response_id)
    return {group: figures(groups[group], len(respondents[group])) for group in groups}


def trend(campaigns) -> list[tuple[Any, Figures]]:
    """NPS, CSAT and CES by month of answer, over `campaigns` (those of the same survey the
    user sees)."""
    found = _figures_by(
        _metric_answers(response__campaign__in=campaigns), lambda day: day.replace(day=1)
    )
    return sorted(found.items(), key=lambda row: row[0])


def period_figures(path: str, start, end) -> Figures | None:
    """NPS, CSAT and CES of the answers received from `start` included to `end` excluded to
    the campaigns of the unit of `path` and the units below it (the measures customers.nps,
    .csat and .ces); None when nothing was answered. A month of the results page's trend is
    the same figure for the campaigns of its survey."""
    answers = _metric_answers(
        response__org_unit__path__startswith=path,
        response__submitted_on__gte=start,
        response__submitted_on__lt=end,
    )
    return _figures_by(answers, lambda day: None).get(None)
