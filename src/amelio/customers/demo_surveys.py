"""Demo customer survey of Forges et Mécanique du Rhône: the yearly satisfaction survey (NPS,
CSAT, CES, four 1–5 items, the main contact, a comment), last year's campaign and this
year's (open today), about 200 answers spread over four segments, and the actions decided
from last year's results. Drawn from a fixed seed: the same demo each time."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.utils import timezone

from amelio.actions.models import Action, ActionLink
from amelio.core import services as core
from amelio.customers import services_surveys as services
from amelio.customers.models import (
    Campaign,
    Customer,
    CustomerSegment,
    Invitation,
    Question,
    Survey,
)
from amelio.customers.models.surveys import new_token, token_hash

PARIS = ZoneInfo("Europe/Paris")

INTRODUCTION = (
    "Chaque année, nous interrogeons nos clients sur la qualité de nos pièces, nos délais et "
    "notre service. Vos réponses sont lues par la direction et la qualité, et les actions "
    "décidées vous sont présentées. Comptez cinq minutes."
)
INTRODUCTION_EN = (
    "Every year we ask our customers about the quality of our parts, our lead times and our "
    "service. Your answers are read by management and quality, and the actions decided are "
    "shared with you. It takes five minutes."
)

ITEMS = [
    ("Qualité des pièces livrées", "Quality of the parts delivered"),
    ("Respect des délais de livraison", "On-time delivery"),
    (
        "Réactivité face à vos demandes et réclamations",
        "Responsiveness to your requests and complaints",
    ),
    (
        "Documentation (certificats matière, PPAP, rapports de contrôle)",
        "Documentation (material certificates, PPAP, inspection reports)",
    ),
]
CONTACTS = (
    "Chargé d'affaires\nAdministration des ventes\nService qualité\nLogistique",
    "Account manager\nSales administration\nQuality department\nLogistics",
)

# Segment -> (share of the answers, shift of its satisfaction): carmakers are the hardest to
# please, agricultural machinery the most loyal.
SEGMENTS = {
    "Constructeurs automobiles": (0.30, -0.10),
    "Équipementiers de rang 1": (0.30, 0.0),
    "Machinisme agricole": (0.22, 0.10),
    "Distributeurs industriels": (0.18, 0.04),
}

COMMENTS = {
    "detractor": [
        "Trois livraisons en retard ce trimestre, sans prévenir : inacceptable pour nos lignes.",
        "Les réponses aux réclamations prennent trop de temps, le 8D arrive après deux semaines.",
        "Qualité en baisse sur les pièces usinées, nous avons dû trier chez nous.",
        "Les certificats matière manquent souvent à la livraison.",
        "Difficile de joindre quelqu'un à l'ADV, les appels restent sans réponse.",
        "Prix en hausse sans explication ni amélioration du service.",
    ],
    "passive": [
        "Pièces conformes dans l'ensemble, mais les délais restent tendus.",
        "Bon relationnel, la documentation PPAP pourrait être plus complète.",
        "Correct, mais la traçabilité des lots demande encore des relances.",
        "Satisfaits de la qualité, moins de la réactivité en cas d'urgence.",
        "Des progrès sur les délais, à confirmer dans la durée.",
        "Le portail de suivi des commandes serait un vrai plus.",
    ],
    "promoter": [
        "Équipe réactive et à l'écoute, les urgences sont toujours traitées.",
        "Très bonne qualité des pièces, zéro défaut sur l'année.",
        "Délais tenus et interlocuteur qualité disponible : merci.",
        "Partenaire fiable, force de proposition sur la conception.",
        "Documentation toujours complète, audits fournisseurs sans écart.",
        "Excellente sécurité des emballages, aucune pièce abîmée au transport.",
    ],
}

# Campaign: (title, days from today to the opening, length in days, answers, shift).
CAMPAIGNS = [
    ("Enquête de satisfaction annuelle — année précédente", -400, 45, 105, -0.04),
    ("Enquête de satisfaction annuelle — cette année", -30, 60, 95, -0.07),
]

ACTIONS = [
    (
        "Prévenir le client sous 24 h de tout retard de livraison prévu",
        "improvement",
        "Taux de livraisons en retard non annoncées nul sur six mois",
        -200,
    ),
    (
        "Joindre les certificats matière à chaque livraison (contrôle au quai)",
        "corrective",
        "Aucune réclamation pour certificat manquant sur le semestre",
        -150,
    ),
]


def load(company) -> None:
    today = timezone.localdate()
    coordinator = company.users["coordinator"]
    root = company.units["FMR"]
    segments = {name: _segment(name, root, coordinator) for name in SEGMENTS}
    survey = _survey(root, coordinator)
    rng = random.Random(2026)  # noqa: S311  # demo data, not a secret
    campaigns = []
    for title, start, length, count, shift in CAMPAIGNS:
        opens = today + dt.timedelta(days=start)
        campaign = Campaign(
            title=title,
            survey=survey,
            org_unit=root,
            opens_on=opens,
            closes_on=opens + dt.timedelta(days=length),
        )
        core.record_create(record=campaign, user=coordinator)
        _answers(campaign, segments, count, shift, rng, today)
        campaigns.append(campaign)
    _actions(campaigns[0], coordinator, today)
    _nps_indicator(company, coordinator)


def _nps_indicator(company, user) -> None:
    """The NPS as an indicator computed from the answers (the mean of their NPS points is
    the NPS, decision 0031), year by year over the answers received that year."""
    from amelio.indicators.models import Indicator

    record = Indicator(
        org_unit=company.units["FMR"],
        name="Net Promoter Score (enquête clients)",
        definition=(
            "% de promoteurs (9-10) moins % de détracteurs (0-6) sur les réponses de "
            "l'année à l'enquête de satisfaction clients."
        ),
        unit="NPS",
        direction=Indicator.Direction.HIGHER,
        frequency=Indicator.Frequency.YEARLY,
        owner=company.users["coordinator"],
        decimals=0,
        source=Indicator.Source.COMPUTED,
        source_register="customers.response",
        aggregation=Indicator.Aggregation.AVERAGE,
        source_field="nps_points",
        source_date_field="submitted_on",
    )
    core.record_create(record=record, user=user)


def _segment(name: str, root, user) -> CustomerSegment:
    found = CustomerSegment.objects.filter(name=name, archived_at__isnull=True).first()
    if found:
        return found
    segment = CustomerSegment(name=name, org_unit=root)
    core.record_create(record=segment, user=user)
    return segment


def _survey(root, user) -> Survey:
    survey = Survey(
        title_fr="Enquête de satisfaction clients",
        title_en="Customer satisfaction survey",
        introduction_fr=INTRODUCTION,
        introduction_en=INTRODUCTION_EN,
        org_unit=root,
    )
    core.record_create(record=survey, user=user)
    rows = [
        (
            "scale_10",
            "Quelle est la probabilité que vous recommandiez Forges et Mécanique du Rhône à un confrère ?",
            "How likely are you to recommend Forges et Mécanique du Rhône to a colleague?",
            "",
            "",
            True,
            "nps",
        ),
        (
            "scale_5",
            "Globalement, êtes-vous satisfait de nos prestations ?",
            "Overall, how satisfied are you with our services?",
            "",
            "",
            True,
            "csat",
        ),
        (
            "scale_7",
            "Travailler avec nous est facile (commandes, réclamations, échanges).",
            "Working with us is easy (orders, complaints, exchanges).",
            "",
            "",
            True,
            "ces",
        ),
        *[("scale_5", fr, en, "", "", False, "") for fr, en in ITEMS],
        (
            "single",
            "Quel est votre principal interlocuteur chez nous ?",
            "Who is your main contact with us?",
            *CONTACTS,
            False,
            "",
        ),
        (
            "text",
            "Que devrions-nous améliorer en priorité ?",
            "What should we improve first?",
            "",
            "",
            False,
            "",
        ),
    ]
    for order, (kind, fr, en, cfr, cen, required, metric) in enumerate(rows, start=1):
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


def _nps_score(rng: random.Random, mood: float) -> int:
    """A 0–10 answer: about 47 % promoters and 18 % detractors at mood 0."""
    draw = rng.random() - mood
    if draw < 0.47:
        return rng.choice([9, 9, 10, 10, 10]) if draw < 0.2 else rng.choice([9, 9, 10])
    if draw < 0.82:
        return rng.choice([7, 8, 8])
    return rng.choice([6, 6, 5, 5, 4, 3, 2])


def _scale(rng: random.Random, nps: int, top: int) -> int:
    """A 1–`top` answer that goes with the NPS answer, with some noise."""
    base = {10: 0.95, 9: 0.9, 8: 0.82, 7: 0.75}.get(nps, 0.5)
    value = base + rng.gauss(0, 0.15)
    return max(1, min(top, round(1 + value * (top - 1))))


def _values(survey_questions: list, rng: random.Random, mood: float) -> tuple[dict, str]:
    nps = _nps_score(rng, mood)
    category = "promoter" if nps >= 9 else "passive" if nps >= 7 else "detractor"
    values: dict = {}
    for question in survey_questions:
        if question.metric == "nps":
            values[question.pk] = nps
        elif question.kind == "scale_7":
            values[question.pk] = _scale(rng, nps, 7)
        elif question.kind == "scale_5" and (question.required or rng.random() < 0.9):
            values[question.pk] = _scale(rng, nps, 5)
        elif question.kind == "single":
            values[question.pk] = rng.choices(range(4), weights=[5, 3, 2, 1])[0]
        elif question.kind == "text" and rng.random() < 0.4:
            values[question.pk] = rng.choice(COMMENTS[category])
    return values, category


def _answers(campaign: Campaign, segments: dict, count: int, shift: float, rng, today) -> None:
    questions = list(campaign.survey.questions.all())
    last = min(campaign.closes_on, today)
    days = (last - campaign.opens_on).days
    names = list(SEGMENTS)
    weights = [SEGMENTS[n][0] for n in names]
    customers = {
        name: list(
            Customer.objects.filter(segment=segments[name], archived_at__isnull=True).exclude(
                contact_email=""
            )
        )
        for name in names
    }
    for _index in range(count):
        name = rng.choices(names, weights=weights)[0]
        values, _category = _values(questions, rng, shift + SEGMENTS[name][1])
        day = campaign.opens_on + dt.timedelta(
            days=min(days, int(rng.expovariate(4 / max(days, 1))))
        )
        moment = dt.datetime.combine(day, dt.time(rng.randint(8, 18), rng.randint(0, 59)), PARIS)
        invitation = _invitation(campaign, customers[name], moment)
        response = services.response_submit(
            campaign=campaign,
            values=values,
            language="fr" if rng.random() < 0.9 else "en",
            invitation=invitation,
            now=moment,
        )
        if invitation is None and response.segment_id != segments[name].pk:
            type(response).objects.filter(pk=response.pk).update(segment=segments[name])


def _invitation(campaign: Campaign, customers: list, moment: dt.datetime) -> Invitation | None:
    """The invitation of a customer of the segment not invited yet, if any is left."""
    invited = set(campaign.invitations.values_list("customer_id", flat=True))
    left = [c for c in customers if c.pk not in invited]
    if not left:
        return None
    customer = left[0]
    return Invitation.objects.create(
        campaign=campaign,
        customer=customer,
        email=customer.contact_email,
        token_hash=token_hash(new_token()),
        sent_at=dt.datetime.combine(campaign.opens_on, dt.time(9, 0), PARIS),
    )


def _actions(campaign: Campaign, user, today: dt.date) -> None:
    for title, kind, criterion, due in ACTIONS:
        action = Action(
            title=title,
            org_unit=campaign.org_unit,
            action_type=kind,
            owner=user,
            due_date=today + dt.timedelta(days=due + 240),
            effectiveness_criterion=criterion,
        )
        core.record_create(record=action, user=user)
        ActionLink.objects.create(action=action, target=campaign, role=kind)
