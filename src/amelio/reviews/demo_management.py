"""Demo management reviews of Forges et Mécanique du Rhône: last year's review of the whole
company (ISO 9001, 14001, 45001 and 50001), held in January with its comments and decisions
turned into actions (some done), its pack frozen once the demo's records are dated and the
indicators computed (`finish`); this year's review in preparation with a few comments."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from amelio.core import services
from amelio.core.models import TransitionLog
from amelio.reviews import services_management as review_services
from amelio.reviews.models import ManagementReview

LAST_TITLE = "Revue de direction QSE-énergie {year}"
THIS_TITLE = "Revue de direction QSE-énergie {year} (préparation)"

LAST_COMMENTS = {
    "actions": "Les 9 actions décidées lors de la revue précédente sont soldées, dont 7 dans "
    "les délais ; l'automatisation du contrôle dimensionnel a glissé de deux mois.",
    "context": "Nouvelle exigence client automobile (IATF en cascade) et hausse du prix de "
    "l'électricité : deux enjeux ajoutés, la DREAL ajoutée aux parties intéressées.",
    "customers": "Réclamations en baisse mais deux litiges de planéité chez Gerflor ; "
    "première campagne de satisfaction lancée au T4.",
    "objectives": "Objectifs qualité atteints sauf le taux de rebut soudure ; objectif TF1 < 10 "
    "non tenu sur Vénissieux.",
    "nonconformities": "Pareto dominé par les défauts de soudure et les écarts fournisseurs "
    "sur la tôle ; coût de la non-qualité à suivre mensuellement en CODIR.",
    "audits": "Programme d'audits internes réalisé ; 3 NC mineures à l'audit de suivi "
    "ISO 9001, toutes soldées dans les délais.",
    "suppliers": "Le fournisseur de tôle reste sous surveillance renforcée ; un sous-traitant "
    "de traitement thermique bloqué.",
    "safety": "Deux accidents avec arrêt à la soudure (manutention) ; remontées de presque "
    "accidents en hausse grâce au QR code, à encourager.",
    "environment": "Tonnage de déchets stable, taux de valorisation en progrès ; exercice "
    "d'évacuation de Roanne à replanifier.",
    "energy": "Consommation de gaz du four de cuisson en baisse après réglage des brûleurs ; "
    "l'IPÉ électricité de l'usinage reste au-dessus de la référence.",
    "resources": "Plan de formation réalisé à 85 % ; besoin d'un technicien méthodes "
    "supplémentaire à Roanne.",
    "improvement": "Idées terrain nombreuses sur la manutention ; projet de table élévatrice "
    "en soudure retenu.",
}

# kind, text, owner, due (months after the review), steps done on the action
LAST_DECISIONS = [
    (
        "improvement",
        "Installer deux tables élévatrices au poste de soudure pour supprimer le port de charges",
        "manager",
        4,
        ["start", "complete"],
    ),
    (
        "improvement",
        "Suivre le coût de la non-qualité chaque mois en CODIR avec le Pareto des défauts",
        "coordinator",
        2,
        ["start", "complete"],
    ),
    (
        "change",
        "Intégrer la surveillance des IPÉ au tableau de bord énergie et à la revue des processus",
        "coordinator",
        6,
        ["start"],
    ),
    (
        "resource",
        "Recruter un technicien méthodes pour le site de Roanne",
        "manager",
        9,
        [],
    ),
    (
        "change",
        "Replanifier et réaliser l'exercice d'évacuation du site de Roanne",
        "coordinator",
        3,
        [],
    ),
]

THIS_COMMENTS = {
    "context": "Revoir les enjeux climatiques (amendement 2024) avant la revue.",
    "audits": "Audit de renouvellement ISO 9001/14001 prévu en mars : préparer les preuves.",
    "energy": "Présenter le bilan du plan de sobriété et la nouvelle référence énergétique.",
}


def _months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, min(day.day, 28))


def _held_day(today: dt.date) -> dt.date:
    """Late January, when the year's review is held (or a few days ago early in January)."""
    planned = dt.date(today.year, 1, 22)
    return planned if planned < today else today - dt.timedelta(days=3)


def _review(company, year: int, title: str, planned: dt.date) -> ManagementReview:
    users = company.users
    review = ManagementReview(
        title=title.format(year=year),
        org_unit=company.units["FMR"],
        iso_9001=True,
        iso_14001=True,
        iso_45001=True,
        iso_50001=True,
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
        planned_on=planned,
        owner=users["fmasson"],
        external_attendees="Représentant du CSE (CSSCT)\nConsultant énergie (bureau d'études)",
    )

    def attendees() -> None:
        review.attendees.set(
            [users[name] for name in ("coordinator", "manager", "auditor", "rblanc", "hperrin")]
        )

    return review_services.review_create(
        review=review, user=users["coordinator"], m2m_save=attendees
    )


def _comment(review: ManagementReview, user, comments: dict[str, str]) -> None:
    for item in review.inputs.all():
        if item.key in comments:
            review_services.input_comment(item=item, user=user, comment=comments[item.key])


def _decide(review: ManagementReview, company, held: dt.date) -> None:
    users = company.users
    for kind, text, owner, months, steps in LAST_DECISIONS:
        decision = review_services.decision_add(
            review=review,
            user=users["coordinator"],
            kind=kind,
            text=text,
            owner=users[owner],
            due_date=_months(held, months),
        )
        action = review_services.decision_action(decision=decision, user=users["coordinator"])
        for step in steps:
            # The QSE coordinator records the progress of these company-wide actions.
            services.record_transition(record=action, user=users["coordinator"], name=step)


def load(company) -> None:
    """Last year's review with its comments and decisions (held in `finish`), and this
    year's in preparation."""
    today = timezone.localdate()
    held = _held_day(today)
    last = _review(company, today.year - 1, LAST_TITLE, held)
    _comment(last, company.users["coordinator"], LAST_COMMENTS)
    _decide(last, company, held)
    current = _review(company, today.year, THIS_TITLE, dt.date(today.year + 1, 1, 21))
    _comment(current, company.users["coordinator"], THIS_COMMENTS)


def finish(company) -> None:
    """Hold last year's review once every module's records are dated and the indicators
    computed: its pack is frozen with the figures of that year."""
    today = timezone.localdate()
    last = ManagementReview.objects.get(
        org_unit=company.units["FMR"], period_start=dt.date(today.year - 1, 1, 1)
    )
    user = company.users["coordinator"]
    services.record_transition(record=last, user=user, name="hold")
    held = last.planned_on
    ManagementReview.objects.filter(pk=last.pk).update(
        held_on=held,
        minutes="Revue tenue en présence du directeur de site, des responsables de production "
        "et de la responsable QSE. Politique QSE-énergie reconduite sans changement ; "
        "les objectifs de l'année sont validés (voir décisions).",
    )
    moment = timezone.make_aware(dt.datetime.combine(held, dt.time(16)))
    TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(ManagementReview), object_id=last.pk
    ).update(created_at=moment)
