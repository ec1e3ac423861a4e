"""A survey with a question of each kind and an open campaign, shared by the survey tests."""

from __future__ import annotations

import datetime as dt

from amelio.customers.models import Campaign, CustomerSegment, Question, Survey

QUESTIONS = [
    # kind, French, English, choices (fr), choices (en), required, metric
    (
        "scale_10",
        "Recommanderiez-vous nos services ?",
        "Would you recommend us?",
        "",
        "",
        True,
        "nps",
    ),
    ("scale_5", "Êtes-vous satisfait ?", "Are you satisfied?", "", "", True, "csat"),
    ("scale_7", "Était-ce facile ?", "Was it easy?", "", "", False, "ces"),
    ("yes_no", "Nous avez-vous déjà recommandés ?", "Have you recommended us?", "", "", False, ""),
    (
        "single",
        "Votre rôle ?",
        "Your role?",
        "Achats\nQualité\nAutre",
        "Purchasing\nQuality\nOther",
        False,
        "",
    ),
    (
        "multiple",
        "Vos attentes ?",
        "Your expectations?",
        "Prix\nDélais\nQualité",
        "Price\nLead time\nQuality",
        False,
        "",
    ),
    ("text", "Un commentaire ?", "A comment?", "", "", False, ""),
]


def make_survey(unit, title: str = "Enquête de satisfaction") -> Survey:
    survey = Survey.objects.create(
        title_fr=title,
        title_en="Satisfaction survey",
        introduction_fr="Merci de votre aide.",
        introduction_en="Thank you for your help.",
        org_unit=unit,
    )
    for order, (kind, fr, en, cfr, cen, required, metric) in enumerate(QUESTIONS, start=1):
        Question.objects.create(
            survey=survey,
            order=order,
            kind=kind,
            text_fr=fr,
            text_en=en,
            choices_fr=cfr,
            choices_en=cen,
            required=required,
            metric=metric,
        )
    return survey


def make_campaign(survey, unit, opens: dt.date, closes: dt.date, **extra) -> Campaign:
    return Campaign.objects.create(
        title=extra.pop("title", "Campagne 2026"),
        survey=survey,
        org_unit=unit,
        opens_on=opens,
        closes_on=closes,
        **extra,
    )


def segment(unit, name: str = "Constructeurs automobiles") -> CustomerSegment:
    return CustomerSegment.objects.create(name=name, org_unit=unit)


def answers(survey, **values) -> dict:
    """POST data: `nps=9, csat=4, ces=6, yes_no=1, single=0, multiple=[0, 2], text="..."`."""
    by_key = {q.metric or q.kind: q for q in survey.questions.all()}
    data: dict = {}
    for key, value in values.items():
        name = f"q{by_key[key].pk}"
        data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data
